import { XapiError } from '../xapi-error';

/** One part of a multipart/mixed body: its headers (lower-case names) and bytes. */
export interface MimePart {
  headers: Record<string, string>;
  body: Buffer;
}

/** The boundary parameter of a multipart content type, or null. */
export function boundaryOf(contentType: string | undefined): string | null {
  const match = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
  return match ? (match[1] ?? match[2]) : null;
}

/**
 * Splits a multipart/mixed body (RFC 2046 §5.1) into its parts. Written here: the packages at hand
 * (@fastify/multipart, busboy) read multipart/form-data only and refuse a part without a Content-Disposition name,
 * which xAPI's statement-plus-attachments bodies never carry. Accepts CRLF or bare LF line ends.
 */
export function parseMultipartMixed(body: Buffer, boundary: string): MimePart[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: MimePart[] = [];
  let position = body.indexOf(delimiter);
  if (position < 0) throw new XapiError(400, 'multipart/mixed の区切り（boundary）が本文にありません。');
  for (;;) {
    let start = position + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break;
    // The rest of the delimiter line (transport padding) and its line end.
    const lineEnd = body.indexOf('\n', start);
    if (lineEnd < 0) throw new XapiError(400, 'multipart/mixed の本文が途中で終わっています。');
    start = lineEnd + 1;
    const next = body.indexOf(delimiter, start);
    if (next < 0) throw new XapiError(400, 'multipart/mixed の終端の区切りがありません。');
    let end = next;
    if (body[end - 1] === 0x0a) end--;
    if (body[end - 1] === 0x0d) end--;
    parts.push(parsePart(body.subarray(start, Math.max(start, end))));
    position = next;
  }
  return parts;
}

function parsePart(part: Buffer): MimePart {
  let split = part.indexOf('\r\n\r\n');
  let skip = 4;
  if (split < 0) {
    split = part.indexOf('\n\n');
    skip = 2;
  }
  const headerText = split < 0 ? part.toString('utf8') : part.subarray(0, split).toString('utf8');
  const headers: Record<string, string> = {};
  for (const line of headerText.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, body: split < 0 ? Buffer.alloc(0) : part.subarray(split + skip) };
}

/** Builds a multipart/mixed answer: the JSON first, then each attachment with its hash header. */
export function buildMultipartMixed(
  json: unknown,
  attachments: { contentType: string; sha2: string; content: Buffer }[],
): { boundary: string; body: Buffer } {
  const boundary = 'xapi-' + Math.random().toString(36).slice(2) + Date.now().toString(36);
  const chunks: Buffer[] = [
    Buffer.from(`--${boundary}\r\nContent-Type: application/json\r\n\r\n${JSON.stringify(json)}\r\n`),
  ];
  for (const a of attachments) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Type: ${a.contentType}\r\nContent-Transfer-Encoding: binary\r\nX-Experience-API-Hash: ${a.sha2}\r\n\r\n`,
      ),
      a.content,
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { boundary, body: Buffer.concat(chunks) };
}
