import { createWriteStream } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import * as yauzl from 'yauzl';
import { decodeCp932 } from '@dx/codecs';
import { ByteCounter } from './byte-counter';

/** Limits of an uploaded package (issue 13). */
export const PACKAGE_LIMITS = {
  maxEntries: 20_000,
  /** Expanded bytes per byte of the archive. */
  maxRatio: 100,
  /** Expanded bytes at most, whatever the ratio. */
  maxExpandedBytes: 4 * 1024 * 1024 * 1024,
  maxManifestBytes: 5 * 1024 * 1024,
} as const;

/** A package the server refuses, with the Japanese reason and the entries concerned. */
export class ArchiveError extends Error {
  constructor(
    readonly slug: string,
    message: string,
    readonly entries: string[] = [],
  ) {
    super(message);
  }
}

export interface ArchiveEntry {
  /** Decoded, `/`-separated, relative. */
  name: string;
  directory: boolean;
  size: number;
}

export interface ArchiveIndex {
  entries: ArchiveEntry[];
  files: Set<string>;
  expandedBytes: number;
  /** The text of a file at the package root (imsmanifest.xml), or null when absent. */
  rootFile(name: string): Promise<string | null>;
  close(): void;
}

const open = (path: string): Promise<yauzl.ZipFile> =>
  new Promise((ok, fail) =>
    yauzl.open(
      path,
      { lazyEntries: true, decodeStrings: false, validateEntrySizes: true, autoClose: false },
      (error, zip) => (error ? fail(error) : ok(zip)),
    ),
  );

/** The entry's name as text: UTF-8 when flagged (or in the Info-ZIP Unicode Path field), else Shift_JIS (CP932). */
export function entryName(entry: yauzl.Entry): string {
  const raw = entry.fileName as unknown as Buffer;
  const unicodePath = entry.extraFields.find((field) => field.id === 0x7075);
  if (unicodePath && unicodePath.data.length > 5 && unicodePath.data[0] === 1) {
    return unicodePath.data.subarray(5).toString('utf8');
  }
  if (entry.generalPurposeBitFlag & 0x800) return raw.toString('utf8');
  // Plain ASCII is the same in both; anything else without the UTF-8 flag is what Japanese Windows tools write.
  return decodeCp932(raw);
}

/** Why a name may not be extracted, or null when it is a safe relative path. */
export function unsafeNameReason(name: string): string | null {
  if (name.includes('\0')) return 'NUL文字を含む名前';
  if (name.startsWith('/') || name.startsWith('\\')) return '絶対パス';
  if (/^[A-Za-z]:/.test(name)) return 'ドライブ名付きのパス';
  const segments = name.split(/[\\/]/);
  if (segments.some((s) => s === '..')) return 'パッケージの外を指すパス（../）';
  return null;
}

const isSymlink = (entry: yauzl.Entry): boolean =>
  ((entry.externalFileAttributes >>> 16) & 0o170000) === 0o120000;

/**
 * Reads the central directory of a zip on disk and refuses what may not be extracted: too many entries, a bomb,
 * encrypted entries, names that leave the package, symlinks. Nothing is expanded yet.
 */
