import { crc32, deflateSync } from 'node:zlib';
import { greyJpeg, solidPng } from '../../test/support/images';
import { inspectLogo } from './logo-image';

/** Rewrites one PNG chunk's data (and its CRC), as a tool producing a bad file would. */
function withChunk(png: Buffer, type: string, data: Buffer): Buffer {
  let pos = 8;
  while (pos < png.length) {
    const length = png.readUInt32BE(pos);
    if (png.toString('latin1', pos + 4, pos + 8) === type) {
      const head = Buffer.alloc(8);
      head.writeUInt32BE(data.length);
      head.write(type, 4, 'latin1');
      const crc = Buffer.alloc(4);
      crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])));
      return Buffer.concat([png.subarray(0, pos), head, data, crc, png.subarray(pos + 12 + length)]);
    }
    pos += length + 12;
  }
  throw new Error(`no ${type}`);
}

describe('inspectLogo', () => {
  it('takes a whole PNG (opaque or with alpha) and a whole JPEG, with their size', () => {
    expect(inspectLogo(solidPng(40, 20, 0x23395d))).toEqual({
      ok: true,
      type: 'image/png',
      width: 40,
      height: 20,
    });
    expect(inspectLogo(solidPng(4, 4, 0xffffff, 128))).toMatchObject({ ok: true, type: 'image/png' });
    expect(inspectLogo(greyJpeg('logo'))).toEqual({ ok: true, type: 'image/jpeg', width: 8, height: 8 });
  });

  it('refuses SVG, GIF and text, whatever the file is called', () => {
    for (const bytes of [
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
      Buffer.from('GIF89a\x01\x00\x01\x00'),
      Buffer.from(''),
    ])
      expect(inspectLogo(bytes)).toEqual({
        ok: false,
        message: 'ロゴ画像は PNG または JPEG にしてください。',
      });
  });

  it('refuses a PNG signature followed by anything that is not a whole PNG', () => {
    const png = solidPng(8, 8, 0x336699);
    const broken = { ok: false, message: expect.stringContaining('PNG）が壊れている') };
    expect(
      inspectLogo(Buffer.concat([png.subarray(0, 8), Buffer.from('IHDR-rest-of-a-tiny-image')])),
    ).toEqual(broken);
    expect(inspectLogo(png.subarray(0, png.length - 12))).toEqual(broken); // no IEND
    const flipped = Buffer.from(png);
    flipped[45] ^= 0xff; // inside IDAT: the CRC no longer matches
    expect(inspectLogo(flipped)).toEqual(broken);
    expect(inspectLogo(Buffer.concat([png, Buffer.from('trailing')]))).toEqual(broken);
    // Image data that is not zlib, or inflates to fewer rows than the header says, or has a bad filter byte.
    expect(inspectLogo(withChunk(png, 'IDAT', Buffer.from('not zlib at all')))).toEqual(broken);
    expect(inspectLogo(withChunk(png, 'IDAT', deflateSync(Buffer.alloc(25 * 4))))).toEqual(broken);
    const badFilter = Buffer.alloc(25 * 8);
    badFilter[0] = 9;
    expect(inspectLogo(withChunk(png, 'IDAT', deflateSync(badFilter)))).toEqual(broken);
  });

  it('stops a small file that would inflate far beyond its header (a zip bomb)', () => {
    const png = solidPng(8, 8, 0x336699);
    const bomb = withChunk(png, 'IDAT', deflateSync(Buffer.alloc(64 * 1024 * 1024)));
    expect(bomb.length).toBeLessThan(200 * 1024);
    const started = Date.now();
    expect(inspectLogo(bomb)).toMatchObject({ ok: false });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('refuses images larger than 1000 px, a palette PNG without palette, and what PDFKit cannot print', () => {
    expect(inspectLogo(solidPng(1001, 1, 0))).toEqual({
      ok: false,
      message: 'ロゴ画像は縦横とも1000ピクセル以下にしてください。',
    });
    const png = solidPng(8, 8, 0);
    const header = (colorType: number, depth: number, interlace = 0) => {
      const ihdr = Buffer.from(png.subarray(16, 29));
      ihdr[8] = depth;
      ihdr[9] = colorType;
      ihdr[12] = interlace;
      return ihdr;
    };
    expect(inspectLogo(withChunk(png, 'IHDR', header(3, 8)))).toMatchObject({
      ok: false,
      message: expect.stringContaining('壊れている'),
    });
    // A 1-bit grey interlaced PNG: PDFKit's decoder cannot unpack it (and would throw where nothing catches).
    expect(inspectLogo(withChunk(png, 'IHDR', header(0, 1, 1)))).toMatchObject({
      ok: false,
      message: expect.stringContaining('8ビット未満'),
    });
    expect(inspectLogo(withChunk(png, 'IHDR', header(2, 4)))).toMatchObject({ ok: false }); // RGB has no 4-bit
  });

  it('refuses a JPEG that is cut short, has no frame, or is arithmetic-coded', () => {
    const jpeg = greyJpeg('x');
    const broken = { ok: false, message: expect.stringContaining('JPEG）が壊れている') };
    expect(inspectLogo(jpeg.subarray(0, jpeg.length - 2))).toEqual(broken);
    expect(inspectLogo(Buffer.from([0xff, 0xd8, 0xff, 0xd9]))).toEqual(broken);
    const sof = jpeg.indexOf(Buffer.from([0xff, 0xc0]));
    const arithmetic = Buffer.from(jpeg);
    arithmetic[sof + 1] = 0xc9;
    expect(inspectLogo(arithmetic)).toMatchObject({
      ok: false,
      message: expect.stringContaining('算術符号'),
    });
    const huge = Buffer.from(jpeg);
    huge.writeUInt16BE(3000, sof + 5);
    expect(inspectLogo(huge)).toMatchObject({ ok: false, message: expect.stringContaining('1000ピクセル') });
  });
});
