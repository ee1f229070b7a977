import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Readable } from 'node:stream';
import type { PoolClient } from 'pg';
import QueryStream from 'pg-query-stream';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import type { AuditLogEntry, AuditLogPage } from '@dx/contract';
import {
  auditActionLabel,
  describeAuditScope,
  neutralizeSpreadsheetCell,
  normalizeEmployeeNo,
  toCsvLine,
  UTF8_BOM,
} from '@dx/domain';
import type { AuthUser } from '../common/auth-user';
import { Problem } from '../common/problem';

export interface AuditLogFilter {
  actor?: string;
  person?: string;
  from?: string;
  to?: string;
  action?: string;
}

/** Beyond this many matching lines the search says "at least" instead of counting on. */
export const COUNT_LIMIT = 10_000;

export const AUDIT_LOG_EXPORT_COLUMNS = [
  '日時',
  '操作者',
  '操作者名',
  '操作',
  '職員番号',
  '氏名',
  '対象',
  '件数',
  '接続元',
] as const;

interface AuditRow {
  id: string;
  occurred_at: Date;
  tokyo_time: string;
  actor_login_id: string | null;
  actor_name: string | null;
  action: string;
  subject_employee_no: string | null;
  subject_name: string | null;
  target: string | null;
  detail: { scope?: Record<string, string>; count?: number; incomplete?: boolean } | null;
  ip: string | null;
}

/** HR's reading of the audit log of their own tenant: newest first, by actor, person, Tokyo days and action. */
@Injectable()
export class AuditLogService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async search(
    user: AuthUser,
    filter: AuditLogFilter,
    page: number,
    pageSize: number,
  ): Promise<AuditLogPage> {
    const { where, params } = whereOf(user, filter);
    const pageParams = [...params, pageSize, (page - 1) * pageSize];
    // The log grows by every read of every manager: counting a whole year's lines on each page would take longer
    // than reading the page, so the count stops at COUNT_LIMIT ("10,000件以上"; narrow the search to see further).
    const [rows, [counted]] = await Promise.all([
      this.dataSource.query(
        `${selectSql()} ${fromSql(where)}
          ORDER BY a.occurred_at DESC, a.id DESC LIMIT $${pageParams.length - 1} OFFSET $${pageParams.length}`,
        pageParams,
      ) as Promise<AuditRow[]>,
      this.dataSource.query(
        `SELECT count(*)::int AS n FROM (SELECT 1 FROM audit_log a WHERE ${where} LIMIT ${COUNT_LIMIT + 1}) x`,
        params,
      ) as Promise<{ n: number }[]>,
    ]);
    return {
      total: Math.min(counted.n, COUNT_LIMIT),
      totalIsLowerBound: counted.n > COUNT_LIMIT,
      page,
      pageSize,
      items: rows.map(toEntry),
    };
  }

  /** The matching lines as CSV (UTF-8 with BOM), streamed from the database; `rows()` says how many were written. */
  async csv(user: AuthUser, filter: AuditLogFilter): Promise<{ stream: Readable; rows: () => number }> {
    const { where, params } = whereOf(user, filter);
    const [client, release] = (await (this.dataSource.driver as PostgresDriver).obtainMasterConnection()) as [
      PoolClient,
      (error?: Error) => void,
    ];
    let rows = 0;
    const query = new QueryStream(
      `${selectSql()} ${fromSql(where)} ORDER BY a.occurred_at DESC, a.id DESC`,
      params,
      { batchSize: 1000 },
    );
    async function* lines(): AsyncGenerator<Buffer> {
      let finished = false;
      try {
        yield Buffer.from(UTF8_BOM + toCsvLine([...AUDIT_LOG_EXPORT_COLUMNS]), 'utf8');
        for await (const row of client.query(query) as AsyncIterable<AuditRow>) {
          const entry = toEntry(row);
          rows++;
          yield Buffer.from(
            toCsvLine(
              [
                row.tokyo_time,
                entry.actorLoginId ?? '',
                entry.actorName ?? '',
                auditActionLabel(entry.action),
                entry.person?.employeeNo ?? '',
                entry.person?.name ?? '',
                entry.scopeLabel,
                entry.count === null ? '' : String(entry.count),
                entry.ip ?? '',
              ].map(neutralizeSpreadsheetCell),
            ),
            'utf8',
          );
        }
        finished = true;
      } finally {
        // A connection whose query did not run to its end (download aborted) is discarded, not reused mid-query.
        release(finished ? undefined : new Error('audit log export aborted'));
      }
    }
    return { stream: Readable.from(lines(), { objectMode: false }), rows: () => rows };
  }
}

