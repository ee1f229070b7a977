import { crc32, inflateSync } from 'node:zlib';

/** At most this many bytes as uploaded. */
export const MAX_LOGO_BYTES = 200 * 1024;
/**
 * At most this many pixels each way: the 修了証 prints a logo about 4 cm wide (some 500 px at 300 dpi), and PDFKit
 * decodes a PNG with transparency for every certificate (a 1000 × 1000 one adds about 0.1–0.2 s per PDF).
 */
export const MAX_LOGO_SIDE = 1000;

export type LogoType = 'image/png' | 'image/jpeg';

export type LogoInspection =
  { ok: true; type: LogoType; width: number; height: number } | { ok: false; message: string };

const NOT_AN_IMAGE = 'ロゴ画像は PNG または JPEG にしてください。';
const BROKEN = (kind: string) =>
  `ロゴ画像（${kind}）が壊れているため使えません。画像を保存し直してからもう一度送ってください。`;
const TOO_LARGE = `ロゴ画像は縦横とも${MAX_LOGO_SIDE}ピクセル以下にしてください。`;

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * What a logo is, by its bytes alone (never its name or the browser's type): a PNG or a JPEG that is whole, of a
 * kind PDFKit prints, at most MAX_LOGO_SIDE pixels each way; anything else is refused with the reason in Japanese.
 * SVG is never accepted: it can carry script. The login page serves the bytes as they are and the 修了証 embeds them,
 * so this is checked on upload and again before printing (a logo stored before these checks may not pass them).
 */
export function inspectLogo(bytes: Buffer): LogoInspection {
  if (bytes.length > MAX_LOGO_BYTES) return { ok: false, message: 'ロゴ画像は200KB以下にしてください。' };
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return inspectPng(bytes);
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff)
    return inspectJpeg(bytes);
  return { ok: false, message: NOT_AN_IMAGE };
}

/** Bit depths the PNG specification allows per colour type (0 grey, 2 RGB, 3 palette, 4 grey+alpha, 6 RGBA). */
const PNG_DEPTHS: Record<number, number[]> = {
  0: [1, 2, 4, 8, 16],
  2: [8, 16],
  3: [1, 2, 4, 8],
  4: [8, 16],
  6: [8, 16],
};
const PNG_CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
/** Adam7: x0, y0, dx, dy of each pass. */
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
];

/**
 * Every chunk whole (length within the file, CRC right), IHDR first and IEND last, a palette where one is needed,
 * and the image data inflating to exactly the rows the header announces, each with a valid filter byte. The last
 * is what PDFKit's PNG decoder (png-js) does not check: it inflates in a callback where a failure would throw past
 * every handler. It also cannot unpack samples below 8 bits in the images it decodes itself (interlaced, or a
 * palette with transparency), so those are refused too.
 */
