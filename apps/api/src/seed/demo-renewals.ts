import type { DataSource, EntityManager } from 'typeorm';
import type { CourseRecurrence } from '@dx/contract';
import { addDays, daysBetween, fiscalYearEnd, fiscalYearOf, fiscalYearStart } from '@dx/domain';
import type { EnrolmentEngine } from '../enrolments/enrolment-engine';

/** The demo's two recurring courses (職場内DX研修's track): one renewed every year, one valid for three years. */
export const DEMO_RENEWAL_COURSES: readonly {
  code: string;
  title: string;
  description: string;
  recurrence: CourseRecurrence;
}[] = [
  {
    code: 'INFOSEC',
    title: '情報セキュリティ研修',
    description: '毎年度受講する情報セキュリティの基本（標的型メール、パスワード、持ち出し）。',
    recurrence: { kind: 'every_fiscal_year' },
  },
  {
    code: 'PRIVACY',
    title: '個人情報保護研修',
    description: '修了から3年間有効です。有効期限の年度の4月1日から更新の受講ができます。',
    recurrence: {
      kind: 'valid_for_years',
      years: 3,
      window: { kind: 'date_before_expiry', month: 4, day: 1 },
    },
  },
];

const LESSON = (title: string) =>
  JSON.stringify({
    markdown: `# ${title}\n\n職員として守るべき基本を確認します。最後まで読んだら修了です。`,
  });

/** A day from a hash of the person, stable across runs: 0 ≤ result < modulo. */
const spread = (salt: string, modulo: number) => `abs(hashtext('${salt}-' || s.employee_no)) % ${modulo}`;

/**
 * Renewals (更新) due and overdue on the demo's first start: the two courses above, last year's 情報セキュリティ研修
 * completed by most of the staff (this year's renewal open, a third already done), and 個人情報保護研修 completed three
 * years ago by about one in eight, their validity ending on days spread over this fiscal year (those past today
 * 更新期限切れ unless renewed). The first `showcase` person (a demo login) has both: 情報セキュリティ研修 in its
 * renewal window and 個人情報保護研修 past due. The renewals themselves are the rules engine's, as at a year's start.
 */
export async function seedDemoRenewals(
  dataSource: DataSource,
  engine: EnrolmentEngine,
  tenantId: number,
  today: string,
  showcase: string[],
): Promise<void> {
  const fiscalYear = fiscalYearOf(today);
  await dataSource.transaction(async (manager) => {
    const [track] = await manager.query(
      `SELECT id FROM track WHERE tenant_id = $1 AND code = 'WORKPLACE-DX'`,
      [tenantId],
    );
    if (!track) return;
    const ids = new Map<string, number>();
    for (const course of DEMO_RENEWAL_COURSES) {
      const [row] = await manager.query(
        `INSERT INTO course (tenant_id, code, track_id, title, description, estimated_minutes, published_version, recurrence)
         VALUES ($1, $2, $3, $4, $5, 30, 1, $6) ON CONFLICT (tenant_id, code) DO NOTHING RETURNING id`,
        [
          tenantId,
          course.code,
          track.id,
          course.title,
          course.description,
          JSON.stringify(course.recurrence),
        ],
      );
      if (!row) return; // already there: the demo was loaded before
      ids.set(course.code, row.id);
      await manager.query(
        `INSERT INTO course_module (tenant_id, course_id, version, position, kind, title, required, content)
         VALUES ($1, $2, 1, 1, 'lesson', $3, true, $4)`,
        [tenantId, row.id, `${course.title}（講義）`, LESSON(course.title)],
      );
    }
    await completeLastYear(manager, tenantId, ids.get('INFOSEC')!, fiscalYear, showcase);
    await completeThreeYearsAgo(manager, tenantId, ids.get('PRIVACY')!, fiscalYear, today, showcase);
    await engine.apply(manager, tenantId, [fiscalYear]);
    await renewSome(manager, tenantId, [...ids.values()], fiscalYear, today, showcase);
  });
}