/** What the page's and the CSV's 対象 say besides the person: the read's scope in Japanese, or an older entry's target. */
function scopeLabel(
  action: string,
  scope: Record<string, string> | null,
  target: string | null,
  incomplete: boolean,
): string {
  return (describeAuditScope(scope, action) || target || '') + (incomplete ? '（ダウンロード中断）' : '');
}

function whereOf(user: AuthUser, filter: AuditLogFilter): { where: string; params: unknown[] } {
  const params: unknown[] = [user.tenantId];
  const conditions = ['a.tenant_id = $1'];
  if (filter.actor?.trim()) conditions.push(`a.actor_login_id = $${params.push(filter.actor.trim())}`);
  if (filter.person?.trim()) {
    const employeeNo = normalizeEmployeeNo(filter.person);
    if (!employeeNo)
      throw Problem.validation([
        { field: 'person', message: '職員番号は数字（20桁まで）で入力してください。' },
      ]);
    conditions.push(`a.subject_employee_no = $${params.push(employeeNo)}`);
  }
  if (filter.from && filter.to && filter.from > filter.to) {
    throw Problem.validation([
      { field: 'to', message: '終了日は開始日と同じか、それより後の日付にしてください。' },
    ]);
  }
  // Days are Tokyo days: from 00:00 of `from` to the end of `to`, in Asia/Tokyo.
  if (filter.from)
    conditions.push(
      `a.occurred_at >= ($${params.push(filter.from)}::date)::timestamp AT TIME ZONE 'Asia/Tokyo'`,
    );
  if (filter.to)
    conditions.push(
      `a.occurred_at < ($${params.push(filter.to)}::date + 1)::timestamp AT TIME ZONE 'Asia/Tokyo'`,
    );
  if (filter.action) conditions.push(`a.action = $${params.push(filter.action)}`);
  return { where: conditions.join(' AND '), params };
}

function selectSql(): string {
  return `SELECT a.id, a.occurred_at, to_char(a.occurred_at AT TIME ZONE 'Asia/Tokyo', 'YYYY-MM-DD HH24:MI:SS') AS tokyo_time,
                 a.actor_login_id, u.display_name AS actor_name, a.action, a.subject_employee_no, s.name AS subject_name,
                 a.target, a.detail, a.ip`;
}

function fromSql(where: string): string {
  return `FROM audit_log a
          LEFT JOIN app_user u ON u.id = a.actor_user_id
          LEFT JOIN staff s ON s.tenant_id = a.tenant_id AND s.employee_no = a.subject_employee_no
         WHERE ${where}`;
}

function toEntry(row: AuditRow): AuditLogEntry {
  const count = row.detail?.count;
  const scope = row.detail?.scope ?? null;
  const incomplete = row.detail?.incomplete === true;
  return {
    id: String(row.id),
    occurredAt: new Date(row.occurred_at).toISOString(),
    actorLoginId: row.actor_login_id,
    actorName: row.actor_name,
    action: row.action,
    person: row.subject_employee_no ? { employeeNo: row.subject_employee_no, name: row.subject_name } : null,
    target: row.target,
    scope,
    count: typeof count === 'number' ? count : null,
    incomplete,
    scopeLabel: scopeLabel(row.action, scope, row.target, incomplete),
    ip: row.ip,
  };
}
