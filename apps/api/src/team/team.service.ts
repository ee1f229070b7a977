import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type {
  MatrixCell,
  MatrixPerson,
  MatrixTotals,
  PeopleSort,
  ReminderPreview,
  ReminderResult,
  ReminderSkippedPerson,
  TeamMatrix,
} from '@dx/contract';
import { addDays, formatJapaneseDate, normalizeSearchQuery } from '@dx/domain';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth-user';
import { Problem } from '../common/problem';
import { AppConfig } from '../config/app-config';
import {
  pageOrder,
  pathCodes,
  pathCodesSql,
  placedAssignmentsSql,
  statusSql,
  unitNamesSql,
  unitPathBelow,
} from '../reports/placement';
import type { ReportScope } from '../access/access.service';
import { ReportsService } from '../reports/reports.service';
import { run, type Sql, sql } from '../database/sql';
import { likeEscape } from '../staff/staff.service';
import { Mailer } from './mailer';

export interface MatrixFilter {
  fiscalYear: number;
  orgUnitCode?: string;
  trackCode?: string;
  courseCode?: string;
  status?: string;
  position?: string;
  q?: string;
  sort?: PeopleSort;
  page: number;
  pageSize: number;
}

/** The kept count (report_person) that says a person has at least one course in a status. */
const STATUS_COLUMNS: Record<string, string> = {
  completed: 'completed',
  in_progress: 'in_progress',
  not_started: 'not_started',
  overdue: 'overdue',
  exempt: 'exempt',
};

const LAST_CODE = `reverse(split_part(reverse(rtrim(p.path, '/')), '/', 1))`;

/** What both ways of reading the matrix give: its people as JSON bytes, and the rows of its totals. */
interface MatrixParts {
  people: Buffer;
  total: number;
  /** The name and kind of the unit asked for (null for none, or a code without a version). */
  unit: { name: string; kind: string } | null;
  columns: {
    course_code: string;
    title: string;
    track_code: string;
    assigned: number;
    completed: number;
    overdue: number;
    exempt: number;
  }[];
  children: {
    code: string;
    name: string | null;
    kind: string | null;
    assigned: number;
    completed: number;
    overdue: number;
  }[];
}

/** A manager's view of their subtree: people × courses, and reminders to those who are late. */
/** nodemailer's codes for a relay that cannot be reached or talked to at all (not a refused recipient). */
const RELAY_FAILURES = new Set([
  'ECONNECTION',
  'ETIMEDOUT',
  'ESOCKET',
  'EAUTH',
  'ETLS',
  'EDNS',
  'ECONNREFUSED',
]);

@Injectable()
export class TeamService {
  private readonly logger = new Logger(TeamService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reports: ReportsService,
    private readonly audit: AuditService,
    private readonly mailer: Mailer,
    private readonly config: AppConfig,
  ) {}

