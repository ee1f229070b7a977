import { escapeSlackText } from './slack-mrkdwn';

const ZW = '\u200b';

describe('escapeSlackText', () => {
  it.each([
    ['plain Japanese stays as it is', '山田 太郎', '山田 太郎'],
    ['a channel mention becomes text', '<!channel>', '&lt;!channel&gt;'],
    ['a user mention becomes text', '<@U123>', '&lt;@U123&gt;'],
    ['a link becomes text', '<https://evil.example|押して>', '&lt;https://evil.example|押して&gt;'],
    ['an ampersand is escaped first (no double escape)', 'A&B &lt;', 'A&amp;B &amp;lt;'],
    ['bold marks are neutralised', '*太字*', `*${ZW}太字*${ZW}`],
    ['italic marks are neutralised', '_斜体_', `_${ZW}斜体_${ZW}`],
    ['strike marks are neutralised', '~取消~', `~${ZW}取消~${ZW}`],
    ['code marks are neutralised', '`code`', `\`${ZW}code\`${ZW}`],
    ['empty text', '', ''],
  ])('%s', (_label, input, expected) => {
    expect(escapeSlackText(input)).toBe(expected);
  });

  it('leaves no unescaped angle bracket or formatting pair', () => {
    const out = escapeSlackText('<!here> *a* _b_ ~c~ `d` <<>>');
    expect(out).not.toMatch(/[<>]/);
    expect(out).not.toMatch(/\*[^\u200b]/);
    expect(out).not.toMatch(/_[^\u200b]/);
  });
});
