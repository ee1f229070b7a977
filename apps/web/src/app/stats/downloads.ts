// Saving a downloaded file in the browser, and reading what the server says about it.
import { HttpErrorResponse } from '@angular/common/http';
import { Injectable } from '@angular/core';
import { type Problem, toProblem } from '../shared/problem';

/**
 * The file name of a download from Content-Disposition: `filename*=UTF-8''…` (RFC 6266 / 5987, percent-encoded,
 * so Japanese names survive) first, then `filename="…"`, else the fallback.
 */
export function fileNameFromDisposition(header: string | null | undefined, fallback: string): string {
  if (!header) return fallback;
  const extended = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(header);
  if (extended) {
    const decoded = safeDecode(extended[2].trim().replace(/^"|"$/g, ''));
    if (decoded) return sanitizeFileName(decoded) || fallback;
  }
  const plain = /filename\s*=\s*(?:"([^"]*)"|([^;]+))/i.exec(header);
  const name = plain ? (plain[1] ?? plain[2] ?? '').trim() : '';
  return sanitizeFileName(name) || fallback;
}

/** The characters the server replaced with 〓 in a Shift_JIS file (sent percent-encoded); null when none. */
export function substitutedCharacters(header: string | null | undefined): string | null {
  if (!header) return null;
  const decoded = safeDecode(header) ?? header;
  return decoded.length > 0 ? decoded : null;
}

/** Bytes as megabytes with one decimal: 「12.3 MB」. */
export function formatMegabytes(bytes: number): string {
  return `${(Math.max(0, bytes) / (1024 * 1024)).toFixed(1)} MB`;
}

/** A failed download's problem: the body of a blob response is read as text first, so its detail shows. */
export async function downloadProblem(error: unknown): Promise<Problem> {
  if (error instanceof HttpErrorResponse && error.error instanceof Blob) {
    const text = await readBlobText(error.error).catch(() => '');
    return toProblem(
      new HttpErrorResponse({
        error: text,
        status: error.status,
        statusText: error.statusText,
        headers: error.headers,
        url: error.url ?? undefined,
      }),
    );
  }
  return toProblem(error);
}

/** A blob's text (FileReader where Blob.text() is missing, as in older engines and jsdom). */
function readBlobText(blob: Blob): Promise<string> {
  if (typeof blob.text === 'function') return blob.text();
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(typeof reader.result === 'string' ? reader.result : '');
    reader.onerror = () => reject(reader.error);
    reader.readAsText(blob);
  });
}

function safeDecode(value: string): string | null {
  try {
    return decodeURIComponent(value);
  } catch {
    return null;
  }
}

/** No path separators or control characters in a name the browser saves under. */
function sanitizeFileName(name: string): string {
  // eslint-disable-next-line no-control-regex
  return name.replace(/[\\/\u0000-\u001f]/g, '_').trim();
}

/** Hands a downloaded file to the browser (through an object URL), under the given name. */
@Injectable({ providedIn: 'root' })
export class BlobSaver {
  save(blob: Blob, fileName: string): void {
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = fileName;
    link.style.display = 'none';
    document.body.appendChild(link);
    link.click();
    link.remove();
    // Revoke later: some browsers start reading the URL only after click() returns.
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }
}
