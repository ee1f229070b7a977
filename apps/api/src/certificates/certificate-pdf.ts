import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';
import { formatJapaneseDate, formatWesternDate, isIsoDate } from '@dx/domain';

/** Everything printed on a 修了証. The caller resolves names and the tenant; this module only draws. */
export interface CertificateContent {
  /** e.g. 'DX-2026-000123' */
  serial: string;
  /** Kanji name as registered; may contain rare kanji outside the BMP (𠮷) and compatibility ideographs (﨑). */
  recipientName: string;
  employeeNo: string;
  courseTitle: string;
  trackName: string;
  /** 'YYYY-MM-DD', the Asia/Tokyo calendar date the course was completed. */
  completedOn: string;
  /** 有効期限 'YYYY-MM-DD' of a recurring course's completion; absent or null when it has no end. */
  validUntil?: string | null;
  /** The tenant's name, e.g. '三重県 総務部 人事課'. */
  issuerName: string;
  /**
   * The tenant's logo, printed left of the issuer line: a PNG or JPEG the caller has checked with `inspectLogo`
   * (PDFKit trusts it). Absent or null: no logo, and no space kept for one.
   */
  issuerLogo?: Buffer | null;
  /** Absolute URL of the public verification page. */
  verifyUrl: string;
}

// A4 landscape in PDF points.
const PAGE_WIDTH = 841.89;
const PAGE_HEIGHT = 595.28;
const FRAME_OUTER = 22;
const FRAME_INNER = 30;
const CONTENT_LEFT = 80;
const CONTENT_RIGHT = PAGE_WIDTH - 80;
const CONTENT_WIDTH = CONTENT_RIGHT - CONTENT_LEFT;

/** The box the tenant's logo is fitted into (aspect kept), and its distance from the issuer line. */
const LOGO_MAX_WIDTH = 120;
const LOGO_MAX_HEIGHT = 44;
const LOGO_GAP = 12;
/** The lowest a logo reaches: clear of the verification line (its top is at 530). */
const LOGO_BOTTOM = 524;

const INK = '#1a1a1a';
const MUTED = '#555555';
const FRAME = '#23395d';

const REGULAR = 'NotoSansJP-Regular';
const BOLD = 'NotoSansJP-Bold';

interface FontFiles {
  regular: Buffer;
  bold: Buffer;
}

let fontFiles: FontFiles | undefined;

/**
 * The Noto Sans JP TTFs bundled by @expo-google-fonts/noto-sans-jp (about 5 MB each), read once per process.
 * Resolved through the package itself so it works from dist/ and under jest alike; nothing is fetched.
 * pdfkit embeds only the glyphs a certificate uses, so the PDF stays small.
 */
function loadFonts(): FontFiles {
  if (!fontFiles) {
    const packageDir = dirname(require.resolve('@expo-google-fonts/noto-sans-jp/package.json'));
    fontFiles = {
      regular: readFileSync(join(packageDir, '400Regular', 'NotoSansJP_400Regular.ttf')),
      bold: readFileSync(join(packageDir, '700Bold', 'NotoSansJP_700Bold.ttf')),
    };
  }
  return fontFiles;
}

/** Midnight of the completion day in Japan, so the same content always gives the same bytes. */
function documentDate(completedOn: string): Date {
  return new Date(`${completedOn}T00:00:00+09:00`);
}

/** Largest size from `max` down to `min` (0.5 pt steps) at which `text` fits `width` on one line. */
function fitFontSize(
  doc: PDFKit.PDFDocument,
  text: string,
  font: string,
  max: number,
  min: number,
  width: number,
): number {
  doc.font(font);
  for (let size = max; size > min; size -= 0.5) {
    if (doc.fontSize(size).widthOfString(text) <= width) return size;
  }
  return min;
}

