import { fileTypeFromBuffer } from 'file-type';
import { Problem } from '../common/problem';

/** Extensions whose files carry no magic number: accepted as text when their bytes are text and not markup. */
const TEXT_EXTENSIONS = new Set(['txt', 'csv', 'md', 'log']);
/** Spellings of one type: what file-type reports for each extension a content administrator may list. */
const SAME_TYPE: Record<string, string> = { jpeg: 'jpg', tiff: 'tif', htm: 'html' };
/** A browser may render these inline or run script in them: a text file that looks like one is refused. */
const MARKUP = /<\s*(!doctype|html|script|svg|iframe|object|embed|\?xml)/i;

/**
 * What may be sent back with its own Content-Type: documents, images and plain text that a browser shows without
 * running anything. Anything else (HTML, SVG, XML, scripts, or a type recorded before uploads were checked) goes
 * out as application/octet-stream, always as an attachment.
 */
const SAFE_DOWNLOAD_TYPES = new Set([
  'application/pdf',
  'application/zip',
  'application/msword',
  'application/vnd.ms-excel',
  'application/vnd.ms-powerpoint',
  'application/x-cfb',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/tiff',
  'text/plain',
  'text/csv',
]);

export function safeDownloadType(stored: string | null | undefined): string {
  const type = (stored ?? '').split(';')[0].trim().toLowerCase();
  return SAFE_DOWNLOAD_TYPES.has(type) ? type : 'application/octet-stream';
}

/**
 * The real type of an uploaded file, judged by its bytes (magic numbers, via the well-kept file-type library) and
 * never by the name or the Content-Type the browser sent: a `.pdf` that holds HTML is refused, so is a `.txt`
 * holding markup. Returns the MIME type to store; a file that is not what its name says is a 422 on `file`.
 */
export async function detectUploadType(fileName: string, bytes: Uint8Array): Promise<string> {
  const declared = fileName.split('.').pop()?.toLowerCase() ?? '';
  const extension = SAME_TYPE[declared] ?? declared;
  const detected = await fileTypeFromBuffer(bytes);
  if (TEXT_EXTENSIONS.has(extension)) {
    const head = Buffer.from(bytes.subarray(0, 64 * 1024)).toString('latin1');
    if (detected || head.includes('\u0000') || MARKUP.test(head)) {
      throw Problem.validation([
        { field: 'file', message: `ファイルの内容がテキスト（.${declared}）ではありません。` },
      ]);
    }
    return extension === 'csv' ? 'text/csv' : 'text/plain';
  }
  const detectedExtension = detected ? (SAME_TYPE[detected.ext] ?? detected.ext) : null;
  // Word 97–2003, Excel and PowerPoint files are all OLE compound files; file-type names them "cfb".
  const matches =
    detectedExtension === extension ||
    (detectedExtension === 'cfb' && ['doc', 'xls', 'ppt'].includes(extension));
  if (!detected || !matches) {
    throw Problem.validation([
      {
        field: 'file',
        message: `ファイルの内容が拡張子（.${declared}）と一致しません。正しい形式のファイルを添付してください。`,
      },
    ]);
  }
  return detected.mime;
}
