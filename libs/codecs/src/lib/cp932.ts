import * as iconv from 'iconv-lite';

/** CP932 has no 𠮷 and similar characters; 〓 (geta mark) is the customary visible stand-in. */
export const CP932_SUBSTITUTE = '〓';

export interface Cp932Encoding {
  bytes: Uint8Array;
  /** Characters written as 〓 because CP932 cannot hold them, each once, in order of appearance. */
  substituted: string[];
}

// Judged once per character for the life of the process; bounded by the characters actually seen.
const cp932EncodableCache = new Map<string, boolean>();

// iconv-lite writes '?' for what CP932 lacks, indistinguishable from a real '?', and maps some
// characters to look-alikes (¥ → backslash): only a character that decodes back to itself is kept.
function isCp932Encodable(character: string): boolean {
  let encodable = cp932EncodableCache.get(character);
  if (encodable === undefined) {
    encodable = iconv.decode(iconv.encode(character, 'cp932'), 'cp932') === character;
    cp932EncodableCache.set(character, encodable);
  }
  return encodable;
}

/**
 * The characters of `text` that CP932 cannot hold (𠮷, 𩸽, …), each once, in order. A Shift_JIS file cannot have
 * carried them, so an import from one that differs from the stored value there has lost them on the way.
 */
export function charactersOutsideCp932(text: string): string[] {
  const outside = new Set<string>();
  for (const character of text) if (!isCp932Encodable(character)) outside.add(character);
  return [...outside];
}

function substituteUnencodable(text: string): { text: string; substituted: string[] } {
  const substituted = new Set<string>();
  const characters: string[] = [];
  // for..of walks code points, so a surrogate pair such as 𠮷 is judged as one character.
  for (const character of text) {
    const encodable = isCp932Encodable(character);
    if (!encodable) substituted.add(character);
    characters.push(encodable ? character : CP932_SUBSTITUTE);
  }
  return { text: characters.join(''), substituted: [...substituted] };
}

/**
 * Encodes text for a Shift_JIS export. Characters CP932 cannot hold are replaced by 〓 and
 * reported, so that the user is told instead of silently receiving '?' in place of a name.
 */
export function encodeCp932WithReport(text: string): Cp932Encoding {
  const bytes = iconv.encode(text, 'cp932');
  // Almost all text is plain CP932; the character-by-character pass is for the rest.
  if (iconv.decode(bytes, 'cp932') === text) return { bytes, substituted: [] };
  const substitution = substituteUnencodable(text);
  return { bytes: iconv.encode(substitution.text, 'cp932'), substituted: substitution.substituted };
}

/** Bytes written by a Japanese Windows program (CP932, "Shift_JIS") as text, e.g. a zip entry's name without its UTF-8 flag. */
export function decodeCp932(bytes: Uint8Array): string {
  return iconv.decode(Buffer.from(bytes), 'cp932');
}
