import { charactersIn, diffText } from './text-diff';

describe('diffText', () => {
  it('finds nothing between equal values', () => {
    expect(diffText('山田 太郎', '山田 太郎')).toEqual({ removed: [], added: [] });
  });

  it('treats a character outside the BMP as one character (𠮷 → 吉)', () => {
    const diff = diffText('𠮷田 太郎', '吉田 太郎');
    expect(diff).toEqual({ removed: [[0, 2]], added: [[0, 1]] });
    expect('𠮷田 太郎'.slice(...diff.removed[0])).toBe('𠮷');
  });

  it('marks only the characters that changed, also when several are apart', () => {
    const diff = diffText('髙橋 一郎', '高橋 一朗');
    expect(diff.removed).toEqual([
      [0, 1],
      [4, 5],
    ]);
    expect(diff.added).toEqual([
      [0, 1],
      [4, 5],
    ]);
  });

  it('marks an insertion only on the new side and a deletion only on the old one', () => {
    expect(diffText('山田 花子', '山田 はな子')).toEqual({ removed: [[3, 4]], added: [[3, 5]] });
    expect(diffText('2026-04-01', '')).toEqual({ removed: [[0, 10]], added: [] });
    expect(diffText('', '人事課')).toEqual({ removed: [], added: [[0, 3]] });
  });

  it('joins neighbouring changed characters into one range', () => {
    expect(diffText('総務部 人事課', '総務部 職員課')).toEqual({ removed: [[4, 6]], added: [[4, 6]] });
  });
});

describe('charactersIn', () => {
  it('lists the characters in ranges once each, by code point', () => {
    expect(
      charactersIn('𠮷田𠮷', [
        [0, 2],
        [3, 5],
      ]),
    ).toEqual(['𠮷']);
    expect(charactersIn('abc', [])).toEqual([]);
  });
});