/** Renders the 修了証 as an A4 landscape PDF with the bundled Noto Sans JP font embedded (subset). */
export function renderCertificatePdf(content: CertificateContent): Promise<Buffer> {
  if (!isIsoDate(content.completedOn)) {
    return Promise.reject(new Error(`completedOn must be a YYYY-MM-DD date, got '${content.completedOn}'`));
  }
  const date = documentDate(content.completedOn);
  const completedText = `${formatJapaneseDate(content.completedOn)}（${formatWesternDate(content.completedOn)}）`;

  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 0,
    autoFirstPage: true,
    compress: true,
    lang: 'ja-JP',
    displayTitle: true,
    info: {
      Title: `修了証 ${content.courseTitle}`,
      Author: content.issuerName,
      Subject: `${content.recipientName} 殿 ${content.courseTitle} 修了（証書番号 ${content.serial}）`,
      Keywords: `修了証 ${content.serial}`,
      Creator: '職員DX研修システム',
      Producer: '職員DX研修システム (PDFKit)',
      CreationDate: date,
      ModDate: date,
    },
  });

  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    try {
      const fonts = loadFonts();
      doc.registerFont(REGULAR, fonts.regular);
      doc.registerFont(BOLD, fonts.bold);
      drawCertificate(doc, content, completedText);
      doc.end();
    } catch (err) {
      reject(err);
    }
  });
}

