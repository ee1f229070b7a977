import MarkdownIt from 'markdown-it';
import cjkFriendly from 'markdown-it-cjk-friendly';

// Raw HTML in lesson text is escaped, not passed through, and markdown-it refuses javascript:/data: links:
// whatever a content administrator types cannot run script in a learner's browser.
// CommonMark does not close `**…**` next to Japanese punctuation (「**県庁DX（…）**です」 stays literal);
// the CJK-friendly plugin applies the proposed CJK amendment to emphasis delimiters.
const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false, breaks: true }).use(
  cjkFriendly,
);

const defaultLinkOpen =
  markdown.renderer.rules.link_open ??
  ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
markdown.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  tokens[idx].attrSet('rel', 'noopener noreferrer');
  tokens[idx].attrSet('target', '_blank');
  return defaultLinkOpen(tokens, idx, options, env, self);
};

export function renderLessonMarkdown(source: string): string {
  return markdown.render(source);
}