  /**
   * The matrix as JSON bytes (a TeamMatrix): its people, most of the answer (a 部局's page is about 200 KB), come
   * from the database as JSON bytes, so Node neither parses nor serialises nor re-encodes them.
   */
  async matrix(user: AuthUser, filter: MatrixFilter): Promise<Buffer> {
    const unitCode = filter.orgUnitCode ?? user.managedUnit?.code;
    const scope = await this.reports.currentScope(user, filter.fiscalYear, unitCode);
    // As in the completion report, the user's subtree and the unit are matched by code in the path where each person
    // was placed (not by today's path), so a leaver of a 所属 that later moved still counts in it.
    const track = filter.trackCode;
    const conditions: Sql[] = [];
    if (filter.courseCode) conditions.push(sql`c.code = ${filter.courseCode}`);
    // Conditions on the person narrow the people before their assignments are read.
    const personConditions: Sql[] = [];
    if (filter.position) {
      personConditions.push(
        sql`p.position_id IN (SELECT pos.id FROM position pos WHERE pos.tenant_id = ${user.tenantId} AND pos.name = ${filter.position})`,
      );
    }
    if (filter.q?.trim()) {
      const query = normalizeSearchQuery(filter.q);
      personConditions.push(
        query.digits
          ? sql`p.employee_no LIKE ${query.digits + '%'}`
          : sql`replace(p.staff_name, ' ', '') ILIKE ${'%' + likeEscape(query.text.replace(/ /g, '')) + '%'}`,
      );
    }
    // A status among all of a person's courses is in their kept counts; within a track or a course it is read per row.
    let having = sql.raw('');
    const statusColumn = filter.status ? STATUS_COLUMNS[filter.status] : undefined;
    if (statusColumn && !track && !filter.courseCode) personConditions.push(sql.raw(`p.${statusColumn} > 0`));
    else if (filter.status) having = sql`HAVING bool_or(f.status = ${filter.status})`;
    const base = sql`WITH ${placedAssignmentsSql({
      tenantId: user.tenantId,
      fiscalYear: filter.fiscalYear,
      reportDate: scope.reportDate,
      today: scope.today,
      scopePattern: scope.scopePattern,
      unitPattern: scope.unitPattern,
      trackCode: track,
      personFilter: personConditions.length ? sql.join(personConditions, ' AND ') : undefined,
    })},
      filtered AS (
        SELECT p.*, c.code AS course_code, c.title AS course_title, t.code AS track_code, t.sort_order, pos.name AS position_name
          FROM placed p JOIN course c ON c.id = p.course_id JOIN track t ON t.id = c.track_id
          JOIN position pos ON pos.id = p.position_id
         ${conditions.length ? sql`WHERE ${sql.join(conditions, ' AND ')}` : sql.raw('')}
      ),
      matching_people AS (
        SELECT f.staff_id FROM filtered f GROUP BY f.staff_id ${having}
      ),
      chosen AS (SELECT f.* FROM filtered f JOIN matching_people USING (staff_id))`;
    // The direct sub-unit: the code after the unit's own code in the person's path (the 部局 for the whole tenant).
    const child = unitCode
      ? sql`split_part(split_part(f.path, ${`/${unitCode}/`}, 2), '/', 1)`
      : sql`split_part(f.path, '/', 2)`;
    // Without filters on courses, status, position or name, every figure is in the report cache's roll-ups.
    const unfiltered = !track && conditions.length === 0 && personConditions.length === 0 && !filter.status;
    const order = pageOrder(
      filter.sort,
      'min(f.path)',
      `count(*) FILTER (WHERE f.status = 'overdue')`,
      'min(f.employee_no)',
    );
    const { people, total, unit, columns, children } = unfiltered
      ? await this.unfilteredMatrix(scope, user.tenantId, filter, unitCode)
      : await this.filteredMatrix(user.tenantId, filter.fiscalYear, scope, unitCode, filter.page, {
          page: sql`${base}
             SELECT f.staff_id, min(f.employee_no) AS employee_no, min(f.staff_name) AS name, min(f.path) AS path,
                    min(${sql.raw(LAST_CODE.replace(/p\.path/g, 'f.path'))}) AS unit_code,
                    min(f.position_name) AS position_name, count(*)::int AS assigned,
                    count(*) FILTER (WHERE f.status = 'completed')::int AS completed,
                    count(*) FILTER (WHERE f.status = 'overdue')::int AS overdue,
                    json_object_agg(f.course_code, json_build_object('status', f.status, 'dueDate', f.due_date, 'completedAt', f.completed_on)) AS cells,
                    count(*) OVER ()::int AS total
               FROM chosen f GROUP BY f.staff_id
              ORDER BY ${sql.raw(order)}
              LIMIT ${filter.pageSize}::int OFFSET ${(filter.page - 1) * filter.pageSize}::int`,
          columns: sql`${base}
             SELECT f.course_code, min(f.course_title) AS title, min(f.track_code) AS track_code, min(f.sort_order) AS sort_order,
                    count(*)::int AS assigned, count(*) FILTER (WHERE f.status = 'completed')::int AS completed,
                    count(*) FILTER (WHERE f.status = 'overdue')::int AS overdue, count(*) FILTER (WHERE f.status = 'exempt')::int AS exempt
               FROM chosen f GROUP BY f.course_code ORDER BY min(f.sort_order), f.course_code`,
          children: sql`${base}
             SELECT ${child} AS code, min(n.name) AS name, min(n.kind) AS kind, count(*)::int AS assigned,
                    count(*) FILTER (WHERE f.status = 'completed')::int AS completed,
                    count(*) FILTER (WHERE f.status = 'overdue')::int AS overdue
               FROM chosen f LEFT JOIN unit_names n ON n.code = ${child}
              WHERE ${child} <> ''
              GROUP BY 1 ORDER BY 1`,
          // count(*) OVER () comes with the rows: a page past the end has none, so count the people on their own then.
          total: sql`${base} SELECT count(*)::int AS total FROM matching_people`,
        });
    const columnTotals: Record<string, MatrixTotals> = {};
    for (const c of columns)
      columnTotals[c.course_code] = {
        assigned: c.assigned,
        completed: c.completed,
        overdue: c.overdue,
        exempt: c.exempt,
      };
    const answer: Omit<TeamMatrix, 'people'> = {
      fiscalYear: filter.fiscalYear,
      asOf: scope.reportDate,
      unit: unitCode ? { code: unitCode, name: unit?.name ?? unitCode, kind: unit?.kind ?? '' } : null,
      subUnits: children.map((c) => ({
        code: c.code,
        name: c.name ?? c.code,
        kind: c.kind ?? '',
        assigned: c.assigned,
        completed: c.completed,
        overdue: c.overdue,
      })),
      courses: columns.map((c) => ({ code: c.course_code, title: c.title, trackCode: c.track_code })),
      columnTotals,
      total,
      page: filter.page,
      pageSize: filter.pageSize,
    };
    const head = JSON.stringify(answer);
    return Buffer.concat([Buffer.from(`${head.slice(0, -1)},"people":`), people, Buffer.from('}')]);
  }