export async function indexArchive(path: string): Promise<ArchiveIndex> {
  const archiveBytes = (await stat(path)).size;
  let zip: yauzl.ZipFile;
  try {
    zip = await open(path);
  } catch {
    throw new ArchiveError(
      'invalid-zip',
      'ZIPファイルとして読み取れません。SCORM教材のZIPファイルを選んでください。',
    );
  }
  try {
    if (zip.entryCount > PACKAGE_LIMITS.maxEntries) {
      throw new ArchiveError(
        'too-many-entries',
        `ファイル数が多すぎます（${zip.entryCount.toLocaleString('ja-JP')}個。${PACKAGE_LIMITS.maxEntries.toLocaleString('ja-JP')}個まで）。`,
      );
    }
    const entries: ArchiveEntry[] = [];
    const raw = new Map<string, yauzl.Entry>();
    const unsafe: string[] = [];
    const encrypted: string[] = [];
    let expandedBytes = 0;
    await new Promise<void>((ok, fail) => {
      zip.on('error', fail);
      zip.on('end', ok);
      zip.on('entry', (entry: yauzl.Entry) => {
        const name = entryName(entry).replace(/\\/g, '/');
        const reason = unsafeNameReason(name) ?? (isSymlink(entry) ? 'シンボリックリンク' : null);
        if (reason) unsafe.push(`${name}（${reason}）`);
        if (entry.generalPurposeBitFlag & 0x1) encrypted.push(name);
        const directory = name.endsWith('/');
        expandedBytes += entry.uncompressedSize;
        entries.push({ name: name.replace(/^\.\//, ''), directory, size: entry.uncompressedSize });
        if (!directory) raw.set(name.replace(/^\.\//, ''), entry);
        zip.readEntry();
      });
      zip.readEntry();
    }).catch((error: unknown) => {
      throw new ArchiveError(
        'invalid-zip',
        `ZIPファイルが壊れています（${error instanceof Error ? error.message : String(error)}）。`,
      );
    });
    if (unsafe.length > 0) {
      throw new ArchiveError(
        'unsafe-path',
        `パッケージの外を指すファイル名などがあるため受け付けられません: ${unsafe.slice(0, 5).join('、')}`,
        unsafe,
      );
    }
    if (encrypted.length > 0) {
      throw new ArchiveError(
        'encrypted-entries',
        `暗号化（パスワード付き）されたファイルがあります: ${encrypted.slice(0, 5).join('、')}。パスワードなしのZIPにしてください。`,
        encrypted,
      );
    }
    if (
      expandedBytes > PACKAGE_LIMITS.maxExpandedBytes ||
      expandedBytes > Math.max(archiveBytes, 1) * PACKAGE_LIMITS.maxRatio
    ) {
      throw new ArchiveError(
        'zip-bomb',
        `展開後のサイズが大きすぎます（ZIPの${Math.round(expandedBytes / Math.max(archiveBytes, 1))}倍。${PACKAGE_LIMITS.maxRatio}倍まで）。`,
      );
    }
    const files = new Set(raw.keys());
    return {
      entries,
      files,
      expandedBytes,
      rootFile: async (name) => {
        const entry = raw.get(name);
        if (!entry) return null;
        if (entry.uncompressedSize > PACKAGE_LIMITS.maxManifestBytes) {
          throw new ArchiveError('invalid-manifest', `${name} が大きすぎます（5MBまで）。`);
        }
        const stream = await openEntry(zip, entry);
        const chunks: Buffer[] = [];
        for await (const chunk of stream) chunks.push(chunk as Buffer);
        return Buffer.concat(chunks)
          .toString('utf8')
          .replace(/^\uFEFF/, '');
      },
      close: () => zip.close(),
    };
  } catch (error) {
    zip.close();
    throw error;
  }
}

const openEntry = (zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<NodeJS.ReadableStream> =>
  new Promise((ok, fail) => zip.openReadStream(entry, (error, stream) => (error ? fail(error) : ok(stream))));

/**
 * Expands every file of a checked archive under `target`, streaming entry by entry. The expanded bytes are counted
 * as they come (yauzl also checks each entry's declared size), so a lying central directory cannot exceed the limit.
 */
export async function extractArchive(path: string, target: string, limitBytes: number): Promise<number> {
  const root = resolve(target);
  const zip = await open(path);
  let written = 0;
  let count = 0;
  try {
    await new Promise<void>((ok, fail) => {
      zip.on('error', fail);
      zip.on('end', ok);
      zip.on('entry', (entry: yauzl.Entry) => {
        const name = entryName(entry).replace(/\\/g, '/').replace(/^\.\//, '');
        const destination = resolve(root, name);
        if (unsafeNameReason(name) || (destination !== root && !destination.startsWith(root + sep))) {
          fail(new ArchiveError('unsafe-path', `パッケージの外を指すファイル名です: ${name}`, [name]));
          return;
        }
        if (name.endsWith('/')) {
          mkdir(destination, { recursive: true }).then(() => zip.readEntry(), fail);
          return;
        }
        const counter = new ByteCounter((bytes) => {
          written += bytes;
          return written > limitBytes ? new ArchiveError('zip-bomb', '展開後のサイズが大きすぎます。') : null;
        });
        count++;
        mkdir(dirname(destination), { recursive: true })
          .then(() => openEntry(zip, entry))
          .then((stream) => pipeline(stream, counter, createWriteStream(destination, { flags: 'wx' })))
          .then(() => zip.readEntry(), fail);
      });
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
  return count;
}

/** The file's path under a package folder, or null when the name would leave it. */
export function packageFilePath(folder: string, name: string): string | null {
  if (unsafeNameReason(name)) return null;
  const root = resolve(folder);
  const path = resolve(join(root, name));
  return path.startsWith(root + sep) ? path : null;
}
