import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { MatrixCell, MatrixPerson, MatrixTotals, ReminderResult, TeamMatrix } from '@dx/contract';
import { addDays, formatJapaneseDate, normalizeSearchQuery } from '@dx/domain';
import { AccessService } from '../access/access.service';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth-user';
import { Problem } from '../common/problem';
import { AppConfig } from '../config/app-config';
import { pathCodesSql, placedAssignmentsSql, statusSql, unitNamesSql } from '../reports/placement';
import { ReportScope, ReportsService } from '../reports/reports.service';
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
  columns: { course_code: string; title: string; track_code: string; assigned: number; completed: number; overdue: number; exempt: number }[];
  children: { code: string; name: string | null; kind: string | null; assigned: number; completed: number; overdue: number }[];
}

/** A manager's view of their subtree: people × courses, and reminders to those who are late. */
@Injectable()
export class TeamService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reports: ReportsService,
    private readonly access: AccessService,
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
    const scope = await this.reports.scope(user, filter.fiscalYear, unitCode);
    // As in the completion report, the user's subtree and the unit are matched by code in the path where each person
    // was placed (not by today's path), so a leaver of a 所属 that later moved still counts in it.
    const params: unknown[] = [user.tenantId, filter.fiscalYear, scope.reportDate, scope.today, scope.scopePattern, scope.unitPattern];
    const add = (value: unknown) => `$${params.push(value)}`;
    const track = filter.trackCode ? add(filter.trackCode) : undefined;
    const conditions: string[] = [];
    if (filter.courseCode) conditions.push(`c.code = ${add(filter.courseCode)}`);
    // Conditions on the person narrow the people before their assignments are read.
    const personConditions: string[] = [];
    if (filter.position) {
      personConditions.push(`p.position_id IN (SELECT pos.id FROM position pos WHERE pos.tenant_id = $1 AND pos.name = ${add(filter.position)})`);
    }
    if (filter.q?.trim()) {
      const query = normalizeSearchQuery(filter.q);
      personConditions.push(
        query.digits
          ? `p.employee_no LIKE ${add(query.digits + '%')}`
          : `replace(p.staff_name, ' ', '') ILIKE ${add('%' + likeEscape(query.text.replace(/ /g, '')) + '%')}`,
      );
    }
    // A status among all of a person's courses is in their kept counts; within a track or a course it is read per row.
    let having = '';
    const statusColumn = filter.status ? STATUS_COLUMNS[filter.status] : undefined;
    if (statusColumn && !track && !filter.courseCode) personConditions.push(`p.${statusColumn} > 0`);
    else if (filter.status) having = `HAVING bool_or(f.status = ${add(filter.status)})`;
    const base = `WITH ${placedAssignmentsSql({
      tenantId: '$1',
      fiscalYear: '$2',
      reportDate: '$3',
      today: '$4',
      scopePattern: '$5',
      unitPattern: '$6',
      trackCode: track,
      personFilter: personConditions.join(' AND ') || undefined,
    })},
      filtered AS (
        SELECT p.*, c.code AS course_code, c.title AS course_title, t.code AS track_code, t.sort_order, pos.name AS position_name
          FROM placed p JOIN course c ON c.id = p.course_id JOIN track t ON t.id = c.track_id
          JOIN position pos ON pos.id = p.position_id
         ${conditions.length ? 'WHERE ' + conditions.join(' AND ') : ''}
      ),
      matching_people AS (
        SELECT f.staff_id FROM filtered f GROUP BY f.staff_id ${having}
      ),
      chosen AS (SELECT f.* FROM filtered f JOIN matching_people USING (staff_id))`;
    const baseParams = [...params];
    // The direct sub-unit: the code after the unit's own code in the person's path (the 部局 for the whole tenant).
    const childParams = unitCode ? [...baseParams, `/${unitCode}/`] : baseParams;
    const child = unitCode ? `split_part(split_part(f.path, $${childParams.length}, 2), '/', 1)` : `split_part(f.path, '/', 2)`;
    params.push(filter.pageSize, (filter.page - 1) * filter.pageSize);
    // Without filters on courses, status, position or name, every figure is in the report cache's roll-ups.
    const unfiltered = !track && conditions.length === 0 && personConditions.length === 0 && !having;
    const { people, total, unit, columns, children } = unfiltered
      ? await this.unfilteredMatrix(scope, user.tenantId, filter, unitCode)
      : await this.filteredMatrix(user.tenantId, scope.reportDate, unitCode, filter.page, {
          page: [`${base}
             SELECT min(f.employee_no) AS employee_no, min(f.staff_name) AS name, min(${LAST_CODE.replace(/p\.path/g, 'f.path')}) AS unit_code,
                    min(f.position_name) AS position_name, count(*)::int AS assigned,
                    count(*) FILTER (WHERE f.status = 'completed')::int AS completed,
                    count(*) FILTER (WHERE f.status = 'overdue')::int AS overdue,
                    json_object_agg(f.course_code, json_build_object('status', f.status, 'dueDate', f.due_date, 'completedAt', f.completed_on)) AS cells,
                    count(*) OVER ()::int AS total
               FROM chosen f GROUP BY f.staff_id
              ORDER BY count(*) FILTER (WHERE f.status = 'overdue') DESC, min(f.employee_no)
              LIMIT $${params.length - 1} OFFSET $${params.length}`, params],
          columns: [`${base}
             SELECT f.course_code, min(f.course_title) AS title, min(f.track_code) AS track_code, min(f.sort_order) AS sort_order,
                    count(*)::int AS assigned, count(*) FILTER (WHERE f.status = 'completed')::int AS completed,
                    count(*) FILTER (WHERE f.status = 'overdue')::int AS overdue, count(*) FILTER (WHERE f.status = 'exempt')::int AS exempt
               FROM chosen f GROUP BY f.course_code ORDER BY min(f.sort_order), f.course_code`, baseParams],
          children: [`${base}
             SELECT ${child} AS code, min(n.name) AS name, min(n.kind) AS kind, count(*)::int AS assigned,
                    count(*) FILTER (WHERE f.status = 'completed')::int AS completed,
                    count(*) FILTER (WHERE f.status = 'overdue')::int AS overdue
               FROM chosen f LEFT JOIN unit_names n ON n.code = ${child}
              WHERE ${child} <> ''
              GROUP BY 1 ORDER BY 1`, childParams],
          // count(*) OVER () comes with the rows: a page past the end has none, so count the people on their own then.
          total: [`${base} SELECT count(*)::int AS total FROM matching_people`, baseParams],
        });
    const columnTotals: Record<string, MatrixTotals> = {};
    for (const c of columns) columnTotals[c.course_code] = { assigned: c.assigned, completed: c.completed, overdue: c.overdue, exempt: c.exempt };
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
    reportDate: string,
    unitCode: string | undefined,
    page: number,
    statements: Record<'page' | 'columns' | 'children' | 'total', [string, unknown[]]>,
  ) {
    const [pageRows, columns, children] = await Promise.all(
      [statements.page, statements.columns, statements.children].map(([sql, values]) => this.dataSource.query(sql, values)),
    );
    const total: number =
      pageRows[0]?.total ?? (page > 1 ? (await this.dataSource.query(statements.total[0], statements.total[1]))[0].total : 0);
    const unitNames = await this.unitNames(tenantId, reportDate, [
      ...pageRows.map((r: { unit_code: string }) => r.unit_code),
      ...(unitCode ? [unitCode] : []),
    ]);
    const people: MatrixPerson[] = pageRows.map((r: Record<string, unknown>) => ({
      employeeNo: r.employee_no as string,
      name: r.name as string,
      unitCode: r.unit_code as string,
      unitName: unitNames.get(r.unit_code as string)?.name ?? (r.unit_code as string),
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
  private async unfilteredMatrix(scope: ReportScope, tenantId: number, filter: MatrixFilter, unitCode: string | undefined) {
    // One statement, one round trip and one connection for the page, the column totals and the sub-units.
    // The codes ($10) find the subtree through the GIN index; for the whole tenant there are none (and the planner
    // drops the condition, the statement being planned for these values).
    const inScope = (alias: string) =>
      `${alias}.tenant_id = $1 AND ${alias}.fiscal_year = $2 AND ${alias}.path LIKE $3 AND ${alias}.path LIKE $4
       AND (cardinality($10::text[]) = 0 OR ${pathCodesSql(alias)} @> $10::text[])`;
    // The direct sub-unit: the code after the unit's own code ($8) in the person's path, or the 部局 for the whole tenant.
    const child = `CASE WHEN $8::text = '' THEN split_part(s.path, '/', 2) ELSE split_part(split_part(s.path, $8::text, 2), '/', 1) END`;
    const [result] = await this.dataSource.query(
      `WITH unit_names AS (${unitNamesSql('$1', '$9')}),
       scoped AS MATERIALIZED (
         SELECT p.staff_id, p.employee_no, p.staff_name, p.path, p.position_id, p.assigned, p.completed, p.overdue
           FROM report_person p WHERE ${inScope('p')}
       ), page AS (
         SELECT s.*, ${LAST_CODE.replace(/p\.path/g, 's.path')} AS unit_code FROM scoped s
          ORDER BY s.overdue DESC, s.employee_no LIMIT $5 OFFSET $6
       ), people AS (
         SELECT page.employee_no AS "employeeNo", page.staff_name AS name, page.unit_code AS "unitCode",
                coalesce(n.name, page.unit_code) AS "unitName", pos.name AS "positionName",
                coalesce((SELECT json_object_agg(c.code, json_build_object('status', ${statusSql('$7')}, 'dueDate', e.due_date, 'completedAt', e.completed_on))
                   FROM enrollment e JOIN course c ON c.id = e.course_id
                  WHERE e.staff_id = page.staff_id AND e.fiscal_year = $2), '{}') AS cells,
                page.assigned, page.completed, page.overdue
           FROM page JOIN position pos ON pos.id = page.position_id LEFT JOIN unit_names n ON n.code = page.unit_code
          ORDER BY page.overdue DESC, page.employee_no
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
              (SELECT json_build_object('name', n.name, 'kind', n.kind) FROM unit_names n WHERE n.code = $11) AS unit,
              (SELECT count(*)::int FROM scoped) AS total,
              (SELECT coalesce(json_agg(columns), '[]') FROM columns) AS columns,
              (SELECT coalesce(json_agg(children), '[]') FROM children) AS children`,
      [
        tenantId,
        filter.fiscalYear,
        scope.scopePattern,
        scope.unitPattern,
        filter.pageSize,
        (filter.page - 1) * filter.pageSize,
        scope.today,
        unitCode ? `/${unitCode}/` : '',
        scope.reportDate,
        scope.subtreeCodes,
        unitCode ?? '',
      ],
    );
    return result as MatrixParts;
  }

  private async unitNames(tenantId: number, date: string, codes: string[]): Promise<Map<string, { name: string; kind: string }>> {
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
   * courses and due dates. Each assignment is claimed for today before sending, so two managers pressing the
   * button at once, or one pressing it twice, remind nobody twice for the same course on the same day.
   */
  async remind(user: AuthUser, fiscalYear: number, employeeNos: string[] | undefined, dueWithinDays: number): Promise<ReminderResult> {
    const scope = await this.reports.scope(user, fiscalYear);
    const rows: { id: number; staff_id: number; employee_no: string; staff_name: string; email: string | null; title: string; due_date: string; status: string }[] =
      await this.dataSource.query(
        `WITH ${placedAssignmentsSql({ tenantId: '$1', fiscalYear: '$2', reportDate: '$3', today: '$4', scopePattern: '$5' })}
         SELECT p.id, p.staff_id, p.employee_no, p.staff_name, s.email, c.title, p.due_date, p.status
           FROM placed p JOIN staff s ON s.id = p.staff_id JOIN course c ON c.id = p.course_id
          WHERE (p.status = 'overdue' OR (p.status IN ('not_started', 'in_progress') AND p.due_date <= $6::date))
            AND s.left_on IS NULL ${employeeNos ? 'AND p.employee_no = ANY($7)' : ''}
          ORDER BY p.employee_no, p.due_date`,
        // The subtree by code in the path where each person was placed, as in the matrix and the report: for a past year
        // the unit may since have moved, and today's path would miss its people.
        [user.tenantId, fiscalYear, scope.reportDate, scope.today, scope.scopePattern, addDays(scope.today, dueWithinDays), ...(employeeNos ? [employeeNos] : [])],
      );
    const byPerson = new Map<number, typeof rows>();
    for (const row of rows) byPerson.set(row.staff_id, [...(byPerson.get(row.staff_id) ?? []), row]);
    const result: ReminderResult = { sent: 0, skipped: 0, recipients: [], withoutEmail: [] };
    for (const items of byPerson.values()) {
      const person = items[0];
      if (!person.email) {
        result.withoutEmail.push(person.employee_no);
        continue;
      }
      const claimed = await this.dataSource.transaction(async (manager) => {
        const fresh: { enrollment_id: number }[] = await manager.query(
          `INSERT INTO reminder (tenant_id, enrollment_id, staff_id, sent_by, sent_on, email)
           SELECT $1, x.id, $2, $3, $4, $5 FROM unnest($6::int[]) AS x(id)
           ON CONFLICT (enrollment_id, sent_on) DO NOTHING RETURNING enrollment_id`,
          [user.tenantId, person.staff_id, user.userId, scope.today, person.email, items.map((i) => i.id)],
        );
        const courses = items.filter((i) => fresh.some((f) => f.enrollment_id === i.id));
        if (courses.length > 0) {
          await this.mailer.send({ to: person.email!, subject: '【職員DX研修】受講期限のお知らせ', text: reminderText(person.staff_name, courses, this.config.PUBLIC_URL) });
          await this.audit.record(
            { tenantId: user.tenantId, actor: user, action: 'reminder.sent', target: person.employee_no, detail: { courses: courses.map((c) => c.title) } },
            manager,
          );
        }
        return courses;
      });
      if (claimed.length === 0) {
        result.skipped++;
        continue;
      }
      result.sent++;
      result.recipients.push({ employeeNo: person.employee_no, name: person.staff_name, courses: claimed.map((c) => c.title) });
    }
    // Selected people outside the scope look exactly like people with nothing to remind about.
    if (employeeNos && rows.length === 0) {
      throw new Problem(422, 'nothing-to-remind', '督促の対象がありません', '選択した職員には、期限超過または期限間近の未修了の研修がありません。');
    }
    return result;
  }
}

function reminderText(name: string, courses: { title: string; due_date: string; status: string }[], publicUrl: string): string {
  const lines = courses.map((c) => `・${c.title}（期限: ${formatJapaneseDate(c.due_date)}${c.status === 'overdue' ? '・期限超過' : ''}）`);
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
