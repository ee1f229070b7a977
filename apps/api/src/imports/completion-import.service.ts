import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { CompletionImportCounts, ImportResult } from '@dx/contract';
import { compareDates, fiscalYearOf, normalizeEmployeeNo, parseDateInput, todayInTokyo } from '@dx/domain';
import { AuditService } from '../audit/audit.service';
import { firstOccurrence, readImportTable, RowErrors } from './import-errors';
import { runTenantImport } from './import-run';
import { ImportRequest } from './org-import.service';

export const COMPLETION_COLUMNS = ['職員番号', '研修コード', '修了日'] as const;

/**
 * Completions from outside the system (classroom sessions, other providers): the whole course is completed on
 * the given day. The assignment of that day's fiscal year is completed; a person without one gets it recorded
 * as a manual assignment, so their history is complete. Already completed assignments are left as they are.
 */
@Injectable()
export class CompletionImportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async run(request: ImportRequest): Promise<ImportResult<CompletionImportCounts>> {
    const tenantId = request.actor.tenantId;
    const read = () => readImportTable(request.bytes, COMPLETION_COLUMNS);
    const { table, counts } = await runTenantImport(
      this.dataSource,
      tenantId,
      read,
      async (manager, table) => {
        const staff = new Map<string, number>(
          (await manager.query(`SELECT employee_no, id FROM staff WHERE tenant_id = $1`, [tenantId])).map(
            (r: { employee_no: string; id: number }) => [r.employee_no, r.id],
          ),
        );
        const courses = new Map<string, { id: number; version: number }>(
          (
            await manager.query(
              `SELECT code, id, published_version FROM course WHERE tenant_id = $1 AND published_version >= 1`,
              [tenantId],
            )
          ).map((r: { code: string; id: number; published_version: number }) => [
            r.code,
            { id: r.id, version: r.published_version },
          ]),
        );
        const errors = new RowErrors();
        const seen = new Map<string, number>();
        const rows: {
          staffId: number;
          courseId: number;
          version: number;
          fiscalYear: number;
          completedOn: string;
        }[] = [];
        const today = todayInTokyo();
        for (const { line, values } of table.rows) {
          const before = errors.items.length;
          const employeeNo = normalizeEmployeeNo(values['職員番号']);
          const staffId = employeeNo ? staff.get(employeeNo) : undefined;
          if (!employeeNo)
            errors.add(line, '職員番号', `職員番号「${values['職員番号']}」は数字で指定してください。`);
          else if (staffId === undefined)
            errors.add(line, '職員番号', `職員番号「${employeeNo}」の職員は登録されていません。`);
          const course = courses.get(values['研修コード']);
          if (!values['研修コード']) errors.add(line, '研修コード', '研修コードが空です。');
          else if (!course)
            errors.add(line, '研修コード', `研修コード「${values['研修コード']}」は登録されていません。`);
          const completedOn = parseDateInput(values['修了日']);
          if (!completedOn)
            errors.add(line, '修了日', `修了日「${values['修了日']}」は日付として読めません（YYYY-MM-DD）。`);
          else if (compareDates(completedOn, today) > 0)
            errors.add(line, '修了日', `修了日（${completedOn}）が未来の日付です。`);
          if (employeeNo && values['研修コード'] && completedOn) {
            firstOccurrence(
              seen,
              `${employeeNo} ${values['研修コード']} ${fiscalYearOf(completedOn)}`,
              line,
              '職員番号',
              errors,
            );
          }
          if (errors.items.length === before && staffId !== undefined && course && completedOn) {
            rows.push({
              staffId,
              courseId: course.id,
              version: course.version,
              fiscalYear: fiscalYearOf(completedOn),
              completedOn,
            });
          }
        }
        errors.throwIfAny();
        if (request.dryRun) {
          const [{ done }] = await manager.query(
            `SELECT count(*)::int AS done FROM enrollment e
             JOIN unnest($1::int[], $2::int[], $3::int[]) AS x(staff_id, course_id, fy)
               ON e.staff_id = x.staff_id AND e.course_id = x.course_id AND e.fiscal_year = x.fy
            WHERE e.completed_at IS NOT NULL`,
            [rows.map((r) => r.staffId), rows.map((r) => r.courseId), rows.map((r) => r.fiscalYear)],
          );
          return { table, counts: { completed: rows.length - done, unchanged: done } };
        }
        const columns = [
          rows.map((r) => r.staffId),
          rows.map((r) => r.courseId),
          rows.map((r) => r.version),
          rows.map((r) => r.fiscalYear),
          rows.map((r) => r.completedOn),
        ];
        await manager.query(
          `INSERT INTO enrollment (tenant_id, staff_id, course_id, course_version, fiscal_year, source, trigger_date, due_date)
         SELECT $1, x.staff_id, x.course_id, x.version, x.fy, 'manual', x.day, x.day
           FROM unnest($2::int[], $3::int[], $4::int[], $5::int[], $6::date[]) AS x(staff_id, course_id, version, fy, day)
         ON CONFLICT (staff_id, course_id, fiscal_year) DO NOTHING`,
          [tenantId, ...columns],
        );
        const [, completed] = await manager.query(
          `UPDATE enrollment e SET completed_on = x.day, completed_at = (x.day::timestamp AT TIME ZONE 'Asia/Tokyo'),
                completion_source = 'import'
           FROM unnest($1::int[], $2::int[], $3::int[], $4::int[], $5::date[]) AS x(staff_id, course_id, version, fy, day)
          WHERE e.staff_id = x.staff_id AND e.course_id = x.course_id AND e.fiscal_year = x.fy AND e.completed_at IS NULL`,
          columns,
        );
        const counts = { completed, unchanged: rows.length - completed };
        await this.audit.record(
          {
            tenantId,
            actor: request.actor,
            action: 'import.completions',
            detail: { counts, rows: rows.length },
            ip: request.ip,
          },
          manager,
        );
        return { table, counts };
      },
    );
    return {
      dryRun: request.dryRun,
      counts,
      errors: [],
      effectiveDate: request.effectiveDate,
      encoding: table.encoding,
      rows: table.rows.length,
    };
  }
}
