import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PoolClient } from 'pg';
import QueryStream from 'pg-query-stream';
import { DataSource, EntityManager } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { run, sql, type Sql } from '../database/sql';

export interface AuditRow {
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

/** What HR searches the log by, checked: days are Tokyo days, from 00:00 of `from` to the end of `to`. */
export interface AuditLogSearch {
  tenantId: number;
  actorLoginId?: string;
  employeeNo?: string;
  from?: string;
  to?: string;
  action?: string;
}

/** One line to append. */
export interface AuditLine {
  tenantId: number | null;
  actorUserId: number | null;
  actorLoginId: string | null;
  action: string;
  target: string | null;
  subjectEmployeeNo: string | null;
  detail: Record<string, unknown> | null;
  ip: string | null;
  occurredAt: Date | null;
}

/** The SQL of the audit log: appending lines (nothing else ever changes them) and HR's search of their tenant's. */
@Injectable()
export class AuditLogRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insertLine(manager: EntityManager, line: AuditLine): Promise<void> {
    await manager.query(
      `INSERT INTO audit_log (tenant_id, actor_user_id, actor_login_id, action, target, subject_employee_no, detail, ip, occurred_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, coalesce($9, now()))`,
      [
        line.tenantId,
        line.actorUserId,
        line.actorLoginId,
        line.action,
        line.target,
        line.subjectEmployeeNo,
        line.detail ? JSON.stringify(line.detail) : null,
        line.ip,
        line.occurredAt,
      ],
    );
  }

  /** A page of the matching lines, newest first. */
  findPage(search: AuditLogSearch, limit: number, offset: number): Promise<AuditRow[]> {
    return run<AuditRow>(
      this.dataSource,
      sql`${SELECT} ${fromWhere(search)} ORDER BY a.occurred_at DESC, a.id DESC LIMIT ${limit} OFFSET ${offset}`,
    );
  }

  /** How many lines match, counting no further than `limit`. */
  async countUpTo(search: AuditLogSearch, limit: number): Promise<number> {
    const [counted] = await run<{ n: number }>(
      this.dataSource,
      sql`SELECT count(*)::int AS n FROM (SELECT 1 FROM audit_log a WHERE ${conditions(search)} LIMIT ${limit}) x`,
    );
    return counted.n;
  }

  /**
   * Every matching line, newest first, streamed on a connection of its own in batches of 1,000. The caller releases
   * it (with an error when the stream was not read to its end, so the pool discards the connection).
   */
  async streamLines(
    search: AuditLogSearch,
  ): Promise<{ lines: AsyncIterable<AuditRow>; release: (error?: Error) => void }> {
    const [client, release] = (await (this.dataSource.driver as PostgresDriver).obtainMasterConnection()) as [
      PoolClient,
      (error?: Error) => void,
    ];
    const { text, values } =
      sql`${SELECT} ${fromWhere(search)} ORDER BY a.occurred_at DESC, a.id DESC`.toQuery();
    const lines = client.query(new QueryStream(text, values, { batchSize: 1000 })) as AsyncIterable<AuditRow>;
    return { lines, release };
  }
}

const SELECT =
  sql.raw(`SELECT a.id, a.occurred_at, to_char(a.occurred_at AT TIME ZONE 'Asia/Tokyo', 'YYYY-MM-DD HH24:MI:SS') AS tokyo_time,
                 a.actor_login_id, u.display_name AS actor_name, a.action, a.subject_employee_no, s.name AS subject_name,
                 a.target, a.detail, a.ip`);

function conditions(search: AuditLogSearch): Sql {
  const where = [sql`a.tenant_id = ${search.tenantId}`];
  if (search.actorLoginId) where.push(sql`a.actor_login_id = ${search.actorLoginId}`);
  if (search.employeeNo) where.push(sql`a.subject_employee_no = ${search.employeeNo}`);
  if (search.from)
    where.push(sql`a.occurred_at >= (${search.from}::date)::timestamp AT TIME ZONE 'Asia/Tokyo'`);
  if (search.to)
    where.push(sql`a.occurred_at < (${search.to}::date + 1)::timestamp AT TIME ZONE 'Asia/Tokyo'`);
  if (search.action) where.push(sql`a.action = ${search.action}`);
  return sql.join(where, ' AND ');
}

function fromWhere(search: AuditLogSearch): Sql {
  return sql`FROM audit_log a
          LEFT JOIN app_user u ON u.id = a.actor_user_id
          LEFT JOIN staff s ON s.tenant_id = a.tenant_id AND s.employee_no = a.subject_employee_no
         WHERE ${conditions(search)}`;
}
