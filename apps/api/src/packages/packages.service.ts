import { Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PackageView } from '@dx/contract';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth-user';
import { Problem } from '../common/problem';
import { AppConfig } from '../config/app-config';
import { ByteCounter } from './byte-counter';
import { isPackageFile, readCmi5Course } from './cmi5-course';
import { launchFileOf, ManifestError, type ManifestSummary, readScormManifest } from './manifest';
import {
  ArchiveError,
  type ArchiveIndex,
  extractArchive,
  indexArchive,
  PACKAGE_LIMITS,
} from './package-archive';
import { type PackageRow, PackagesRepository } from './packages.repository';

/** Largest package upload (issue 13). */
export const MAX_PACKAGE_BYTES = 500 * 1024 * 1024;

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
    private readonly repository: PackagesRepository,
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
      const received = new ByteCounter();
      await pipeline(stream, received, createWriteStream(zipPath));
      if (stream.truncated || received.bytes > MAX_PACKAGE_BYTES) {
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
      const row = await this.repository.insertPackage({
        tenantId: user.tenantId,
        title: manifest.title,
        standard: manifest.standard,
        version: manifest.version,
        scos: manifest.scos,
        fileName: fileName.slice(0, 255),
        fileCount,
        totalBytes: index.expandedBytes,
        storageKey: key,
        uploadedBy: user.userId,
        courseIri: manifest.courseId ?? null,
      });
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
    const row = await this.repository.findPackage(tenantId, id);
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
