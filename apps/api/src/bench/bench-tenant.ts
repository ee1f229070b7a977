import type { Client } from 'pg';
import { addDays, fiscalYearEnd, fiscalYearOf, fiscalYearStart } from '@dx/domain';
import { buildDemoData, DemoData, DemoPerson, orgCsv, staffCsv } from '../seed/demo-data';
import { log, ms, postJson, thousands, upload } from './bench-kit';

export const BENCH_PASSWORD = 'bench-password-2026';
const EXTRA_COURSES = 52;

export interface BenchTenant {
  tenantId: number;
  today: string;
  fiscalYear: number;
  yearStart: string;
  data: DemoData;
  /** The 部局 with the most people today, its 部長's token, and its head count. */
  department: { code: string; name: string; people: number; directorNo: string; directorToken: string };
  learnerTokens: string[];
  staffActive: number;
  units: number;
  courses: number;
  assignments: number;
  statusShares: Record<string, number>;
  /** The imports that built the tenant, each timed once. */
  imports: { first: number; nextYear: number; same: number };
  buildMs: number;
}

/**
 * A prefecture-sized tenant through the API and then in bulk: last year's and this year's org chart and roster
 * through the import endpoints (which also make the rules' assignments), then 52 more courses and enough manual
 * assignments in one INSERT … SELECT that this fiscal year holds about `targetAssignments`, with a fixed
 * spread of states: 85 % completed, 5 % overdue, 5 % in progress (one module done), 5 % not started.
 */
export async function buildBenchTenant(
  api: string,
  adminToken: string,
  db: Client,
  today: string,
  staff: number,
  targetAssignments: number,
): Promise<BenchTenant> {
  const started = performance.now();
  const fiscalYear = fiscalYearOf(today);
  const yearStart = fiscalYearStart(fiscalYear);
  const data = buildDemoData(today, staff);
  const importUrl = (what: string, date: string) => `${api}/api/v1/imports/${what}?effectiveDate=${date}`;
  const org = orgCsv(data);
  await upload(importUrl('org-units', data.previousYearStart), adminToken, org, 'org.csv');
  const first = await upload(
    importUrl('staff', data.previousYearStart),
    adminToken,
    staffCsv(data, 'previous'),
    'staff.csv',
  );
  await upload(importUrl('org-units', data.yearStart), adminToken, org, 'org.csv');
  const nextYear = await upload(
    importUrl('staff', data.yearStart),
    adminToken,
    staffCsv(data, 'current'),
    'staff.csv',
  );
  const same = await upload(
    importUrl('staff', data.yearStart),
    adminToken,
    staffCsv(data, 'current'),
    'staff.csv',
  );
  log(
    `imported ${data.units.length} units and the roster: first ${ms(first.elapsed)} (${first.body.counts.created} created), ` +
      `next April ${ms(nextYear.elapsed)} ${JSON.stringify(nextYear.body.counts)}, same file again ${ms(same.elapsed)}`,
  );

  const [{ id: tenantId }] = (await db.query(`SELECT id FROM tenant WHERE code = 'default'`)).rows;
  await addCoursesAndAssignments(db, tenantId, today, fiscalYear, targetAssignments);

  const [big] = (
    await db.query(
      `SELECT split_part(v.path, '/', 2) AS code, count(*)::int AS people
         FROM staff s
         JOIN staff_assignment a ON a.tenant_id = s.tenant_id AND a.staff_id = s.id
          AND a.valid_from <= $2 AND (a.valid_to IS NULL OR a.valid_to > $2)
         JOIN org_unit_version v ON v.tenant_id = a.tenant_id AND v.unit_id = a.unit_id AND v.valid_from <= $2 AND (v.valid_to IS NULL OR v.valid_to > $2)
        WHERE s.tenant_id = $1 AND s.left_on IS NULL
        GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1`,
      [tenantId, today],
    )
  ).rows;
  const director = data.people.find((p) => p.position === '部長' && p.unitCode === big.code)!;
  const unit = data.units.find((u) => u.code === big.code)!;
  const directorToken = await staffLogin(api, adminToken, director.employeeNo);
  const members = data.people.filter(
    (p) => !p.retiredLastYear && ['主事', '技師', '主任', '主査'].includes(p.position),
  );
  const learnerTokens: string[] = [];
  for (let i = 0; i < 10; i++)
    learnerTokens.push(
      await staffLogin(api, adminToken, members[Math.floor((i * members.length) / 10)].employeeNo),
    );

  const [counts] = (
    await db.query(
      `SELECT (SELECT count(*)::int FROM staff WHERE tenant_id = $1 AND left_on IS NULL) AS staff_active,
              (SELECT count(*)::int FROM org_unit WHERE tenant_id = $1) AS units,
              (SELECT count(*)::int FROM course WHERE tenant_id = $1) AS courses,
              (SELECT count(*)::int FROM enrollment WHERE tenant_id = $1 AND fiscal_year = $2) AS assignments`,
      [tenantId, fiscalYear],
    )
  ).rows;
  const shares = (
    await db.query(
      `SELECT CASE WHEN e.completed_on IS NOT NULL THEN 'completed' WHEN e.due_date < $3::date THEN 'overdue'
                   WHEN EXISTS (SELECT 1 FROM module_progress mp WHERE mp.tenant_id = $1 AND mp.enrollment_id = e.id) THEN 'in_progress'
                   ELSE 'not_started' END AS status, count(*)::int AS n
         FROM enrollment e WHERE e.tenant_id = $1 AND e.fiscal_year = $2 GROUP BY 1`,
      [tenantId, fiscalYear, today],
    )
  ).rows;
  const statusShares = Object.fromEntries(
    shares.map((r: { status: string; n: number }) => [r.status, r.n / counts.assignments]),
  );
  return {
    tenantId,
    today,
    fiscalYear,
    yearStart,
    data,
    department: {
      code: big.code,
      name: unit.name,
      people: big.people,
      directorNo: director.employeeNo,
      directorToken,
    },
    learnerTokens,
    staffActive: counts.staff_active,
    units: counts.units,
    courses: counts.courses,
    assignments: counts.assignments,
    statusShares,
    imports: { first: first.elapsed, nextYear: nextYear.elapsed, same: same.elapsed },
    buildMs: performance.now() - started,
  };
}