function drawCertificate(doc: PDFKit.PDFDocument, c: CertificateContent, completedText: string): void {
  // Double frame: a heavy outer rule and a fine inner rule.
  doc.save();
  doc
    .lineWidth(2.5)
    .strokeColor(FRAME)
    .rect(FRAME_OUTER, FRAME_OUTER, PAGE_WIDTH - 2 * FRAME_OUTER, PAGE_HEIGHT - 2 * FRAME_OUTER)
    .stroke();
  doc
    .lineWidth(0.75)
    .rect(FRAME_INNER, FRAME_INNER, PAGE_WIDTH - 2 * FRAME_INNER, PAGE_HEIGHT - 2 * FRAME_INNER)
    .stroke();
  doc.restore();

  // 証書番号, top right.
  doc.font(REGULAR).fontSize(10).fillColor(INK).text(`証書番号 ${c.serial}`, CONTENT_LEFT, 52, {
    width: CONTENT_WIDTH,
    align: 'right',
    lineBreak: false,
  });

  // Title. Not letter-spaced: pdf.js (and screen readers) would read spaced-out glyphs as 「修 了 証」.
  doc
    .font(BOLD)
    .fontSize(44)
    .fillColor(INK)
    .text('修了証', CONTENT_LEFT, 74, { width: CONTENT_WIDTH, align: 'center', lineBreak: false });

  // Recipient: name in large type followed by 殿, centred as one group on a common baseline, underlined.
  const nameBaseline = 205;
  const honorific = '殿';
  const honorificSize = 20;
  const gap = 14;
  const nameSize = fitFontSize(doc, c.recipientName, BOLD, 30, 16, CONTENT_WIDTH - 200);
  const nameWidth = doc.font(BOLD).fontSize(nameSize).widthOfString(c.recipientName);
  const honorificWidth = doc.font(REGULAR).fontSize(honorificSize).widthOfString(honorific);
  const groupWidth = nameWidth + gap + honorificWidth;
  const groupLeft = (PAGE_WIDTH - groupWidth) / 2;
  doc
    .font(BOLD)
    .fontSize(nameSize)
    .text(c.recipientName, groupLeft, nameBaseline, { baseline: 'alphabetic', lineBreak: false });
  doc
    .font(REGULAR)
    .fontSize(honorificSize)
    .text(honorific, groupLeft + nameWidth + gap, nameBaseline, { baseline: 'alphabetic', lineBreak: false });
  const ruleHalf = Math.max(groupWidth / 2 + 24, 150);
  doc
    .save()
    .lineWidth(0.75)
    .strokeColor(INK)
    .moveTo(PAGE_WIDTH / 2 - ruleHalf, nameBaseline + 10)
    .lineTo(PAGE_WIDTH / 2 + ruleHalf, nameBaseline + 10)
    .stroke()
    .restore();
  doc
    .font(REGULAR)
    .fontSize(10)
    .fillColor(MUTED)
    .text(`職員番号 ${c.employeeNo}`, CONTENT_LEFT, nameBaseline + 18, {
      width: CONTENT_WIDTH,
      align: 'center',
      lineBreak: false,
    });

  // Body.
  doc
    .font(REGULAR)
    .fontSize(15)
    .fillColor(INK)
    .text('あなたは下記の研修を修了したことを証します。', CONTENT_LEFT, 262, {
      width: CONTENT_WIDTH,
      align: 'center',
      lineBreak: false,
    });
  doc
    .font(REGULAR)
    .fontSize(13)
    .text('記', CONTENT_LEFT, 300, { width: CONTENT_WIDTH, align: 'center', lineBreak: false });

  // Particulars: labels right-aligned in a narrow column, values beside them.
  const labelLeft = 170;
  const labelWidth = 90;
  const valueLeft = labelLeft + labelWidth + 24;
  const valueWidth = PAGE_WIDTH - 150 - valueLeft;
  let y = 335;
  const row = (label: string, value: string, font: string, maxSize: number, maxLines: number): void => {
    // One line if the value fits at a readable size; otherwise wrap (up to maxLines, then an ellipsis),
    // shrinking only as far as needed to get there.
    const oneLineMin = maxLines > 1 ? Math.min(maxSize, 14) : 10;
    let size = fitFontSize(doc, value, font, maxSize, oneLineMin, valueWidth);
    if (maxLines > 1 && doc.font(font).fontSize(size).widthOfString(value) > valueWidth) {
      const wrapMin = 11;
      size = oneLineMin;
      while (size > wrapMin && wrappedHeight(size) > lineHeightAt(size) * maxLines + 0.5) size -= 0.5;
    }
    function lineHeightAt(s: number): number {
      return doc.font(font).fontSize(s).currentLineHeight(true);
    }
    function wrappedHeight(s: number): number {
      return doc.font(font).fontSize(s).heightOfString(value, { width: valueWidth });
    }
    const height = Math.min(wrappedHeight(size), lineHeightAt(size) * maxLines);
    doc.font(font).fontSize(size);
    // The label sits on the baseline of the value's first line.
    const baseline = y + doc.currentLineHeight() * 0.85;
    doc.font(REGULAR).fontSize(12).fillColor(MUTED).text(label, labelLeft, baseline, {
      width: labelWidth,
      align: 'right',
      baseline: 'alphabetic',
      lineBreak: false,
    });
    doc
      .font(font)
      .fontSize(size)
      .fillColor(INK)
      .text(value, valueLeft, y, { width: valueWidth, height, ellipsis: true });
    y += height + 10;
  };
  row('研修名', c.courseTitle, BOLD, 17, 2);
  row('研修区分', c.trackName, REGULAR, 14, 2);
  row('修了日', completedText, REGULAR, 14, 1);
  if (c.validUntil && isIsoDate(c.validUntil)) {
    row(
      '有効期限',
      `${formatJapaneseDate(c.validUntil)}（${formatWesternDate(c.validUntil)}）`,
      REGULAR,
      14,
      1,
    );
  }

  // Issuer, bottom right, with the tenant's logo (if any) to its left, centred on the line.
  const issuerSize = fitFontSize(doc, c.issuerName, BOLD, 16, 10, CONTENT_WIDTH / 2);
  const issuerTop = 478;
  const issuerRight = CONTENT_RIGHT - 30;
  doc
    .font(BOLD)
    .fontSize(issuerSize)
    .fillColor(INK)
    .text(c.issuerName, CONTENT_LEFT, issuerTop, {
      width: issuerRight - CONTENT_LEFT,
      align: 'right',
      lineBreak: false,
    });
  if (c.issuerLogo) {
    // Centred on the issuer line, but never over the last particulars (a long title and an 有効期限 reach this low)
    // nor onto the verification line below.
    const issuerWidth = doc.widthOfString(c.issuerName);
    const middle = issuerTop + doc.currentLineHeight(true) / 2;
    const top = Math.max(middle - LOGO_MAX_HEIGHT / 2, y);
    const height = Math.min(LOGO_MAX_HEIGHT, LOGO_BOTTOM - top);
    doc.image(c.issuerLogo, issuerRight - issuerWidth - LOGO_GAP - LOGO_MAX_WIDTH, top, {
      fit: [LOGO_MAX_WIDTH, height],
      align: 'right',
      valign: 'center',
    });
  }

  // Verification URL along the bottom edge, linked.
  const note = '真正性は次のURLで確認できます：';
  const urlSize = fitFontSize(doc, note + c.verifyUrl, REGULAR, 9, 5, CONTENT_WIDTH);
  doc.font(REGULAR).fontSize(urlSize);
  const noteWidth = doc.widthOfString(note);
  const urlWidth = doc.widthOfString(c.verifyUrl);
  const lineLeft = (PAGE_WIDTH - noteWidth - urlWidth) / 2;
  const lineTop = 530;
  doc.fillColor(MUTED).text(note, lineLeft, lineTop, { lineBreak: false });
  doc
    .fillColor(FRAME)
    .text(c.verifyUrl, lineLeft + noteWidth, lineTop, { lineBreak: false, link: c.verifyUrl });
}
