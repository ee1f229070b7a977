import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
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
import { AuditLogRepository, AuditLogSearch, AuditRow } from './audit-log.repository';

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

/** HR's reading of the audit log of their own tenant: newest first, by actor, person, Tokyo days and action. */
@Injectable()
export class AuditLogService {
  constructor(private readonly repository: AuditLogRepository) {}

  async search(
    user: AuthUser,
    filter: AuditLogFilter,
    page: number,
    pageSize: number,
  ): Promise<AuditLogPage> {
    const search = searchOf(user, filter);
    // The log grows by every read of every manager: counting a whole year's lines on each page would take longer
    // than reading the page, so the count stops at COUNT_LIMIT ("10,000件以上"; narrow the search to see further).
    const [rows, counted] = await Promise.all([
      this.repository.findPage(search, pageSize, (page - 1) * pageSize),
      this.repository.countUpTo(search, COUNT_LIMIT + 1),
    ]);
    return {
      total: Math.min(counted, COUNT_LIMIT),
      totalIsLowerBound: counted > COUNT_LIMIT,
      page,
      pageSize,
      items: rows.map(toEntry),
    };
  }

  /** The matching lines as CSV (UTF-8 with BOM), streamed from the database; `rows()` says how many were written. */
  async csv(user: AuthUser, filter: AuditLogFilter): Promise<{ stream: Readable; rows: () => number }> {
    const { lines: found, release } = await this.repository.streamLines(searchOf(user, filter));
    let rows = 0;
    async function* lines(): AsyncGenerator<Buffer> {
      let finished = false;
      try {
        yield Buffer.from(UTF8_BOM + toCsvLine([...AUDIT_LOG_EXPORT_COLUMNS]), 'utf8');
        for await (const row of found) {
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

/** The filter checked and normalised, for the tenant of the user: what the repository searches by. */
function searchOf(user: AuthUser, filter: AuditLogFilter): AuditLogSearch {
  let employeeNo: string | undefined;
  if (filter.person?.trim()) {
    employeeNo = normalizeEmployeeNo(filter.person) ?? undefined;
    if (!employeeNo)
      throw Problem.validation([
        { field: 'person', message: '職員番号は数字（20桁まで）で入力してください。' },
      ]);
  }
  if (filter.from && filter.to && filter.from > filter.to) {
    throw Problem.validation([
      { field: 'to', message: '終了日は開始日と同じか、それより後の日付にしてください。' },
    ]);
  }
  return {
    tenantId: user.tenantId,
    actorLoginId: filter.actor?.trim() || undefined,
    employeeNo,
    from: filter.from || undefined,
    to: filter.to || undefined,
    action: filter.action || undefined,
  };
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