  /** The matrix with filters, from the assignments of the people who match them. People as JSON bytes (see matrix). */
  private async filteredMatrix(
    tenantId: number,
    fiscalYear: number,
    scope: ReportScope,
    unitCode: string | undefined,
    page: number,
    statements: Record<'page' | 'columns' | 'children' | 'total', Sql>,
  ) {
    const [pageRows, columns, children] = await Promise.all(
      [statements.page, statements.columns, statements.children].map((statement) =>
        run<Record<string, unknown>>(this.dataSource, statement),
      ),
    );
    const total: number =
      (pageRows[0]?.total as number | undefined) ??
      (page > 1 ? (await run<{ total: number }>(this.dataSource, statements.total))[0].total : 0);
    const codes = new Set<string>(unitCode ? [unitCode] : []);
    for (const r of pageRows as { path: string }[]) for (const code of pathCodes(r.path)) codes.add(code);
    const [unitNames, reminded] = await Promise.all([
      this.unitNames(tenantId, scope.reportDate, [...codes]),
      this.lastReminders(
        tenantId,
        fiscalYear,
        pageRows.map((r) => r.staff_id as number),
      ),
    ]);
    const people: MatrixPerson[] = pageRows.map((r: Record<string, unknown>) => ({
      employeeNo: r.employee_no as string,
      name: r.name as string,
      unitCode: r.unit_code as string,
      unitName: unitNames.get(r.unit_code as string)?.name ?? (r.unit_code as string),
      unitPath: unitPathBelow(r.path as string, scope.viewerUnitCode, (code) => unitNames.get(code)?.name),
      lastRemindedOn: reminded.get(r.staff_id as number) ?? null,
      positionName: r.position_name as string,
      cells: r.cells as Record<string, MatrixCell>,
      assigned: r.assigned as number,
      completed: r.completed as number,
      overdue: r.overdue as number,
    }));
    const unit = unitCode ? (unitNames.get(unitCode) ?? null) : null;
    return { people: Buffer.from(JSON.stringify(people)), total, unit, columns, children } as MatrixParts;
  }

