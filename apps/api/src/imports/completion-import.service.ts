import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { CompletionImportCounts, ImportResult } from '@dx/contract';
import { compareDates, fiscalYearOf, normalizeEmployeeNo, parseDateInput, todayInTokyo } from '@dx/domain';
import { AuditService } from '../audit/audit.service';
import { firstOccurrence, readImportTable, RowErrors } from './import-errors';
import { CompletionImportRepository, ImportedCompletion } from './completion-import.repository';
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
    private readonly repository: CompletionImportRepository,
  ) {}

  async run(request: ImportRequest): Promise<ImportResult<CompletionImportCounts>> {
    const tenantId = request.actor.tenantId;
    const read = () => readImportTable(request.bytes, COMPLETION_COLUMNS);
    const { table, counts } = await runTenantImport(
      this.dataSource,
      tenantId,
      read,
      async (manager, table) => {
        const staff = await this.repository.findStaffIdsByEmployeeNo(manager, tenantId);
        const courses = await this.repository.findPublishedCourses(manager, tenantId);
        const errors = new RowErrors();
        const seen = new Map<string, number>();
        const rows: ImportedCompletion[] = [];
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
          const done = await this.repository.countAlreadyCompleted(manager, tenantId, rows);
          return { table, counts: { completed: rows.length - done, unchanged: done } };
        }
        const completed = await this.repository.completeAssignments(manager, tenantId, rows);
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
