import type { OutsideActivity } from '@dx/domain';
import { expectOk } from './factories';
import type { TestApp } from './test-app';

type Auth = Record<string, string>;

/**
 * A published course (track KAISO) whose only module is an external Udemy Business module naming `udemyCourseId`
 * and `url`: a Udemy completion completes the whole course. Returns the module's id. (Shared with the Udemy sync and
 * LRS tests.)
 */
export async function udemyCourse(
  t: TestApp,
  editor: Auth,
  code: string,
  udemyCourseId: string | undefined,
  url: string,
  extraModules: 'none' | 'lesson' = 'none',
): Promise<number> {
  const call = async (method: 'POST', path: string, payload?: object, status = 201) => {
    const response = await t.request({ method, url: `/api/v1/catalogue${path}`, headers: editor, payload });
    expectOk(response, `${method} ${path}`, status);
    return response.body ? response.json() : undefined;
  };
  await call('POST', '/courses', {
    code,
    trackCode: 'KAISO',
    title: `Udemy研修 ${code}`,
    description: 'Udemy Business で受講する研修です。',
    estimatedMinutes: 60,
    dssCodes: ['lit.what'],
  });
  const module = await call('POST', `/courses/${code}/draft/modules`, {
    kind: 'external',
    title: `Udemy講座 ${code}`,
    required: true,
    content: { provider: 'udemy_business', ...(udemyCourseId ? { courseId: udemyCourseId } : {}), url },
  });
  if (extraModules === 'lesson') {
    await call('POST', `/courses/${code}/draft/modules`, {
      kind: 'lesson',
      title: 'まとめ',
      required: true,
      content: { markdown: '# まとめ\n\n振り返りです。' },
    });
  }
  await call('POST', `/courses/${code}/publish`, undefined, 200);
  return module.id;
}

/** An OutsideActivity with defaults; pass what the test is about. */
export function activity(overrides: Partial<OutsideActivity> = {}): OutsideActivity {
  return {
    source: 'csv',
    email: null,
    externalId: null,
    udemyCourseId: null,
    courseTitle: 'テスト講座',
    completedOn: null,
    ...overrides,
  };
}