  /**
   * The matrix of a whole subtree, read from the report cache: one page of people (as JSON bytes in the answer's
   * shape: a bytea reaches Node as a Buffer), and totals from the roll-ups.
   */
  private async unfilteredMatrix(
    scope: ReportScope,
    tenantId: number,
    filter: MatrixFilter,
    unitCode: string | undefined,
  ) {
    // One statement, one round trip and one connection for the page, the column totals and the sub-units.
    // The subtree's codes find it through the GIN index; for the whole tenant there are none (and the planner
    // drops the condition, the statement being planned for these values).
    const codes = scope.subtreeCodes;
    const inScope = (alias: string) =>
      sql`${sql.raw(alias)}.tenant_id = ${tenantId} AND ${sql.raw(alias)}.fiscal_year = ${filter.fiscalYear}
       AND ${sql.raw(alias)}.path LIKE ${scope.scopePattern} AND ${sql.raw(alias)}.path LIKE ${scope.unitPattern}
       AND (cardinality(${codes}::text[]) = 0 OR ${sql.raw(pathCodesSql(alias))} @> ${codes}::text[])`;
    // The direct sub-unit: the code after the unit's own code in the person's path, or the 部局 for the whole tenant.
    const unitSegment = unitCode ? `/${unitCode}/` : '';
    const child = sql`CASE WHEN ${unitSegment}::text = '' THEN split_part(s.path, '/', 2) ELSE split_part(split_part(s.path, ${unitSegment}::text, 2), '/', 1) END`;
    const order = (alias: string) =>
      sql.raw(pageOrder(filter.sort, `${alias}.path`, `${alias}.overdue`, `${alias}.employee_no`));
    const [result] = await run<MatrixParts>(
      this.dataSource,
      sql`WITH unit_names AS (${unitNamesSql(tenantId, scope.reportDate)}),
       scoped AS MATERIALIZED (
         SELECT p.staff_id, p.employee_no, p.staff_name, p.path, p.position_id, p.assigned, p.completed, p.overdue
           FROM report_person p WHERE ${inScope('p')}
       ), page AS (
         SELECT s.*, ${sql.raw(LAST_CODE.replace(/p\.path/g, 's.path'))} AS unit_code FROM scoped s
          ORDER BY ${order('s')} LIMIT ${filter.pageSize}::int OFFSET ${(filter.page - 1) * filter.pageSize}::int
       ), page_paths AS (
         -- The units below the viewer's own (the whole path for the tenant), named as on the report date.
         SELECT pg.staff_id, string_agg(n.name, ' / ' ORDER BY o.i) AS unit_path
           FROM page pg
           CROSS JOIN LATERAL unnest(${sql.raw(pathCodesSql('pg'))}) WITH ORDINALITY AS o(code, i)
           JOIN unit_names n ON n.code = o.code
          WHERE o.i > coalesce(array_position(${sql.raw(pathCodesSql('pg'))}, nullif(${scope.viewerUnitCode ?? ''}::text, '')), 0)
          GROUP BY pg.staff_id
       ), last_reminders AS (
         SELECT r.staff_id, max(r.sent_on) AS sent_on
           FROM reminder r JOIN enrollment e ON e.id = r.enrollment_id AND e.fiscal_year = ${filter.fiscalYear}
          WHERE r.staff_id IN (SELECT staff_id FROM page)
          GROUP BY r.staff_id
       ), people AS (
         SELECT page.employee_no AS "employeeNo", page.staff_name AS name, page.unit_code AS "unitCode",
                coalesce(n.name, page.unit_code) AS "unitName", coalesce(pp.unit_path, n.name, page.unit_code) AS "unitPath",
                to_char(lr.sent_on, 'YYYY-MM-DD') AS "lastRemindedOn", pos.name AS "positionName",
                coalesce((SELECT json_object_agg(c.code, json_build_object('status', ${statusSql(scope.today)}, 'dueDate', e.due_date, 'completedAt', e.completed_on))
                   FROM enrollment e JOIN course c ON c.id = e.course_id
                  WHERE e.staff_id = page.staff_id AND e.fiscal_year = ${filter.fiscalYear}), '{}') AS cells,
                page.assigned, page.completed, page.overdue
           FROM page JOIN position pos ON pos.id = page.position_id LEFT JOIN unit_names n ON n.code = page.unit_code
           LEFT JOIN page_paths pp ON pp.staff_id = page.staff_id LEFT JOIN last_reminders lr ON lr.staff_id = page.staff_id
          ORDER BY ${order('page')}
       ), columns AS (
         SELECT c.code AS course_code, c.title, t.code AS track_code, t.sort_order, sum(p.assigned)::int AS assigned,
                sum(p.completed)::int AS completed, sum(p.overdue)::int AS overdue, sum(p.exempt)::int AS exempt
           FROM report_unit_course p JOIN course c ON c.id = p.course_id JOIN track t ON t.id = c.track_id
          WHERE ${inScope('p')}
          GROUP BY c.code, c.title, t.code, t.sort_order HAVING sum(p.assigned) > 0 ORDER BY t.sort_order, c.code
       ), children AS (
         SELECT g.*, n.name, n.kind FROM (
           SELECT ${child} AS code, sum(s.assigned)::int AS assigned, sum(s.completed)::int AS completed, sum(s.overdue)::int AS overdue
             FROM scoped s WHERE ${child} <> '' GROUP BY 1) g
           LEFT JOIN unit_names n ON n.code = g.code
          ORDER BY g.code
       )
       SELECT convert_to((SELECT coalesce(json_agg(people), '[]') FROM people)::text, 'UTF8') AS people,
              (SELECT json_build_object('name', n.name, 'kind', n.kind) FROM unit_names n WHERE n.code = ${unitCode ?? ''}) AS unit,
              (SELECT count(*)::int FROM scoped) AS total,
              (SELECT coalesce(json_agg(columns), '[]') FROM columns) AS columns,
              (SELECT coalesce(json_agg(children), '[]') FROM children) AS children`,
    );
    return result;
  }

