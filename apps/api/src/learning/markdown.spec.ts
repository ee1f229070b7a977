import type { LessonContent } from '@dx/contract';
import { DEFAULT_COURSES } from '../catalogue/default-catalogue';
import { renderLessonMarkdown } from './markdown';

/** What a learner reads: the rendered HTML without its tags, entities decoded. */
function visibleText(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

const lessons = DEFAULT_COURSES.flatMap((course) =>
  course.modules
    .filter((m) => m.kind === 'lesson')
    .map((m) => [`${course.code} ${m.title}`, (m.content as LessonContent).markdown] as const),
);

describe('lesson Markdown', () => {
  it('closes bold next to Japanese punctuation (新規採用職員研修, first lesson)', () => {
    const html = renderLessonMarkdown('その取り組みが**県庁DX（デジタル・トランスフォーメーション）**です。');
    expect(html).toContain('<strong>県庁DX（デジタル・トランスフォーメーション）</strong>です');
    expect(visibleText(html)).not.toContain('**');
  });

  it('still escapes raw HTML and refuses script links', () => {
    const html = renderLessonMarkdown('<script>alert(1)</script> [x](javascript:alert(1))');
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('href="javascript:');
  });

  it('covers every lesson of the default catalogue', () => {
    expect(lessons.length).toBeGreaterThanOrEqual(DEFAULT_COURSES.length);
    const first = DEFAULT_COURSES.find((c) => c.code === 'KAISO-NEWHIRE')?.modules[0];
    expect((first?.content as LessonContent).markdown).toContain(
      '**県庁DX（デジタル・トランスフォーメーション）**です',
    );
  });

  it.each(lessons)('%s: no stray Markdown markers in the rendered text', (_name, source) => {
    const html = renderLessonMarkdown(source);
    const text = visibleText(html);
    // Reported with the surrounding words, so a failure points at the sentence to fix.
    const stray = [...text.matchAll(/.{0,20}(\*\*|__|`).{0,20}/g)].map((m) => m[0]);
    expect(stray).toEqual([]);
    expect(html).not.toContain('<code>');
  });

  it('renders tables with a header row', () => {
    const html = renderLessonMarkdown('| 区分 | 例 |\n|---|---|\n| 個人情報 | 氏名 |');
    expect(html).toContain('<thead>');
    expect(html).toContain('<th>区分</th>');
    expect(html).toContain('<td>個人情報</td>');
  });
});
