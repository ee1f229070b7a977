import { greyJpeg, pngImageData, solidPng } from '../../test/support/images';
import { type CertificateContent, renderCertificatePdf } from './certificate-pdf';

// pdf-parse 2 has a CommonJS build, but pdf.js inside it sets up its (fake) worker with a dynamic import() of an
// ES module; jest allows that only with NODE_OPTIONS=--experimental-vm-modules, which the api test target sets.
// Without it getText()/getInfo() reject with "Setting up fake worker failed".
import { PDFParse } from 'pdf-parse';

const content: CertificateContent = {
  serial: 'DX-2026-000123',
  recipientName: '𠮷田 髙﨑',
  employeeNo: '0012345',
  courseTitle: '生成AIを活用した業務改善の基礎',
  trackName: '新規採用職員DX研修',
  completedOn: '2026-06-01',
  issuerName: '三重県 総務部 人事課',
  verifyUrl: 'https://dx-learning.example.lg.jp/verify/DX-2026-000123?k=8f3c2a91d0e4',
};

async function extract(pdf: Buffer): Promise<{ text: string; info: Record<string, unknown> }> {
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    const { text } = await parser.getText();
    const { info } = await parser.getInfo();
    return { text, info: info as Record<string, unknown> };
  } finally {
    await parser.destroy();
  }
}

describe('renderCertificatePdf', () => {
  let pdf: Buffer;

  beforeAll(async () => {
    pdf = await renderCertificatePdf(content);
  });

  it('writes a small PDF', () => {
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.length).toBeLessThan(1024 * 1024);
  });

  it('prints the name with rare kanji, the course, the title, the 和暦 date and the serial as real text', async () => {
    const { text } = await extract(pdf);
    expect(text).toContain('修了証');
    expect(text).toContain('𠮷田 髙﨑');
    expect(text).toContain('殿');
    expect(text).toContain('あなたは下記の研修を修了したことを証します。');
    expect(text).toContain(content.courseTitle);
    expect(text).toContain(content.trackName);
    expect(text).toContain('令和8年6月1日（2026年6月1日）');
    expect(text).toContain('証書番号 DX-2026-000123');
    expect(text).toContain(content.issuerName);
    expect(text).toContain('真正性は次のURLで確認できます');
    expect(text).toContain(content.verifyUrl);
  });

  it('sets the document metadata', async () => {
    const { info } = await extract(pdf);
    expect(info['Title']).toBe('修了証 生成AIを活用した業務改善の基礎');
    expect(info['Author']).toBe('三重県 総務部 人事課');
    expect(info['Subject']).toContain('𠮷田 髙﨑');
    expect(String(info['Producer'])).toContain('PDFKit');
    expect(info['CreationDate']).toBe('D:20260531150000Z');
  });

  it('gives the same bytes for the same content', async () => {
    expect((await renderCertificatePdf(content)).equals(pdf)).toBe(true);
  });

  it('rejects a completion date that is not a calendar date', async () => {
    await expect(renderCertificatePdf({ ...content, completedOn: '2026-02-30' })).rejects.toThrow(
      'YYYY-MM-DD',
    );
  });

  it('prints no image when the tenant has no logo', () => {
    expect(pdf.includes('/Subtype /Image')).toBe(false);
  });

  it("prints the tenant's logo as an image beside the issuer line, the JPEG as it is", async () => {
    const jpeg = greyJpeg('三重県のロゴ');
    const withLogo = await renderCertificatePdf({ ...content, issuerLogo: jpeg });
    expect(withLogo.includes('/Subtype /Image')).toBe(true);
    expect(withLogo.includes('/Filter /DCTDecode')).toBe(true);
    expect(withLogo.includes(jpeg)).toBe(true);
    expect((await extract(withLogo)).text).toContain(content.issuerName);
    expect((await renderCertificatePdf({ ...content, issuerLogo: jpeg })).equals(withLogo)).toBe(true);
  });

  it('prints a PNG logo, opaque or with transparency (its alpha as a soft mask)', async () => {
    const opaque = solidPng(60, 20, 0x23395d);
    const printed = await renderCertificatePdf({ ...content, issuerLogo: opaque });
    expect(printed.includes(pngImageData(opaque))).toBe(true);
    const translucent = await renderCertificatePdf({
      ...content,
      issuerLogo: solidPng(60, 20, 0x23395d, 128),
    });
    expect(translucent.includes('/SMask')).toBe(true);
  });
});