  /** Each person's last reminder about a course of the fiscal year: one statement for the page. */
  private async lastReminders(
    tenantId: number,
    fiscalYear: number,
    staffIds: number[],
  ): Promise<Map<number, string>> {
    if (staffIds.length === 0) return new Map();
    const rows: { staff_id: number; sent_on: string }[] = await this.dataSource.query(
      `SELECT r.staff_id, to_char(max(r.sent_on), 'YYYY-MM-DD') AS sent_on
         FROM reminder r JOIN enrollment e ON e.id = r.enrollment_id AND e.fiscal_year = $2
        WHERE r.tenant_id = $1 AND r.staff_id = ANY($3::int[])
        GROUP BY r.staff_id`,
      [tenantId, fiscalYear, staffIds],
    );
    return new Map(rows.map((r) => [r.staff_id, r.sent_on]));
  }

  private async unitNames(
    tenantId: number,
    date: string,
    codes: string[],
  ): Promise<Map<string, { name: string; kind: string }>> {
    const rows: { code: string; name: string; kind: string }[] = await this.dataSource.query(
      `SELECT DISTINCT ON (u.code) u.code, v.name, v.kind FROM org_unit u JOIN org_unit_version v ON v.unit_id = u.id
        WHERE u.tenant_id = $1 AND u.code = ANY($2)
        ORDER BY u.code, (v.valid_from <= $3::date) DESC, CASE WHEN v.valid_from <= $3::date THEN v.valid_from END DESC, v.valid_from`,
      [tenantId, codes, date],
    );
    return new Map(rows.map((r) => [r.code, r]));
  }

