/** A half-open range [start, end) of UTF-16 positions in a string, as String.prototype.slice takes it. */
export type TextRange = readonly [start: number, end: number];

export interface TextDiff {
  /** The parts of the old value that the new one does not keep. */
  removed: TextRange[];
  /** The parts of the new value that the old one did not have. */
  added: TextRange[];
}

// Names, kana and unit names are at most 100 characters; beyond this the diff falls back to the
// changed middle (common prefix and suffix removed), which is still exact for one replaced run.
const MAX_LCS_CELLS = 40_000;

function toRanges(characters: string[], changed: boolean[]): TextRange[] {
  const ranges: [number, number][] = [];
  let position = 0;
  characters.forEach((character, i) => {
    const end = position + character.length;
    if (changed[i]) {
      const last = ranges[ranges.length - 1];
      if (last && last[1] === position) last[1] = end;
      else ranges.push([position, end]);
    }
    position = end;
  });
  return ranges;
}

/**
 * Which characters changed between two values, by code point (𠮷 is one character, not two halves), from
 * the longest common subsequence: '𠮷田 太郎' → '吉田 太郎' removes [0, 2) and adds [0, 1).
 */
export function diffText(before: string, after: string): TextDiff {
  if (before === after) return { removed: [], added: [] };
  const a = [...before];
  const b = [...after];
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (
    suffix < a.length - prefix &&
    suffix < b.length - prefix &&
    a[a.length - 1 - suffix] === b[b.length - 1 - suffix]
  ) {
    suffix++;
  }
  const midA = a.slice(prefix, a.length - suffix);
  const midB = b.slice(prefix, b.length - suffix);
  const changedA = a.map((_, i) => i >= prefix && i < a.length - suffix);
  const changedB = b.map((_, i) => i >= prefix && i < b.length - suffix);
  if (midA.length > 0 && midB.length > 0 && midA.length * midB.length <= MAX_LCS_CELLS) {
    // lengths[i][j]: LCS length of midA[i..] and midB[j..].
    const width = midB.length + 1;
    const lengths = new Uint16Array((midA.length + 1) * width);
    for (let i = midA.length - 1; i >= 0; i--) {
      for (let j = midB.length - 1; j >= 0; j--) {
        lengths[i * width + j] =
          midA[i] === midB[j]
            ? lengths[(i + 1) * width + j + 1] + 1
            : Math.max(lengths[(i + 1) * width + j], lengths[i * width + j + 1]);
      }
    }
    let i = 0;
    let j = 0;
    while (i < midA.length && j < midB.length) {
      if (midA[i] === midB[j]) {
        changedA[prefix + i] = false;
        changedB[prefix + j] = false;
        i++;
        j++;
      } else if (lengths[(i + 1) * width + j] >= lengths[i * width + j + 1]) i++;
      else j++;
    }
  }
  return { removed: toRanges(a, changedA), added: toRanges(b, changedB) };
}

/** The characters (code points) of `text` inside the given ranges, each once, in order. */
export function charactersIn(text: string, ranges: readonly TextRange[]): string[] {
  const found = new Set<string>();
  for (const [start, end] of ranges) for (const character of text.slice(start, end)) found.add(character);
  return [...found];
}
