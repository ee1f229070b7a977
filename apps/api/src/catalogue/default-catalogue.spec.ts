import type {
  AssignmentContent,
  ExternalContent,
  LessonContent,
  LiveContent,
  QuizContent,
} from '@dx/contract';
import { DX_LITERACY_AREAS, literacyAreaOf, unknownDssCodes } from '@dx/domain';
import { DEFAULT_COURSES, DEFAULT_TRACKS, SeedCourse } from './default-catalogue';

const EXPECTED_CODES = [
  'KAISO-NEWHIRE',
  'KAISO-CHIEF-CLERK',
  'KAISO-SUBSECTION',
  'KAISO-DEPUTY',
  'KAISO-LEADER',
  'WORKPLACE-DX',
  'PROMOTER-BASIC',
  'SPECIALIST-BASIC',
];

/** Every http(s) address anywhere in a value (fields and text alike). */
function urlsIn(value: unknown): string[] {
  const text = JSON.stringify(value);
  return text.match(/\bhttps?:\/\/[^\s"'()（）「」、。]+/g) ?? [];
}

/** Internal (fictional) intranet, or the prefecture's Udemy Business tenant (xxx.udemy.com/course/...). */
function isAllowedUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:') return false;
  const host = parsed.hostname;
  if (host === 'example.lg.jp' || host.endsWith('.example.lg.jp')) return true;
  const udemyTenant = /^[a-z0-9-]+\.udemy\.com$/.test(host) && host !== 'www.udemy.com';
  return udemyTenant && parsed.pathname.startsWith('/course/');
}

const modulesOf = (course: SeedCourse, kind: string) => course.modules.filter((m) => m.kind === kind);

describe('default catalogue', () => {
  it('has the four tracks, with unique codes', () => {
    const codes = DEFAULT_TRACKS.map((t) => t.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect([...codes].sort()).toEqual(['DX-PROMOTER', 'DX-SPECIALIST', 'KAISO', 'WORKPLACE-DX']);
  });

  it('has all 8 course codes, unique, each on a known track', () => {
    const codes = DEFAULT_COURSES.map((c) => c.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect([...codes].sort()).toEqual([...EXPECTED_CODES].sort());
    const trackCodes = new Set(DEFAULT_TRACKS.map((t) => t.code));
    for (const course of DEFAULT_COURSES) expect(trackCodes.has(course.trackCode)).toBe(true);
  });

  it('maps every DXリテラシー標準 area to at least one course, and the specialist course to DX推進 roles', () => {
    const areas = new Set(DEFAULT_COURSES.flatMap((c) => c.dssCodes.map(literacyAreaOf)));
    for (const area of DX_LITERACY_AREAS) expect(areas.has(area.code)).toBe(true);
    const specialist = DEFAULT_COURSES.find((c) => c.code === 'SPECIALIST-BASIC')!;
    expect(specialist.dssCodes.filter((code) => code.startsWith('role.')).length).toBeGreaterThan(0);
  });

  it.each(DEFAULT_COURSES.map((c) => [c.code, c] as const))(
    '%s: lessons, one quiz, sane metadata',
    (_code, course) => {
      expect(course.title.trim()).not.toBe('');
      expect(course.dssCodes.length).toBeGreaterThan(0);
      expect(unknownDssCodes(course.dssCodes)).toEqual([]);
      expect(course.estimatedMinutes).toBeGreaterThanOrEqual(30);
      expect(course.estimatedMinutes).toBeLessThanOrEqual(180);
      expect(modulesOf(course, 'lesson').length).toBeGreaterThanOrEqual(1);
      const quizzes = modulesOf(course, 'quiz');
      expect(quizzes).toHaveLength(1);
      const bank = quizzes[0].questions ?? [];
      expect(bank.length).toBeGreaterThanOrEqual(5);
      const quiz = quizzes[0].content as QuizContent;
      expect(quiz.passMark).toBeGreaterThan(0);
      expect(quiz.passMark).toBeLessThanOrEqual(100);
      expect(quiz.attemptLimit).toBeGreaterThanOrEqual(1);
      if (quiz.drawCount !== null) {
        expect(quiz.drawCount).toBeGreaterThanOrEqual(1);
        expect(quiz.drawCount).toBeLessThanOrEqual(bank.length);
      }
      for (const m of course.modules) if (m.kind !== 'quiz') expect(m.questions).toBeUndefined();
    },
  );

  it('every question has a well-formed answer key', () => {
    for (const course of DEFAULT_COURSES) {
      for (const q of modulesOf(course, 'quiz').flatMap((m) => m.questions ?? [])) {
        const where = `${course.code}: ${q.text}`;
        const correct = q.choices.filter((c) => c.correct).length;
        expect({ where, ok: q.choices.length >= 2 }).toEqual({ where, ok: true });
        expect({ where, ok: correct >= 1 }).toEqual({ where, ok: true });
        if (q.kind === 'single') expect({ where, correct }).toEqual({ where, correct: 1 });
        else expect({ where, says: q.text.includes('すべて選んでください') }).toEqual({ where, says: true });
        expect(new Set(q.choices.map((c) => c.text)).size).toBe(q.choices.length);
        expect(q.explanation.trim()).not.toBe('');
      }
    }
  });

  it('links are https and point only at the intranet or the Udemy Business tenant', () => {
    const urls = urlsIn(DEFAULT_COURSES);
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls) expect({ url, allowed: isAllowedUrl(url) }).toEqual({ url, allowed: true });
    for (const course of DEFAULT_COURSES) {
      for (const m of course.modules) {
        const c = m.content as Partial<LessonContent & ExternalContent & LiveContent>;
        for (const url of [c.videoUrl, c.url, c.meetingUrl])
          if (url !== undefined) expect(isAllowedUrl(url)).toBe(true);
      }
    }
  });

  it('text contains no raw HTML', () => {
    for (const course of DEFAULT_COURSES) {
      for (const m of course.modules) {
        if (m.kind === 'lesson') expect((m.content as LessonContent).markdown).not.toContain('<');
        if (m.kind === 'assignment') expect((m.content as AssignmentContent).instructions).not.toContain('<');
      }
    }
  });

  it('PROMOTER-BASIC requires the Udemy Business course and a live session', () => {
    const course = DEFAULT_COURSES.find((c) => c.code === 'PROMOTER-BASIC')!;
    const [external] = modulesOf(course, 'external');
    expect(external.required).toBe(true);
    expect((external.content as ExternalContent).provider).toBe('udemy_business');
    const [live] = modulesOf(course, 'live');
    expect(live.required).toBe(true);
    const session = live.content as LiveContent;
    expect(session.capacity).toBe(40);
    expect(session.startsAt).toMatch(/\+09:00$/);
    expect(Date.parse(session.endsAt)).toBeGreaterThan(Date.parse(session.startsAt));
  });

  it('SPECIALIST-BASIC requires an assignment that accepts files up to 10 MB', () => {
    const course = DEFAULT_COURSES.find((c) => c.code === 'SPECIALIST-BASIC')!;
    const [assignment] = modulesOf(course, 'assignment');
    expect(assignment.required).toBe(true);
    const content = assignment.content as AssignmentContent;
    expect(content.allowFile).toBe(true);
    expect(content.allowedExtensions).toEqual(['pdf', 'docx', 'xlsx', 'pptx', 'txt']);
    expect(content.maxFileBytes).toBe(10 * 1024 * 1024);
  });
});