  /**
   * An e-mail to each person in scope who is overdue or due soon (or to the selected ones): their name, the
   * courses and due dates. Every assignment is claimed for today in one transaction before anything is sent, so
   * two managers pressing the button at once, or one pressing it twice, remind nobody twice for the same course on
   * the same day; the mail goes out after the commit (no transaction waits on the SMTP server), and a message the
   * server refuses gives its claims back.
   */
  async remind(
    user: AuthUser,
    fiscalYear: number,
    employeeNos: string[] | undefined,
    dueWithinDays: number,
  ): Promise<ReminderResult> {
    const plan = await this.reminderPlan(user, fiscalYear, employeeNos, dueWithinDays);
    const result: ReminderResult = {
      sent: 0,
      skipped: 0,
      recipients: [],
      withoutEmail: [],
      skippedPeople: [],
    };
    const claims = plan.people.flatMap((p) =>
      p.items.map((i) => ({ id: i.id, staffId: p.staffId, email: p.email })),
    );
    const claimed: { id: number; enrollment_id: number }[] =
      claims.length === 0
        ? []
        : await this.dataSource.query(
            `INSERT INTO reminder (tenant_id, enrollment_id, staff_id, sent_by, sent_on, email)
             SELECT $1, x.id, x.staff_id, $2, $3, x.email FROM unnest($4::int[], $5::int[], $6::text[]) AS x(id, staff_id, email)
             ON CONFLICT (enrollment_id, sent_on) DO NOTHING RETURNING id, enrollment_id`,
            [
              user.tenantId,
              user.userId,
              plan.today,
              claims.map((c) => c.id),
              claims.map((c) => c.staffId),
              claims.map((c) => c.email),
            ],
          );
    const claimOf = new Map(claimed.map((c) => [c.enrollment_id, c.id]));
    const released: number[] = [];
    let relayDown = false;
    for (const person of plan.people) {
      const courses = person.items.filter((i) => claimOf.has(i.id));
      if (courses.length === 0) {
        // Another press claimed them between the plan and the claim.
        plan.skipped.push({ employeeNo: person.employeeNo, name: person.name, reason: 'already_reminded' });
        continue;
      }
      const claims = courses.map((c) => claimOf.get(c.id)!);
      if (relayDown) {
        released.push(...claims);
        plan.skipped.push({ employeeNo: person.employeeNo, name: person.name, reason: 'send_failed' });
        continue;
      }
      try {
        await this.mailer.send(reminderMail(person, courses, this.config.PUBLIC_URL));
      } catch (error) {
        const { code, message } = error as { code?: string; message?: string };
        this.logger.warn(
          `Reminder to ${person.employeeNo} not sent: ${code ?? ''} ${message ?? String(error)}`,
        );
        released.push(...claims);
        plan.skipped.push({ employeeNo: person.employeeNo, name: person.name, reason: 'send_failed' });
        // The relay itself is unreachable or refuses the connection (not this one address): the others would wait
        // for the same timeout each, so they are given back at once and can be reminded again later.
        relayDown = RELAY_FAILURES.has(code ?? '');
        continue;
      }
      await this.audit.record({
        tenantId: user.tenantId,
        actor: user,
        action: 'reminder.sent',
        target: person.employeeNo,
        detail: { courses: courses.map((c) => c.title) },
      });
      result.sent++;
      result.recipients.push({
        employeeNo: person.employeeNo,
        name: person.name,
        courses: courses.map((c) => c.title),
      });
    }
    if (released.length > 0)
      await this.dataSource.query(`DELETE FROM reminder WHERE id = ANY($1::int[])`, [released]);
    result.skippedPeople = sortSkipped(plan.skipped);
    result.skipped = result.skippedPeople.filter((p) => p.reason === 'already_reminded').length;
    result.withoutEmail = result.skippedPeople
      .filter((p) => p.reason === 'no_email')
      .map((p) => p.employeeNo);
    return result;
  }

  /** The e-mails that POST /team/reminders would send now, exactly, without sending or recording anything. */
  async previewReminders(
    user: AuthUser,
    fiscalYear: number,
    employeeNos: string[] | undefined,
    dueWithinDays: number,
  ): Promise<ReminderPreview> {
    const plan = await this.reminderPlan(user, fiscalYear, employeeNos, dueWithinDays);
    return {
      recipients: plan.people.length,
      messages: plan.people.slice(0, PREVIEW_MESSAGES).map((person) => ({
        employeeNo: person.employeeNo,
        name: person.name,
        courses: person.items.map((i) => i.title),
        ...reminderMail(person, person.items, this.config.PUBLIC_URL),
      })),
      skippedPeople: sortSkipped(plan.skipped),
    };
  }

