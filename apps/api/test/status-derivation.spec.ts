import { deriveStatus, type EnrollmentStatus } from '@dx/domain';
import { run, sql } from '../src/database/sql';
import { statusSql } from '../src/reports/placement';
import { createTestApp, TestApp } from './support/test-app';

/**
 * report_state()'s numbers (the report triggers' SQL function) in the contract's names. Its 3 is "past due" of
 * either kind: the report cache counts 期限超過 and 更新期限切れ together, and the reports split the count by the
 * assignment's renewal link (reports.repository.ts), the same test statusSql makes.
 */
const REPORT_STATE: Record<number, (renewal: boolean) => EnrollmentStatus> = {
  1: () => 'completed',
  2: () => 'exempt',
  3: (renewal) => (renewal ? 'renewal_overdue' : 'overdue'),
  4: () => 'in_progress',
  5: () => 'not_started',
};

/**
 * The status of an assignment is written three times: `deriveStatus` (API answers, the web app), `statusSql`
 * (statements that read enrolments) and `report_state()` (the triggers that keep the report figures). This walks
 * every combination of their inputs around the day it is judged on and requires the three to agree.
 */
describe('one status, however it is computed', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t?.close());

  it('deriveStatus, statusSql and report_state() agree for every combination of dates and states', async () => {
    const asOf = '2027-03-31';
    const cases: {
      completedOn: string | null;
      exempt: boolean;
      dueDate: string;
      started: boolean;
      renewal: boolean;
    }[] = [];
    for (const completedOn of [null, '2026-05-01', '2027-04-02'])
      for (const exempt of [false, true])
        for (const dueDate of ['2027-03-30', '2027-03-31', '2027-04-01'])
          for (const started of [false, true])
            for (const renewal of [false, true])
              cases.push({ completedOn, exempt, dueDate, started, renewal });

    const rows = await run<{ i: number; sql_status: EnrollmentStatus; state: number }>(
      t.db,
      sql`SELECT c.i, ${statusSql(asOf)} AS sql_status,
              report_state(e.completed_on, e.exempt_reason, e.due_date, e.started_at, ${asOf}::date) AS state
         FROM jsonb_array_elements(${JSON.stringify(cases)}::jsonb) WITH ORDINALITY AS c(value, i)
        CROSS JOIN LATERAL (SELECT (c.value->>'completedOn')::date AS completed_on,
                                   CASE WHEN (c.value->>'exempt')::boolean THEN '長期療養' END AS exempt_reason,
                                   (c.value->>'dueDate')::date AS due_date,
                                   CASE WHEN (c.value->>'started')::boolean THEN now() END AS started_at,
                                   CASE WHEN (c.value->>'renewal')::boolean THEN 1 END AS renews_enrollment_id) e
        ORDER BY c.i`,
    );
    expect(rows).toHaveLength(cases.length);
    const disagreements = rows
      .map((row, index) => {
        const c = cases[index];
        const expected = deriveStatus(
          {
            completedOn: c.completedOn,
            exempt: c.exempt,
            dueDate: c.dueDate,
            progress: c.started ? 0.5 : 0,
            renewal: c.renewal,
          },
          asOf,
        );
        return { case: c, expected, sql: row.sql_status, trigger: REPORT_STATE[row.state](c.renewal) };
      })
      .filter((r) => r.sql !== r.expected || r.trigger !== r.expected);
    expect(disagreements).toEqual([]);
    // Every status is reached by some combination, so agreement is not agreement on one answer.
    expect(new Set(rows.map((r) => r.sql_status)).size).toBe(6);
  });
});
