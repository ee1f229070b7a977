import {
  ENROLLMENT_STATUS_LABELS,
  type EnrollmentStatus,
  courseProgress,
  deriveStatus,
  sortEnrollments,
  statusSortKey,
} from './enrollment-status';

describe('deriveStatus', () => {
  type Enrollment = Parameters<typeof deriveStatus>[0];
  const base: Enrollment = { completedOn: null, exempt: false, dueDate: '2026-06-30', progress: 0 };
  it.each<[string, Partial<Enrollment>, string, EnrollmentStatus]>([
    ['nothing done, in time', {}, '2026-05-01', 'not_started'],
    ['nothing done, on the due date itself', {}, '2026-06-30', 'not_started'],
    ['some progress, in time', { progress: 0.5 }, '2026-05-01', 'in_progress'],
    ['nothing done, the day after the due date', {}, '2026-07-01', 'overdue'],
    ['some progress but past due', { progress: 0.9 }, '2026-07-01', 'overdue'],
    ['a renewal past due is 更新期限切れ', { renewal: true }, '2026-07-01', 'renewal_overdue'],
    ['a renewal on its due date is still in time', { renewal: true }, '2026-06-30', 'not_started'],
    [
      'a renewal completed is completed',
      { renewal: true, completedOn: '2026-07-02' },
      '2026-08-01',
      'completed',
    ],
    ['a renewal exempt is exempt', { renewal: true, exempt: true }, '2026-08-01', 'exempt'],
    ['completed in time', { completedOn: '2026-06-01', progress: 1 }, '2026-07-01', 'completed'],
    [
      'completed late is still completed',
      { completedOn: '2026-08-01', progress: 1 },
      '2026-09-01',
      'completed',
    ],
    ['exempt, past due, is exempt not overdue', { exempt: true }, '2027-01-01', 'exempt'],
    ['exempt with progress is exempt', { exempt: true, progress: 0.3 }, '2026-05-01', 'exempt'],
    [
      'completed and exempt is completed',
      { exempt: true, completedOn: '2026-06-01' },
      '2026-07-01',
      'completed',
    ],
  ])('%s → %s', (_name, overrides, today, expected) => {
    expect(deriveStatus({ ...base, ...overrides }, today)).toBe(expected);
  });
});

describe('ENROLLMENT_STATUS_LABELS', () => {
  it('uses the contract CSV wording', () => {
    expect(ENROLLMENT_STATUS_LABELS).toEqual({
      not_started: '未着手',
      in_progress: '受講中',
      completed: '修了',
      overdue: '期限超過',
      renewal_overdue: '更新期限切れ',
      exempt: '免除',
    });
  });
});

describe('courseProgress', () => {
  it.each([
    [0, 0, 0],
    [0, 3, 0],
    [4, 0, 0],
    [4, 1, 0.25],
    [3, 1, 1 / 3],
    [3, 3, 1],
    [3, 5, 1],
    [3, -1, 0],
  ])('%i required, %i done → %d', (required, done, expected) => {
    expect(courseProgress(required, done)).toBe(expected);
  });
});

describe('statusSortKey', () => {
  it('orders overdue first, then in progress, not started, completed, exempt', () => {
    const statuses: EnrollmentStatus[] = ['exempt', 'completed', 'not_started', 'overdue', 'in_progress'];
    expect([...statuses].sort((a, b) => statusSortKey(a) - statusSortKey(b))).toEqual([
      'overdue',
      'in_progress',
      'not_started',
      'completed',
      'exempt',
    ]);
  });

  it('gives every status its own key', () => {
    const keys = (Object.keys(ENROLLMENT_STATUS_LABELS) as EnrollmentStatus[]).map(statusSortKey);
    expect(new Set(keys).size).toBe(5);
  });
});

describe('sortEnrollments', () => {
  const item = (courseCode: string, status: EnrollmentStatus, dueDate: string) => ({
    courseCode,
    status,
    dueDate,
  });

  it('puts overdue first, then in progress, not started, completed, exempt; then the earliest due date', () => {
    const items = [
      item('A', 'exempt', '2026-06-30'),
      item('B', 'completed', '2026-06-30'),
      item('C', 'not_started', '2026-09-30'),
      item('D', 'not_started', '2026-06-30'),
      item('E', 'in_progress', '2027-03-31'),
      item('F', 'overdue', '2026-05-31'),
    ];
    expect(sortEnrollments(items).map((i) => i.courseCode)).toEqual(['F', 'E', 'D', 'C', 'B', 'A']);
  });

  it('orders ties by course code, not by title, and leaves its input as it was', () => {
    const items = [
      { ...item('DX-102', 'not_started', '2027-03-31'), courseTitle: 'あ' },
      { ...item('DX-101', 'not_started', '2027-03-31'), courseTitle: 'い' },
    ];
    expect(sortEnrollments(items).map((i) => i.courseCode)).toEqual(['DX-101', 'DX-102']);
    expect(items[0].courseCode).toBe('DX-102');
  });
});
