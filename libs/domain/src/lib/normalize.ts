const FULL_WIDTH_TO_HALF_WIDTH_OFFSET = 0xfee0;
const EMPLOYEE_NO_PATTERN = /^[0-9]{1,20}$/;

// Half-width katakana block U+FF61–U+FF9F in code-point order, mapped to full width.
const HALF_WIDTH_KATAKANA_START = 0xff61;
const FULL_WIDTH_FOR_HALF_WIDTH_KATAKANA =
  '。「」、・ヲァィゥェォャュョッーアイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン゛゜';

const HIRAGANA_TO_KATAKANA_OFFSET = 0x60;
const COMBINING_VOICED_MARK = '\u3099';
const COMBINING_SEMI_VOICED_MARK = '\u309a';
const SOUND_MARK_TO_COMBINING: Readonly<Record<string, string>> = {
  '゛': COMBINING_VOICED_MARK,
  '゜': COMBINING_SEMI_VOICED_MARK,
  [COMBINING_VOICED_MARK]: COMBINING_VOICED_MARK,
  [COMBINING_SEMI_VOICED_MARK]: COMBINING_SEMI_VOICED_MARK,
};
const SPACING_MARK_FOR_COMBINING: Readonly<Record<string, string>> = {
  [COMBINING_VOICED_MARK]: '゛',
  [COMBINING_SEMI_VOICED_MARK]: '゜',
};

export function toHalfWidthDigits(s: string): string {
  return s.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - FULL_WIDTH_TO_HALF_WIDTH_OFFSET));
}

/** 職員番号 is the stable key of a person, so leading zeros are significant and kept. */
export function normalizeEmployeeNo(raw: string): string | null {
  const employeeNo = toHalfWidthDigits(raw.trim());
  return EMPLOYEE_NO_PATTERN.test(employeeNo) ? employeeNo : null;
}

// `\s` covers U+3000 (ideographic space), which Japanese users type between family and given name.
function collapseWhitespace(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

function toFullWidthKatakanaCharacter(c: string): string {
  const code = c.charCodeAt(0);
  const halfWidthIndex = code - HALF_WIDTH_KATAKANA_START;
  if (halfWidthIndex >= 0 && halfWidthIndex < FULL_WIDTH_FOR_HALF_WIDTH_KATAKANA.length) {
    return FULL_WIDTH_FOR_HALF_WIDTH_KATAKANA[halfWidthIndex];
  }
  const isHiragana = (code >= 0x3041 && code <= 0x3096) || code === 0x309d || code === 0x309e;
  return isHiragana ? String.fromCharCode(code + HIRAGANA_TO_KATAKANA_OFFSET) : c;
}

// NFC is applied to the two-character pair only: applied to the whole string it would also
// rewrite CJK compatibility ideographs that may legitimately appear in the text.
function withSoundMark(base: string | undefined, combiningMark: string): string | null {
  if (base === undefined) return null;
  const combined = (base + combiningMark).normalize('NFC');
  return combined.length === 1 ? combined : null;
}

/** Joins a kana with a following (semi-)voiced sound mark: カ + ゛ → ガ, ﾊﾟ → パ. */
function combineSoundMarks(characters: string[]): string {
  const output: string[] = [];
  for (const c of characters) {
    const combiningMark = SOUND_MARK_TO_COMBINING[c];
    const combined = combiningMark ? withSoundMark(output[output.length - 1], combiningMark) : null;
    if (combined) {
      output[output.length - 1] = combined;
    } else {
      output.push(SPACING_MARK_FOR_COMBINING[c] ?? c);
    }
  }
  return output.join('');
}

/**
 * Canonical form of a kana name (氏名カナ) for storage and search: full-width katakana, one ASCII
 * space between words. HR exports often use half-width katakana; people often type hiragana.
 */
export function normalizeKana(s: string): string {
  const katakana = Array.from(s, toFullWidthKatakanaCharacter);
  return collapseWhitespace(combineSoundMarks(katakana));
}

/**
 * Only whitespace is normalised. NFKC (and even NFC) is deliberately not used: it replaces CJK
 * compatibility ideographs such as 塚 (U+FA10) with their unified forms, and people insist on
 * the exact character of their name.
 */
export function normalizeName(s: string): string {
  return collapseWhitespace(s);
}

export interface SearchQuery {
  /** 職員番号 when the query consists of digits only, else null. */
  digits: string | null;
  text: string;
  kana: string;
}

export function normalizeSearchQuery(q: string): SearchQuery {
  return { digits: normalizeEmployeeNo(q), text: normalizeName(q), kana: normalizeKana(q) };
}
