import { crc32, deflateSync } from 'node:zlib';

/** Small real images for logo tests, made here so that no test needs a file from elsewhere. */

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

/** A PNG of one colour (`rgb`, e.g. 0x23395d), 8-bit RGB, or RGBA with `alpha` (0–255). */
export function solidPng(width: number, height: number, rgb: number, alpha?: number): Buffer {
  const channels = alpha === undefined ? 3 : 4;
  const pixel = [(rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff, ...(alpha === undefined ? [] : [alpha])];
  const row = Buffer.from([0, ...Array.from({ length: width }, () => pixel).flat()]);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  header[9] = channels === 3 ? 2 : 6;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(Buffer.concat(Array.from({ length: height }, () => row)))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The image data (IDAT) of a PNG made by `solidPng`: what a PDF carries of an opaque PNG, as it is. */
export function pngImageData(png: Buffer): Buffer {
  const length = png.readUInt32BE(33);
  return png.subarray(41, 41 + length);
}

/**
 * A real baseline JPEG, 8×8 grey (every sample 128: a DC of 0 and no AC, one Huffman code each), with `comment` in a
 * COM segment so that two of them differ.
 */
export function greyJpeg(comment: string): Buffer {
  const segment = (marker: number, body: Buffer) => {
    const head = Buffer.from([0xff, marker, 0, 0]);
    head.writeUInt16BE(body.length + 2, 2);
    return Buffer.concat([head, body]);
  };
  const oneCodeTable = (tableClass: number) =>
    Buffer.from([tableClass << 4, 1, ...new Array(15).fill(0), 0x00]);
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    segment(0xe0, Buffer.from([0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0])),
    segment(0xfe, Buffer.from(comment, 'utf8')),
    segment(0xdb, Buffer.from([0, ...new Array(64).fill(1)])),
    segment(0xc0, Buffer.from([8, 0, 8, 0, 8, 1, 1, 0x11, 0])),
    segment(0xc4, oneCodeTable(0)),
    segment(0xc4, oneCodeTable(1)),
    segment(0xda, Buffer.from([1, 1, 0x00, 0, 63, 0])),
    Buffer.from([0x3f]), // DC category 0 ('0'), end of block ('0'), padded with ones
    Buffer.from([0xff, 0xd9]),
  ]);
}
