import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DataSource } from 'typeorm';
import type { PackageView } from '@dx/contract';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth-user';
import { Problem } from '../common/problem';
import { AppConfig } from '../config/app-config';
import { isPackageFile, readCmi5Course } from './cmi5-course';
import { launchFileOf, ManifestError, type ManifestSummary, readScormManifest } from './manifest';
import {
  ArchiveError,
  type ArchiveIndex,
  extractArchive,
  indexArchive,
  PACKAGE_LIMITS,
} from './package-archive';

/** Largest package upload (issue 13). */
export const MAX_PACKAGE_BYTES = 500 * 1024 * 1024;

export interface PackageRow {
  id: number;
  title: string;
  standard: PackageView['standard'];
  version: string;
  scos: PackageView['scos'];
  file_name: string;
  file_count: number;
  total_bytes: string;
  storage_key: string;
  uploaded_at: Date;
  course_iri: string | null;
}

/** The columns of content_package a PackageRow holds. */
export const PACKAGE_COLUMNS = `id, title, standard, version, scos, file_name, file_count, total_bytes, storage_key,
  uploaded_at, course_iri`;

export const toPackageView = (row: PackageRow): PackageView => ({
  id: row.id,
  title: row.title,
  standard: row.standard,
  version: row.version,
  courseId: row.course_iri,
  scos: row.scos,
  fileCount: row.file_count,
  totalBytes: Number(row.total_bytes),
  fileName: row.file_name,
  uploadedAt: new Date(row.uploaded_at).toISOString(),
});

const refused = (error: ArchiveError | ManifestError): Problem =>
  new Problem(
    422,
    error instanceof ArchiveError ? error.slug : 'invalid-manifest',
    '教材パッケージを受け付けられません',
    error.message,
    error instanceof ArchiveError && error.entries.length > 0
      ? error.entries.slice(0, 100).map((entry) => ({ field: 'file', message: entry }))
      : undefined,
  );

/**
 * Uploaded e-learning packages: the zip is streamed to disk (never held in memory), its central directory and
 * manifest checked, then expanded once into `DATA_DIR/packages/<key>/`, which the content origin serves.
 */
@Injectable()
export class PackagesService {
  private readonly logger = new Logger('Packages');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  /** Where package folders live (absolute). */
  get root(): string {
    return resolve(this.config.DATA_DIR, 'packages');
  }

  async upload(
    user: AuthUser,
    fileName: string,
    stream: Readable & { truncated?: boolean },
  ): Promise<PackageView> {
    if (!/\.zip$/i.test(fileName)) {
      stream.resume();
      throw Problem.validation([{ field: 'file', message: 'ZIPファイル（.zip）を選んでください。' }]);
    }
    const incoming = join(this.root, '.incoming');
    await mkdir(incoming, { recursive: true });
    const key = randomBytes(16).toString('hex');
    const zipPath = join(incoming, `${key}.zip`);
    const staging = join(incoming, key);
    try {
      let received = 0;
      await pipeline(
        stream,
        new Transform({
          transform(chunk: Buffer, _encoding, done) {
            received += chunk.length;
            done(null, chunk);
          },
        }),
        createWriteStream(zipPath),
      );
      if (stream.truncated || received > MAX_PACKAGE_BYTES) {
        throw new Problem(
          413,
          'file-too-large',
          'ファイルが大きすぎます',
          '教材パッケージは500MB以下にしてください。',
        );
      }
      const index = await indexArchive(zipPath);
      let manifest: ManifestSummary & { courseId?: string };
      try {
        manifest = await readManifest(index);
      } finally {
        index.close();
      }
      const missing = manifest.scos.filter(
        (sco) => isPackageFile(sco.launch) && !index.files.has(launchFileOf(sco.launch)),
      );
      if (missing.length > 0) {
        throw new ArchiveError(
          'launch-file-missing',
          `起動ファイルがZIPにありません: ${missing.map((sco) => `${launchFileOf(sco.launch)}（${sco.title}）`).join('、')}`,
          missing.map((sco) => launchFileOf(sco.launch)),
        );
      }
      const fileCount = await extractArchive(
        zipPath,
        staging,
        Math.min(index.expandedBytes, PACKAGE_LIMITS.maxExpandedBytes),
      );
      await rename(staging, join(this.root, key));
      const [row]: PackageRow[] = await this.dataSource.query(
        `INSERT INTO content_package (tenant_id, title, standard, version, scos, file_name, file_count, total_bytes,
                                      storage_key, uploaded_by, course_iri)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         RETURNING ${PACKAGE_COLUMNS}`,
        [
          user.tenantId,
          manifest.title,
          manifest.standard,
          manifest.version,
          JSON.stringify(manifest.scos),
          fileName.slice(0, 255),
          fileCount,
          index.expandedBytes,
          key,
          user.userId,
          manifest.courseId ?? null,
        ],
      );
      await this.audit.record({
        tenantId: user.tenantId,
        actor: user,
        action: 'package.uploaded',
        target: `package/${row.id}`,
        detail: { fileName, title: manifest.title, standard: manifest.standard, scos: manifest.scos.length },
      });
      return toPackageView(row);
    } catch (error) {
      await rm(staging, { recursive: true, force: true });
      if (error instanceof ArchiveError || error instanceof ManifestError) throw refused(error);
      if (error instanceof Problem) throw error;
      if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
        throw new Problem(
          413,
          'file-too-large',
          'ファイルが大きすぎます',
          '教材パッケージは500MB以下にしてください。',
        );
      }
      this.logger.error(`package upload failed: ${error instanceof Error ? error.stack : String(error)}`);
      throw new Problem(
        422,
        'invalid-zip',
        '教材パッケージを受け付けられません',
        'ZIPファイルを読み取れませんでした。ファイルが壊れていないか確かめてください。',
      );
    } finally {
      await rm(zipPath, { force: true });
    }
  }

  async find(tenantId: number, id: number): Promise<PackageView> {
    const [row]: PackageRow[] = await this.dataSource.query(
      `SELECT ${PACKAGE_COLUMNS} FROM content_package WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id],
    );
    if (!row) throw Problem.notFound('指定された教材パッケージはありません。');
    return toPackageView(row);
  }
}

/**
 * The package's manifest: `imsmanifest.xml` (SCORM) or `cmi5.xml` (cmi5) at the zip's root; a refusal in Japanese
 * when neither is there (or only in a sub-folder).
 */
async function readManifest(index: ArchiveIndex): Promise<ManifestSummary & { courseId?: string }> {
  const scorm = await index.rootFile('imsmanifest.xml');
  if (scorm !== null) return readScormManifest(scorm);
  const cmi5 = await index.rootFile('cmi5.xml');
  if (cmi5 !== null) return readCmi5Course(cmi5);
  const nested = [...index.files].find((name) => /\/(imsmanifest|cmi5)\.xml$/i.test(name));
  throw new ManifestError(
    nested
      ? `${nested.split('/').pop()} がZIPの最上位にありません（${nested}）。フォルダーの中身を直接ZIPにしてください。`
      : 'imsmanifest.xml がありません（cmi5 の cmi5.xml もありません）。SCORM または cmi5 形式で書き出したZIPファイルを選んでください。',
  );
}