/** 情報セキュリティ研修 of last year, completed by 85 % of those on the staff both years (and the showcase). */
async function completeLastYear(
  manager: EntityManager,
  tenantId: number,
  courseId: number,
  fiscalYear: number,
  showcase: string[],
): Promise<void> {
  const start = fiscalYearStart(fiscalYear - 1);
  await manager.query(
    `INSERT INTO enrollment (tenant_id, staff_id, course_id, fiscal_year, course_version, source, trigger_date, due_date,
                             completed_on, completed_at, completion_source)
     SELECT $1, s.id, $2, $3, 1, 'manual', $4::date, $5::date, d.day, d.day::timestamp AT TIME ZONE 'Asia/Tokyo' + interval '10 hours',
            'import'
       FROM staff s CROSS JOIN LATERAL (SELECT $4::date + ${spread('infosec', 300)} AS day) d
      WHERE s.tenant_id = $1 AND s.hired_on < $6::date AND (s.left_on IS NULL OR s.left_on >= $6::date)
        AND (${spread('infosec-who', 100)} < 85 OR s.employee_no = ANY($7))`,
    [
      tenantId,
      courseId,
      fiscalYear - 1,
      start,
      fiscalYearEnd(fiscalYear - 1),
      fiscalYearStart(fiscalYear),
      showcase,
    ],
  );
}

/**
 * 個人情報保護研修 completed three years ago by one in eight (and the showcase), on the day that makes the validity
 * end on a day of this fiscal year (from 2 April: a validity ending on 1 April opens its renewal the year before);
 * the showcase's validity ended ten days ago, or as early in the year as can be.
 */
async function completeThreeYearsAgo(
  manager: EntityManager,
  tenantId: number,
  courseId: number,
  fiscalYear: number,
  today: string,
  showcase: string[],
): Promise<void> {
  const firstEnd = addDays(fiscalYearStart(fiscalYear), 1);
  const showcaseOffset = Math.max(0, daysBetween(firstEnd, today) - 10);
  await manager.query(
    `INSERT INTO enrollment (tenant_id, staff_id, course_id, fiscal_year, course_version, source, trigger_date, due_date,
                             completed_on, completed_at, completion_source)
     SELECT $1, s.id, $2, CASE WHEN extract(month FROM d.day) >= 4 THEN extract(year FROM d.day)::int
                               ELSE extract(year FROM d.day)::int - 1 END,
            1, 'manual', d.day, d.day, d.day, d.day::timestamp AT TIME ZONE 'Asia/Tokyo' + interval '10 hours', 'import'
       FROM staff s
      CROSS JOIN LATERAL (
        SELECT CASE WHEN s.employee_no = $5 THEN $6::int ELSE ${spread('privacy', 363)} END AS k) o
      CROSS JOIN LATERAL (SELECT (($3::date + o.k + 1) - interval '3 years')::date AS day) d
      WHERE s.tenant_id = $1 AND s.hired_on <= d.day AND s.left_on IS NULL
        AND (${spread('privacy-who', 8)} = 0 OR s.employee_no = ANY($4))`,
    [tenantId, courseId, firstEnd, showcase, showcase[0] ?? '', showcaseOffset],
  );
}

/**
 * Some renewals are done already: a third of 情報セキュリティ研修's and of 個人情報保護研修's, on a day between the window's
 * opening and today (never the showcase's). Their modules are marked done as a learner's would be.
 */
async function renewSome(
  manager: EntityManager,
  tenantId: number,
  courseIds: number[],
  fiscalYear: number,
  today: string,
  showcase: string[],
): Promise<void> {
  await manager.query(
    `UPDATE enrollment e
        SET completed_on = least($4::date, e.trigger_date + ${spread('renewed-day', 60)}),
            completed_at = least($4::date, e.trigger_date + ${spread('renewed-day', 60)})::timestamp AT TIME ZONE 'Asia/Tokyo'
                           + interval '10 hours',
            completion_source = 'learner'
       FROM staff s
      WHERE s.id = e.staff_id AND e.tenant_id = $1 AND e.course_id = ANY($2) AND e.fiscal_year = $3
        AND e.renews_enrollment_id IS NOT NULL AND e.trigger_date <= $4::date
        AND ${spread('renewed', 3)} = 0 AND s.employee_no <> ALL($5)`,
    [tenantId, courseIds, fiscalYear, today, showcase],
  );
  await manager.query(
    `INSERT INTO module_progress (tenant_id, enrollment_id, module_id, source, completed_at)
     SELECT e.tenant_id, e.id, m.id, 'learner', e.completed_at FROM enrollment e
       JOIN course_module m ON m.course_id = e.course_id AND m.version = e.course_version AND m.required
      WHERE e.tenant_id = $1 AND e.course_id = ANY($2) AND e.completed_at IS NOT NULL
     ON CONFLICT (enrollment_id, module_id) DO NOTHING`,
    [tenantId, courseIds],
  );
}