  /**
   * Who would be reminded of what, and who not and why: the assignments in scope that are overdue or due within
   * the window, less those already reminded today. A selected 職員番号 outside the caller's scope is told apart from
   * one with nothing due only by its missing name (the caller typed the number; no name of theirs leaks).
   */
  private async reminderPlan(
    user: AuthUser,
    fiscalYear: number,
    employeeNos: string[] | undefined,
    dueWithinDays: number,
  ): Promise<ReminderPlan> {
    const scope = await this.reports.currentScope(user, fiscalYear);
    const rows: {
      id: number;
      staff_id: number;
      employee_no: string;
      staff_name: string;
      email: string | null;
      title: string;
      due_date: string;
      status: string;
      reminded_today: boolean;
    }[] = await run(
      this.dataSource,
      // The subtree by code in the path where each person was placed, as in the matrix and the report: for a past year
      // the unit may since have moved, and today's path would miss its people.
      sql`WITH ${placedAssignmentsSql({
        tenantId: user.tenantId,
        fiscalYear,
        reportDate: scope.reportDate,
        today: scope.today,
        scopePattern: scope.scopePattern,
      })}
       SELECT p.id, p.staff_id, p.employee_no, p.staff_name, s.email, c.title, p.due_date, p.status,
              EXISTS (SELECT 1 FROM reminder r WHERE r.enrollment_id = p.id AND r.sent_on = ${scope.today}::date) AS reminded_today
         FROM placed p JOIN staff s ON s.id = p.staff_id JOIN course c ON c.id = p.course_id
        WHERE (p.status = 'overdue' OR (p.status IN ('not_started', 'in_progress') AND p.due_date <= ${addDays(scope.today, dueWithinDays)}::date))
          AND s.left_on IS NULL ${employeeNos ? sql`AND p.employee_no = ANY(${employeeNos})` : sql.raw('')}
        ORDER BY p.employee_no, p.due_date`,
    );
    // Selected people outside the scope look exactly like people with nothing to remind about.
    if (employeeNos && rows.length === 0) {
      throw new Problem(
        422,
        'nothing-to-remind',
        '督促の対象がありません',
        '選択した職員には、期限超過または期限間近の未修了の研修がありません。',
      );
    }
    const plan: ReminderPlan = { today: scope.today, people: [], skipped: [] };
    const byPerson = new Map<number, typeof rows>();
    for (const row of rows) byPerson.set(row.staff_id, [...(byPerson.get(row.staff_id) ?? []), row]);
    for (const items of byPerson.values()) {
      const first = items[0];
      const open = items.filter((i) => !i.reminded_today);
      if (!first.email)
        plan.skipped.push({ employeeNo: first.employee_no, name: first.staff_name, reason: 'no_email' });
      else if (open.length === 0)
        plan.skipped.push({
          employeeNo: first.employee_no,
          name: first.staff_name,
          reason: 'already_reminded',
        });
      else
        plan.people.push({
          staffId: first.staff_id,
          employeeNo: first.employee_no,
          name: first.staff_name,
          email: first.email,
          items: open.map((i) => ({
            id: i.id,
            title: i.title,
            dueDate: i.due_date,
            overdue: i.status === 'overdue',
          })),
        });
    }
    const due = new Set(rows.map((r) => r.employee_no));
    const notDue = [...new Set(employeeNos ?? [])].filter((no) => !due.has(no));
    if (notDue.length > 0) {
      const known: { employee_no: string; staff_name: string }[] = await this.dataSource.query(
        `SELECT p.employee_no, p.staff_name FROM report_person p
          WHERE p.tenant_id = $1 AND p.fiscal_year = $2 AND p.path LIKE $3 AND p.employee_no = ANY($4)`,
        [user.tenantId, fiscalYear, scope.scopePattern, notDue],
      );
      const names = new Map(known.map((k) => [k.employee_no, k.staff_name]));
      for (const no of notDue)
        plan.skipped.push({ employeeNo: no, name: names.get(no) ?? null, reason: 'nothing_due' });
    }
    return plan;
  }
}

/** At most this many messages in a preview (the rest are counted). */
const PREVIEW_MESSAGES = 50;

interface ReminderItem {
  id: number;
  title: string;
  dueDate: string;
  overdue: boolean;
}

interface ReminderPlan {
  today: string;
  /** People with an address and at least one course not reminded today (only those courses). */
  people: { staffId: number; employeeNo: string; name: string; email: string; items: ReminderItem[] }[];
  skipped: ReminderSkippedPerson[];
}

function sortSkipped(people: ReminderSkippedPerson[]): ReminderSkippedPerson[] {
  return [...people].sort((a, b) => (a.employeeNo < b.employeeNo ? -1 : a.employeeNo > b.employeeNo ? 1 : 0));
}

const REMINDER_SUBJECT = '【職員DX研修】受講期限のお知らせ';

function reminderMail(
  person: { name: string; email: string },
  courses: ReminderItem[],
  publicUrl: string,
): { to: string; subject: string; text: string } {
  return { to: person.email, subject: REMINDER_SUBJECT, text: reminderText(person.name, courses, publicUrl) };
}

function reminderText(name: string, courses: ReminderItem[], publicUrl: string): string {
  const lines = courses.map(
    (c) => `・${c.title}（期限: ${formatJapaneseDate(c.dueDate)}${c.overdue ? '・期限超過' : ''}）`,
  );
  return [
    `${name} 様`,
    '',
    '次の研修が未修了です。期限までの受講をお願いします。',
    '',
    ...lines,
    '',
    `マイ研修: ${publicUrl.replace(/\/$/, '')}/my`,
    '',
    '（このメールは職員DX研修システムから所属長の依頼により送信しています）',
  ].join('\n');
}