/** An account for a staff member (set by the administrator through the API), logged in. */
async function staffLogin(api: string, adminToken: string, employeeNo: string): Promise<string> {
  await postJson(
    `${api}/api/v1/admin/users/${employeeNo}/password`,
    adminToken,
    { password: BENCH_PASSWORD },
    'PUT',
  );
  const login = await postJson(`${api}/api/v1/auth/login`, null, {
    loginId: employeeNo,
    password: BENCH_PASSWORD,
  });
  return login!.accessToken;
}

export async function addCoursesAndAssignments(
  db: Client,
  tenantId: number,
  today: string,
  fiscalYear: number,
  target: number,
): Promise<void> {
  const started = performance.now();
  const yearStart = fiscalYearStart(fiscalYear);
  const yearEnd = fiscalYearEnd(fiscalYear);
  const september = addDays(yearStart, 182);
  const december = `${fiscalYear}-12-31`;
  // With every trigger on: the kept report figures follow this load as they follow any writer (the bench then
  // checks them against statements on the raw tables).
  await db.query('BEGIN');
  await db.query(
    `INSERT INTO course (tenant_id, code, track_id, title, description, estimated_minutes, published_version)
     WITH tracks AS (SELECT id, row_number() OVER (ORDER BY sort_order, id) - 1 AS i FROM track WHERE tenant_id = $1)
     SELECT $1, 'BENCH-' || lpad(n::text, 3, '0'), t.id, 'DX実践講座 第' || n || '回', '性能測定用の研修', 30, 1
       FROM generate_series(1, $2::int) n JOIN tracks t ON t.i = n % 4 ORDER BY n`,
    [tenantId, EXTRA_COURSES],
  );
  await db.query(
    `INSERT INTO course_module (tenant_id, course_id, version, position, kind, title, required, content)
     SELECT $1, c.id, 1, 1, 'lesson', '講義', true, '{"markdown": "性能測定用の講義です。"}'::jsonb
       FROM course c WHERE c.tenant_id = $1 AND c.code LIKE 'BENCH-%'`,
    [tenantId],
  );
  const [{ existing, people }] = (
    await db.query(
      `SELECT (SELECT count(*)::int FROM enrollment WHERE tenant_id = $1 AND fiscal_year = $2) AS existing,
              (SELECT count(*)::int FROM staff WHERE tenant_id = $1 AND (left_on IS NULL OR left_on >= $3::date)) AS people`,
      [tenantId, fiscalYear, yearStart],
    )
  ).rows;
  const pick = Math.min(1, Math.max(0, (target - existing) / (people * EXTRA_COURSES)));
  // r (0–999) decides the state, g spreads the days; both from a hash, so every run builds the same data.
  const inserted = await db.query(
    `WITH extra AS (
       SELECT c.id, row_number() OVER (ORDER BY c.code)::int AS n FROM course c WHERE c.tenant_id = $1 AND c.code LIKE 'BENCH-%'
     ), pairs AS (
       SELECT s.id AS staff_id, x.id AS course_id, x.n, abs(hashtext(s.id || ':' || x.id)) AS h
         FROM staff s CROSS JOIN extra x
        WHERE s.tenant_id = $1 AND (s.left_on IS NULL OR s.left_on >= $3::date)
          AND abs(hashtext(x.id || '/' || s.id)) % 1000000 < $8::float8 * 1000000
     ), states AS (
       SELECT staff_id, course_id, n, h % 1000 AS r, h / 1000 AS g FROM pairs
     ), rows AS (
       SELECT staff_id, course_id,
              CASE WHEN r < 850 THEN $3::date + (g % ($4::date - $3::date))::int END AS done,
              CASE WHEN r BETWEEN 850 AND 899 THEN greatest($3::date + 30, $4::date - 1 - (g % 150)::int)
                   WHEN r >= 900 THEN (CASE WHEN n % 2 = 0 THEN $6 ELSE $7 END)::date
                   ELSE (CASE n % 3 WHEN 0 THEN $5 WHEN 1 THEN $6 ELSE $7 END)::date END AS due
         FROM states
     )
     INSERT INTO enrollment (tenant_id, staff_id, course_id, fiscal_year, course_version, source, trigger_date, due_date,
                             completed_on, completed_at, completion_source)
     SELECT $1, staff_id, course_id, $2, 1, 'manual', $3::date, due, done,
            (done + time '10:00') AT TIME ZONE 'Asia/Tokyo', CASE WHEN done IS NOT NULL THEN 'learner' END
       FROM rows`,
    [tenantId, fiscalYear, yearStart, today, september, december, yearEnd, pick],
  );
  // The rules' own assignments of the year get the same spread of completions.
  await db.query(
    `UPDATE enrollment e SET completed_on = d.day, completed_at = (d.day + time '10:00') AT TIME ZONE 'Asia/Tokyo',
            completion_source = 'learner'
       FROM (SELECT tenant_id, id, least($3::date - 1, trigger_date + (abs(hashtext('r' || id)) / 1000) % 120) AS day
               FROM enrollment WHERE tenant_id = $1 AND fiscal_year = $2 AND source = 'rule' AND completed_on IS NULL
                AND trigger_date < $3::date AND abs(hashtext('r' || id)) % 1000 < 850) d
      WHERE e.tenant_id = d.tenant_id AND e.id = d.id`,
    [tenantId, fiscalYear, today],
  );
  const progress = await db.query(
    `INSERT INTO module_progress (tenant_id, enrollment_id, module_id, source, completed_at)
     SELECT e.tenant_id, e.id, m.id, 'learner', now()
       FROM enrollment e
       JOIN course_module m ON m.tenant_id = e.tenant_id AND m.course_id = e.course_id AND m.version = e.course_version AND m.position = 1
      WHERE e.tenant_id = $1 AND e.fiscal_year = $2 AND e.completed_on IS NULL AND e.due_date >= $3::date
        AND CASE WHEN e.source = 'manual' THEN abs(hashtext(e.staff_id || ':' || e.course_id)) % 1000 < 950
                 ELSE abs(hashtext('p' || e.id)) % 2 = 0 END`,
    [tenantId, fiscalYear, today],
  );
  await db.query('COMMIT');
  const loaded = performance.now();
  await db.query('VACUUM (ANALYZE)');
  log(
    `bulk: ${EXTRA_COURSES} courses, ${thousands(inserted.rowCount ?? 0)} assignments, ${thousands(progress.rowCount ?? 0)} module_progress ` +
      `in ${ms(loaded - started)}; VACUUM (ANALYZE) ${ms(performance.now() - loaded)}`,
  );
}

/** The next roster: `share` of the members (a different slice each round) moved to another 班 or promoted on `date`. */
export function rosterWithChanges(
  data: DemoData,
  round: number,
  share: number,
  date: string,
): { csv: Uint8Array; moved: number; promoted: number } {
  const PROMOTION: Record<string, string> = { 主事: '主任', 技師: '主任', 主任: '主査', 主査: '係長' };
  const teams = data.units.filter((u) => u.kind === '班').map((u) => u.code);
  const current = data.people.filter((p) => !p.retiredLastYear);
  const members = current.filter((p) => PROMOTION[p.position]);
  const count = Math.round(current.length * share);
  let moved = 0;
  let promoted = 0;
  for (let i = 0; i < count; i++) {
    const person: DemoPerson = members[(round * count + i) % members.length];
    person.before = undefined;
    person.assignedOn = date;
    if (i % 3 === 2) {
      person.position = PROMOTION[person.position] ?? person.position;
      person.promotedOn = date;
      promoted++;
    } else {
      const index = teams.indexOf(person.unitCode);
      person.unitCode = teams[(index + 1 + ((i * 37) % (teams.length - 1))) % teams.length];
      moved++;
    }
  }
  return { csv: staffCsv(data, 'current'), moved, promoted };
}
