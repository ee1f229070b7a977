/**
 * Text for Slack's mrkdwn that arrives as the text it is: `&`, `<`, `>` become the entities Slack asks for (so
 * `<!channel>` or `<https://…|link>` is no mention and no link), and the formatting marks `*`, `_`, `~` and `` ` ``
 * are neutralised with a zero-width space after each (Slack then sees no pair to format, the reader sees the mark).
 * For names, course titles and unit names put into a message; the message's own formatting is added around them.
 */
export function escapeSlackText(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[*_~`]/g, (mark) => `${mark}${ZERO_WIDTH_SPACE}`);
}

const ZERO_WIDTH_SPACE = '\u200b';
