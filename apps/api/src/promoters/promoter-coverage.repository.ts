import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { MANAGER_LEVEL } from '../common/auth-user';
import { run, sql } from '../database/sql';
import { promoterCoverageSql } from './promoter-coverage.sql';

/** A 所属 without an active promoter, as the list and the requests read it (the head's address included). */
export interface UncoveredSectionRow {
  unitCode: string;
  unitName: string;
  unitPath: string;
  departmentCode: string | null;
  departmentName: string | null;
  head: { employeeNo: string; name: string; email: string | null } | null;
  staffCount: number;
  /** ISO date-time of the latest request for the year. */
  lastRequestedAt: string | null;
}

export interface CoverageRow {
  sections: number;
  with_promoter: number;
  uncovered: UncoveredSectionRow[];
}

/** The SQL of 推進員の配置状況: the 所属 without a promoter (promoterCoverageSql) and HR's requests to their heads. */
@Injectable()
export class PromoterCoverageRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * The 所属 on the day, how many have an active promoter of the year, and those without one in org order: each with
   * its 部局, its 所属長 (the person of the highest position at 所属長 level or above placed in the unit itself, the
   * lowest 職員番号 among equals), its staff on the day (its 班 included) and the latest request for the year.
   */
  async findCoverage(tenantId: number, fiscalYear: number, asOf: string): Promise<CoverageRow> {
    const [row] = await run<CoverageRow>(
      this.dataSource,
      sql`WITH ${promoterCoverageSql(tenantId, fiscalYear, asOf)},
      open_sections AS (
        SELECT x.* FROM sections x WHERE x.code NOT IN (SELECT code FROM covered)
      ), heads AS (
        SELECT DISTINCT ON (x.code) x.code, s.employee_no, s.name, s.email
          FROM open_sections x
          JOIN staff_assignment a ON a.tenant_id = ${tenantId} AND a.unit_id = x.unit_id
               AND a.valid_from <= ${asOf}::date AND (a.valid_to IS NULL OR a.valid_to > ${asOf}::date)
          JOIN position pos ON pos.tenant_id = a.tenant_id AND pos.id = a.position_id AND pos.level >= ${MANAGER_LEVEL}
          JOIN staff s ON s.tenant_id = a.tenant_id AND s.id = a.staff_id AND (s.left_on IS NULL OR s.left_on >= ${asOf}::date)
         ORDER BY x.code, pos.level DESC, s.employee_no
      ), headcount AS (
        SELECT x.code, count(DISTINCT s.id)::int AS staff
          FROM staff s
          JOIN staff_assignment a ON a.tenant_id = s.tenant_id AND a.staff_id = s.id
               AND a.valid_from <= ${asOf}::date AND (a.valid_to IS NULL OR a.valid_to > ${asOf}::date)
          JOIN org_unit_version pv ON pv.tenant_id = a.tenant_id AND pv.unit_id = a.unit_id
               AND pv.valid_from <= ${asOf}::date AND (pv.valid_to IS NULL OR pv.valid_to > ${asOf}::date)
          CROSS JOIN LATERAL unnest(string_to_array(btrim(pv.path, '/'), '/')) AS c(code)
          JOIN open_sections x ON x.code = c.code
         WHERE s.tenant_id = ${tenantId} AND (s.left_on IS NULL OR s.left_on >= ${asOf}::date)
         GROUP BY x.code
      ), departments AS (
        SELECT u.code, v.name FROM org_unit u JOIN org_unit_version v ON v.tenant_id = u.tenant_id AND v.unit_id = u.id
         WHERE u.tenant_id = ${tenantId}
           AND v.valid_from <= ${asOf}::date AND (v.valid_to IS NULL OR v.valid_to > ${asOf}::date)
      ), asked AS (
        SELECT r.unit_code, max(r.requested_at) AS at FROM promoter_request r
         WHERE r.tenant_id = ${tenantId} AND r.fiscal_year = ${fiscalYear} GROUP BY r.unit_code
      )
      SELECT (SELECT count(*)::int FROM sections) AS sections,
             (SELECT count(*)::int FROM covered) AS with_promoter,
             coalesce((
               SELECT json_agg(json_build_object(
                        'unitCode', x.code, 'unitName', x.name, 'unitPath', x.path,
                        'departmentCode', d.code, 'departmentName', d.name,
                        'head', CASE WHEN h.code IS NOT NULL THEN
                                  json_build_object('employeeNo', h.employee_no, 'name', h.name, 'email', h.email) END,
                        'staffCount', coalesce(hc.staff, 0),
                        'lastRequestedAt', to_char(r.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
                      ORDER BY x.path)
                 FROM open_sections x
                 LEFT JOIN departments d ON d.code = split_part(x.path, '/', 2) AND d.code <> x.code
                 LEFT JOIN heads h ON h.code = x.code
                 LEFT JOIN headcount hc ON hc.code = x.code
                 LEFT JOIN asked r ON r.unit_code = x.code), '[]'::json) AS uncovered`,
    );
    return row;
  }

  /**
   * Claims today's request of each 所属 in one statement: the 所属 already asked today for the year are left out
   * (what makes a second press the same day ask nobody twice). Answers the claimed rows' ids by unit code.
   */
  async claimRequests(
    tenantId: number,
    fiscalYear: number,
    today: string,
    actor: { userId: number; loginId: string },
    units: { unitCode: string; headEmployeeNo: string | null }[],
  ): Promise<Map<string, number>> {
    if (units.length === 0) return new Map();
    const rows: { id: number; unit_code: string }[] = await this.dataSource.query(
      `INSERT INTO promoter_request (tenant_id, fiscal_year, unit_code, requested_on, requested_by_user_id, requested_by,
                                     head_employee_no)
       SELECT $1, $2, x.code, $3, $4, $5, x.head FROM unnest($6::varchar[], $7::varchar[]) AS x(code, head)
       ON CONFLICT ON CONSTRAINT uq_promoter_request_day DO NOTHING
       RETURNING id, unit_code`,
      [
        tenantId,
        fiscalYear,
        today,
        actor.userId || null,
        actor.loginId,
        units.map((u) => u.unitCode),
        units.map((u) => u.headEmployeeNo),
      ],
    );
    return new Map(rows.map((r) => [r.unit_code, Number(r.id)]));
  }

  /** What came of each claimed request (the address mailed, the error, the Slack target), in one statement. */
  async recordOutcomes(
    tenantId: number,
    outcomes: {
      id: number;
      emailedTo: string | null;
      emailError: string | null;
      slackTarget: string | null;
    }[],
  ): Promise<void> {
    if (outcomes.length === 0) return;
    await this.dataSource.query(
      `UPDATE promoter_request r
          SET emailed_to = x.emailed_to, email_error = x.email_error, slack_target = x.slack_target
         FROM unnest($2::bigint[], $3::text[], $4::text[], $5::varchar[]) AS x(id, emailed_to, email_error, slack_target)
        WHERE r.tenant_id = $1 AND r.id = x.id`,
      [
        tenantId,
        outcomes.map((o) => o.id),
        outcomes.map((o) => o.emailedTo),
        outcomes.map((o) => o.emailError),
        outcomes.map((o) => o.slackTarget),
      ],
    );
  }

  /** Gives back the claims of 所属 that nothing reached, so they can be asked again the same day. */
  async releaseRequests(tenantId: number, ids: number[]): Promise<void> {
    if (ids.length === 0) return;
    await this.dataSource.query(
      `DELETE FROM promoter_request WHERE tenant_id = $1 AND id = ANY($2::bigint[])`,
      [tenantId, ids],
    );
  }
}
