import { COHORT_STAGES } from '@dx/contract';
import { DEMO_SESSION_LEAD_DAYS, demoSessionDates } from './demo-data';
import { demoCohortStage, demoPromoterPlan } from './demo-promoters';

describe('the demo’s 集合研修 dates', () => {
  const session = { startsAt: '2026-06-16T13:30:00+09:00', endsAt: '2026-06-16T15:00:00+09:00' };

  it('lie after the load day (three weeks on), at the session’s own time and length, in Tokyo time', () => {
    // 2026-12-03 is a Thursday: three weeks on is Thursday 24 December.
    expect(demoSessionDates('2026-12-03', session, 0)).toEqual({
      startsAt: '2026-12-24T13:30:00+09:00',
      endsAt: '2026-12-24T15:00:00+09:00',
    });
    expect(DEMO_SESSION_LEAD_DAYS).toBeGreaterThan(0);
  });

  it('a later session comes a week after the one before', () => {
    expect(demoSessionDates('2026-12-03', session, 1).startsAt).toBe('2026-12-31T13:30:00+09:00');
  });

  it('never falls on a weekend: Saturday and Sunday move to Monday', () => {
    // 2026-12-05 (Sat) + 21 = 2026-12-26 (Sat) → Monday 28th; 2026-12-06 (Sun) + 21 = 27th (Sun) → 28th.
    expect(demoSessionDates('2026-12-05', session, 0).startsAt).toBe('2026-12-28T13:30:00+09:00');
    expect(demoSessionDates('2026-12-06', session, 0).startsAt).toBe('2026-12-28T13:30:00+09:00');
  });

  it('keeps a session that crosses midnight in Tokyo, or one stored in UTC, at its Tokyo time', () => {
    expect(
      demoSessionDates('2027-03-01', { startsAt: '2026-06-16T01:00:00Z', endsAt: '2026-06-16T03:00:00Z' }, 0),
    ).toEqual({ startsAt: '2027-03-22T10:00:00+09:00', endsAt: '2027-03-22T12:00:00+09:00' });
  });

  it('a session without readable dates still gets a future afternoon slot of 90 minutes', () => {
    expect(demoSessionDates('2026-12-03', { startsAt: '', endsAt: '' }, 0)).toEqual({
      startsAt: '2026-12-24T13:30:00+09:00',
      endsAt: '2026-12-24T15:00:00+09:00',
    });
  });
});

describe('the demo’s promoters and specialist cohort (demo-promoters.ts)', () => {
  it('leaves about one 所属 in ten without a promoter: never named, or named and moved away by the April roster', () => {
    // The prefecture's 100 所属 and the town's 12.
    for (const sections of [100, 12]) {
      const plan = demoPromoterPlan(sections);
      const covered = (sections - plan.withoutDesignation - plan.endedByRoster) / sections;
      expect(covered).toBeGreaterThanOrEqual(0.85);
      expect(covered).toBeLessThanOrEqual(0.95);
      expect(plan.withoutDesignation).toBeGreaterThan(0);
    }
    expect(demoPromoterPlan(100)).toEqual({ withoutDesignation: 6, endedByRoster: 4 });
  });

  it('puts this year’s cohort at every stage from five members on, and certifies most of last year’s', () => {
    const stages = (n: number, cohort: 'this' | 'last') =>
      Array.from({ length: n }, (_, i) => demoCohortStage(i + 1, cohort));
    expect(new Set(stages(5, 'this'))).toEqual(new Set(COHORT_STAGES));
    expect(new Set(stages(20, 'this'))).toEqual(new Set(COHORT_STAGES));
    expect(stages(3, 'last')).toEqual(['認定', '認定', '実践']);
  });
});
