import { crc32 } from 'node:zlib';
import { isPng, PNG_CREDENTIAL_KEYWORD, pngInternationalText } from '@dx/domain';

/**
 * Bakes an Open Badges 3.0 credential into a PNG (OB 3.0 §5.3.1.1): one uncompressed iTXt chunk with the keyword
 * `openbadgecredential` whose text is the VC-JWT, inserted before IEND. An image that already carries one is refused
 * (the chunk MUST NOT appear twice). The chunk's CRC is CRC-32 over its type and data (PNG §5.3), Node's zlib.crc32.
 */
export function bakePng(image: Buffer, text: string): Buffer {
  if (!isPng(image)) throw new Error('not a PNG image');
  if (pngInternationalText(image) !== null) throw new Error('the image already carries a credential');
  const data = Buffer.concat([
    Buffer.from(PNG_CREDENTIAL_KEYWORD, 'latin1'),
    // keyword terminator, compression flag 0, compression method 0, empty language tag and translated keyword
    Buffer.from([0, 0, 0, 0, 0]),
    Buffer.from(text, 'utf8'),
  ]);
  const chunk = Buffer.alloc(12 + data.length);
  chunk.writeUInt32BE(data.length, 0);
  chunk.write('iTXt', 4, 'latin1');
  data.copy(chunk, 8);
  chunk.writeUInt32BE(crc32(chunk.subarray(4, 8 + data.length)), 8 + data.length);
  const iend = findChunk(image, 'IEND');
  if (iend < 0) throw new Error('the PNG has no IEND chunk');
  return Buffer.concat([image.subarray(0, iend), chunk, image.subarray(iend)]);
}

/** The offset of the first chunk of the type, or -1. */
function findChunk(image: Buffer, type: string): number {
  let offset = 8;
  while (offset + 12 <= image.length) {
    if (image.toString('latin1', offset + 4, offset + 8) === type) return offset;
    offset += 12 + image.readUInt32BE(offset);
  }
  return -1;
}

/** True when every chunk's CRC matches its type and data (what an image viewer checks). */
export function pngChunksIntact(image: Buffer): boolean {
  let offset = 8;
  while (offset + 12 <= image.length) {
    const length = image.readUInt32BE(offset);
    const end = offset + 8 + length;
    if (end + 4 > image.length) return false;
    if (crc32(image.subarray(offset + 4, end)) !== image.readUInt32BE(end)) return false;
    if (image.toString('latin1', offset + 4, offset + 8) === 'IEND') return true;
    offset = end + 4;
  }
  return false;
}