function inspectPng(bytes: Buffer): LogoInspection {
  const broken: LogoInspection = { ok: false, message: BROKEN('PNG') };
  let pos = 8;
  let header: { width: number; height: number; depth: number; colorType: number; interlace: number } | null =
    null;
  let palette = false;
  let transparency = false;
  let ended = false;
  const data: Buffer[] = [];
  while (pos < bytes.length) {
    if (ended || pos + 12 > bytes.length) return broken;
    const length = bytes.readUInt32BE(pos);
    if (length > bytes.length - pos - 12) return broken;
    const type = bytes.toString('latin1', pos + 4, pos + 8);
    const body = bytes.subarray(pos + 8, pos + 8 + length);
    if (crc32(bytes.subarray(pos + 4, pos + 8 + length)) !== bytes.readUInt32BE(pos + 8 + length))
      return broken;
    if (!/^[A-Za-z]{4}$/.test(type) || (header === null) !== (type === 'IHDR')) return broken;
    if (type === 'IHDR') {
      if (length !== 13) return broken;
      header = {
        width: body.readUInt32BE(0),
        height: body.readUInt32BE(4),
        depth: body[8],
        colorType: body[9],
        interlace: body[12],
      };
      if (!PNG_DEPTHS[header.colorType]?.includes(header.depth) || body[10] !== 0 || body[11] !== 0)
        return broken;
      if (header.interlace > 1 || header.width === 0 || header.height === 0) return broken;
    } else if (type === 'PLTE') {
      if (length === 0 || length % 3 !== 0 || length > 768) return broken;
      palette = true;
    } else if (type === 'tRNS') {
      transparency = true;
    } else if (type === 'IDAT') {
      data.push(body);
    } else if (type === 'IEND') {
      ended = true;
    } else if ((type.charCodeAt(0) & 0x20) === 0) {
      return broken; // an unknown critical chunk: the image cannot be read without it
    }
    pos += length + 12;
  }
  if (!header || !ended || data.length === 0) return broken;
  if (header.width > MAX_LOGO_SIDE || header.height > MAX_LOGO_SIDE) return { ok: false, message: TOO_LARGE };
  if (header.colorType === 3 && !palette) return broken;
  const decodedByPdfKit = header.interlace === 1 || (header.colorType === 3 && transparency);
  if (decodedByPdfKit && header.depth < 8)
    return {
      ok: false,
      message:
        'このPNG（8ビット未満のインターレースまたは透過パレット）は使えません。通常のPNGかJPEGで保存し直してください。',
    };

  const bitsPerPixel = header.depth * PNG_CHANNELS[header.colorType];
  const passes = header.interlace === 1 ? ADAM7 : [[0, 0, 1, 1]];
  const rows: number[] = []; // the byte length of each scanline, filter byte included, in order
  for (const [x0, y0, dx, dy] of passes) {
    const width = Math.ceil((header.width - x0) / dx);
    const height = Math.ceil((header.height - y0) / dy);
    if (width <= 0 || height <= 0) continue;
    for (let y = 0; y < height; y++) rows.push(1 + Math.ceil((width * bitsPerPixel) / 8));
  }
  const expected = rows.reduce((sum, n) => sum + n, 0);
  let pixels: Buffer;
  try {
    // Bounded: a small file that would inflate to more than its header says (a zip bomb) stops here.
    pixels = inflateSync(Buffer.concat(data), { maxOutputLength: expected + 1 });
  } catch {
    return broken;
  }
  if (pixels.length !== expected) return broken;
  let at = 0;
  for (const row of rows) {
    if (pixels[at] > 4) return broken;
    at += row;
  }
  return { ok: true, type: 'image/png', width: header.width, height: header.height };
}

/** Start-of-frame markers of Huffman-coded JPEG (baseline, extended, progressive), which every PDF viewer decodes. */
const JPEG_FRAMES = new Set([0xc0, 0xc1, 0xc2]);
/** Other start-of-frame markers (lossless, hierarchical, arithmetic) and DAC: not for a logo in a PDF. */
const JPEG_UNUSUAL_FRAMES = new Set([0xc3, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xcb, 0xcc, 0xcd, 0xce, 0xcf]);

/**
 * The segments from SOI walk to a start of scan, each within the file; one frame header of 8-bit samples with 1, 3
 * or 4 components and a size; and the file ends with EOI. The PDF carries the JPEG as it is (DCTDecode).
 */
function inspectJpeg(bytes: Buffer): LogoInspection {
  const broken: LogoInspection = { ok: false, message: BROKEN('JPEG') };
  let pos = 2;
  let frame: { width: number; height: number } | null = null;
  for (;;) {
    if (pos + 4 > bytes.length || bytes[pos] !== 0xff) return broken;
    let marker = bytes[pos + 1];
    while (marker === 0xff && pos + 2 < bytes.length) marker = bytes[++pos + 1]; // fill bytes
    pos += 2;
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) continue;
    if (marker === 0xd8 || marker === 0xd9 || marker === 0x00 || pos + 2 > bytes.length) return broken;
    const length = bytes.readUInt16BE(pos);
    if (length < 2 || pos + length > bytes.length) return broken;
    if (JPEG_UNUSUAL_FRAMES.has(marker))
      return {
        ok: false,
        message: 'この種類のJPEG（算術符号・ロスレスなど）は使えません。通常のJPEGで保存し直してください。',
      };
    if (JPEG_FRAMES.has(marker)) {
      if (frame || length < 8) return broken;
      const components = bytes[pos + 7];
      frame = { height: bytes.readUInt16BE(pos + 3), width: bytes.readUInt16BE(pos + 5) };
      if (bytes[pos + 2] !== 8 || ![1, 3, 4].includes(components) || length !== 8 + 3 * components)
        return broken;
      if (frame.width === 0 || frame.height === 0) return broken;
    }
    if (marker === 0xda) break;
    pos += length;
  }
  if (!frame) return broken;
  if (bytes.length < pos + 2 || bytes[bytes.length - 2] !== 0xff || bytes[bytes.length - 1] !== 0xd9)
    return broken;
  if (frame.width > MAX_LOGO_SIDE || frame.height > MAX_LOGO_SIDE) return { ok: false, message: TOO_LARGE };
  return { ok: true, type: 'image/jpeg', width: frame.width, height: frame.height };
}
