import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ImportResult, UdemyImportCounts } from '@dx/contract';
import {
  type OutsideActivity,
  UDEMY_FIELD_KEYS,
  UDEMY_REQUIRED_HEADERS,
  udemyHeaderKey,
  udemyRecordToActivity,
} from '@dx/domain';
import { AuditService } from '../audit/audit.service';
import { Problem } from '../common/problem';
import { OutsideActivityService } from '../integrations/outside-activity.service';
import { readImportTable, RowErrors } from './import-errors';
import { runTenantImport } from './import-run';
import { ImportRequest } from './org-import.service';

/** A Udemy export has a row per person and course: a 30,000-person tenant's whole history fits under the 20 MB cap. */
const UDEMY_MAX_ROWS = 300_000;

/**
 * The Udemy Business user-course-activity CSV (`POST /imports/udemy-business`): header names matched ignoring case,
 * spaces and underscores (the Reporting API's field names and the export's title-case forms), each row read by the
 * domain's Udemy rules, a malformed file refused whole (422, one error per bad row), then the rows applied by the
 * shared outside-completions core in the import's transaction.
 */
@Injectable()
export class UdemyImportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outside: OutsideActivityService,
    private readonly audit: AuditService,
  ) {}

  async run(request: ImportRequest): Promise<ImportResult<UdemyImportCounts>> {
    const tenantId = request.actor.tenantId;
    const receivedAt = new Date().toISOString();
    const { table, counts } = await runTenantImport(
      this.dataSource,
      tenantId,
      () => readUdemyFile(request.bytes, receivedAt),
      async (manager, file) => {
        const applied = await this.outside.applyOutsideActivities(manager, tenantId, file.activities, {
          dryRun: request.dryRun,
        });
        const counts = {
          completed: applied.completed,
          unchanged: applied.unchanged,
          skipped: applied.skipped,
        };
        if (!request.dryRun) {
          await this.audit.record(
            {
              tenantId,
              actor: request.actor,
              action: 'import.udemy_business',
              detail: { counts, rows: file.activities.length, rematched: applied.rematched },
              ip: request.ip,
            },
            manager,
          );
        }
        return { table: file, counts };
      },
    );
    return {
      dryRun: request.dryRun,
      counts,
      errors: [],
      effectiveDate: request.effectiveDate,
      encoding: table.encoding,
      rows: table.activities.length,
    };
  }
}

export interface UdemyFile {
  encoding: string;
  activities: OutsideActivity[];
}

/** Reads and checks the whole file; any bad row refuses it (nothing is applied). */
export function readUdemyFile(bytes: Uint8Array, receivedAt: string): UdemyFile {
  const table = readImportTable(bytes, [], {
    optional: UDEMY_FIELD_KEYS,
    headerKey: udemyHeaderKey,
    limits: { maxRows: UDEMY_MAX_ROWS },
  });
  const missing = UDEMY_REQUIRED_HEADERS.filter((h) => !table.header.includes(h.key));
  if (missing.length > 0) {
    throw Problem.validation(
      missing.map((h) => ({
        row: 1,
        column: h.name,
        field: h.name,
        message: `列「${h.name}」がありません。`,
      })),
      `Udemy Business のCSVに必要な列（${missing.map((h) => h.name).join('、')}）がありません（何も変更していません）。`,
    );
  }
  const errors = new RowErrors();
  const activities: OutsideActivity[] = [];
  for (const { line, values } of table.rows) {
    const result = udemyRecordToActivity(values, 'csv', receivedAt);
    if (result.activity) activities.push(result.activity);
    else for (const issue of result.issues) errors.add(line, fieldName(issue.field), issue.message);
  }
  errors.throwIfAny();
  return { encoding: table.encoding, activities };
}

const FIELD_NAMES: Record<string, string> = {
  useremail: 'user_email',
  userexternalid: 'user_external_id',
  courseid: 'course_id',
  coursetitle: 'course_title',
  completionratio: 'completion_ratio',
  coursecompletiondate: 'course_completion_date',
  coursefirstcompletiondate: 'course_first_completion_date',
  courselastaccesseddate: 'course_last_accessed_date',
};

function fieldName(key: string): string {
  return FIELD_NAMES[key] ?? key;
}
