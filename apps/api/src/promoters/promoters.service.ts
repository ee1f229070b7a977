import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { ImportResult, PromoterImportCounts, PromoterView } from '@dx/contract';
import { encodeCp932WithReport } from '@dx/codecs';
import {
  compareDates,
  fiscalYearEnd,
  fiscalYearOf,
  formatFiscalYear,
  neutralizeSpreadsheetCell,
  normalizeEmployeeNo,
  parseDateInput,
  toCsvLine,
  UTF8_BOM,
} from '@dx/domain';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth-user';
import { Problem } from '../common/problem';
import { EnrolmentEngine } from '../enrolments/enrolment-engine';
import { firstOccurrence, readImportTable, RowErrors } from '../imports/import-errors';
import { runTenantImport } from '../imports/import-run';
import { ImportRequest } from '../imports/org-import.service';
import { findStaffIdByEmployeeNo, PromotersRepository } from './promoters.repository';

export const PROMOTER_COLUMNS = ['職員番号', '指定日'] as const;
/** The roster as exported: the import's two columns first, so the file can be edited and imported again. */
export const PROMOTER_EXPORT_COLUMNS = ['職員番号', '指定日', '氏名', '所属コード', '所属名'] as const;
export type RosterEncoding = 'utf-8' | 'shift_jis';
/** What the file name says of its encoding, so two downloads of the same roster are told apart. */
const ENCODING_IN_FILE_NAME: Record<RosterEncoding, string> = { 'utf-8': 'UTF-8', shift_jis: 'Shift_JIS' };

export interface RosterCsv {
  bytes: Buffer;
  fileName: string;
  /** Characters Shift_JIS cannot hold, written as 〓. */
  substituted: string[];
}

/** The デジタル活用推進員 roster per fiscal year; a change assigns PROMOTER-BASIC in the same transaction. */
@Injectable()
export class PromotersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: PromotersRepository,
    private readonly engine: EnrolmentEngine,
    private readonly audit: AuditService,
  ) {}

  async list(user: AuthUser, fiscalYear: number): Promise<PromoterView[]> {
    return this.repository.findRoster(user.tenantId, fiscalYear);
  }

  /** The roster of one year as CSV for Excel: UTF-8 with BOM, or Shift_JIS with its substitutions reported. */
  async rosterCsv(user: AuthUser, fiscalYear: number, encoding: RosterEncoding): Promise<RosterCsv> {
    const rows = await this.list(user, fiscalYear);
    const text =
      toCsvLine([...PROMOTER_EXPORT_COLUMNS]) +
      rows
        .map((r) =>
          toCsvLine(
            [r.employeeNo, r.designatedOn, r.name, r.unitCode ?? '', r.unitName ?? ''].map(
              neutralizeSpreadsheetCell,
            ),
          ),
        )
        .join('');
    const fileName = `デジタル活用推進員名簿_${formatFiscalYear(fiscalYear)}_${ENCODING_IN_FILE_NAME[encoding]}.csv`;
    if (encoding === 'utf-8')
      return { bytes: Buffer.from(UTF8_BOM + text, 'utf8'), fileName, substituted: [] };
    const encoded = encodeCp932WithReport(text);
    return { bytes: Buffer.from(encoded.bytes), fileName, substituted: encoded.substituted };
  }

  async designate(
    user: AuthUser,
    employeeNo: string,
    designatedOn: string,
    fiscalYear = fiscalYearOf(designatedOn),
  ): Promise<void> {
    if (isAfterFiscalYear(designatedOn, fiscalYear)) {
      throw Problem.validation([
        { field: 'designatedOn', message: afterFiscalYearMessage(designatedOn, fiscalYear) },
      ]);
    }
    await this.dataSource.transaction(async (manager) => {
      const staffId = await staffIdOf(manager, user.tenantId, employeeNo);
      await this.repository.upsertDesignation(manager, user.tenantId, staffId, fiscalYear, designatedOn);
      await this.engine.apply(manager, user.tenantId, [fiscalYear], [staffId], { redate: true });
      await this.audit.record(
        {
          tenantId: user.tenantId,
          actor: user,
          action: 'promoter.designated',
          target: `${employeeNo}/${fiscalYear}`,
        },
        manager,
      );
    });
  }

  /** Ends a designation. An assignment already given stays (training history is never rewritten). */
  async remove(user: AuthUser, employeeNo: string, fiscalYear: number): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const staffId = await staffIdOf(manager, user.tenantId, employeeNo);
      const removed = await this.repository.deleteDesignation(manager, user.tenantId, staffId, fiscalYear);
      if (!removed)
        throw Problem.notFound(`職員番号「${employeeNo}」は${fiscalYear}年度の推進員に指定されていません。`);
      await this.audit.record(
        {
          tenantId: user.tenantId,
          actor: user,
          action: 'promoter.removed',
          target: `${employeeNo}/${fiscalYear}`,
        },
        manager,
      );
    });
  }

  /** CSV `職員番号,指定日`: the complete roster of one fiscal year (people missing from it are no longer promoters). */
  async importRoster(
    request: ImportRequest & { fiscalYear?: number },
  ): Promise<ImportResult<PromoterImportCounts>> {
    const tenantId = request.actor.tenantId;
    let encoding = '';
    let rowCount = 0;
    // One import of the tenant at a time, like the org chart and roster: a second one is a 409 at once.
    const counts = await runTenantImport(
      this.dataSource,
      tenantId,
      () => readImportTable(request.bytes, PROMOTER_COLUMNS),
      async (manager, table) => {
        encoding = table.encoding;
        rowCount = table.rows.length;
        const staff = await this.repository.findStaffIdsByEmployeeNo(manager, tenantId);
        const errors = new RowErrors();
        const seen = new Map<string, number>();
        const rows: { staffId: number; designatedOn: string }[] = [];
        const years = new Set<number>();
        for (const { line, values } of table.rows) {
          const before = errors.items.length;
          const employeeNo = normalizeEmployeeNo(values['職員番号']);
          const staffId = employeeNo ? staff.get(employeeNo) : undefined;
          if (!employeeNo)
            errors.add(line, '職員番号', `職員番号「${values['職員番号']}」は数字で指定してください。`);
          else if (staffId === undefined)
            errors.add(line, '職員番号', `職員番号「${employeeNo}」の職員は登録されていません。`);
          else firstOccurrence(seen, employeeNo, line, '職員番号', errors);
          const designatedOn = parseDateInput(values['指定日']);
          if (!designatedOn)
            errors.add(line, '指定日', `指定日「${values['指定日']}」は日付として読めません（YYYY-MM-DD）。`);
          else if (request.fiscalYear !== undefined && isAfterFiscalYear(designatedOn, request.fiscalYear)) {
            errors.add(line, '指定日', afterFiscalYearMessage(designatedOn, request.fiscalYear));
          }
          if (errors.items.length === before && staffId !== undefined && designatedOn) {
            rows.push({ staffId, designatedOn });
            years.add(request.fiscalYear ?? fiscalYearOf(designatedOn));
          }
        }
        errors.throwIfAny();
        if (years.size > 1) {
          throw Problem.validation(
            [
              {
                field: '指定日',
                message: `指定日が複数の年度（${[...years].join('・')}）にまたがっています。1年度分ずつ取り込んでください。`,
              },
            ],
            '推進員名簿は1年度分ずつ取り込んでください。',
          );
        }
        const fiscalYear = request.fiscalYear ?? [...years][0] ?? fiscalYearOf(request.effectiveDate);
        const existing = await this.repository.findDesignationDays(manager, tenantId, fiscalYear);
        const changed = rows.filter((r) => existing.get(r.staffId) !== r.designatedOn);
        const removed = [...existing.keys()].filter((id) => !rows.some((r) => r.staffId === id));
        if (!request.dryRun) {
          if (removed.length) {
            await this.repository.deleteDesignations(manager, tenantId, fiscalYear, removed);
          }
          if (changed.length) {
            await this.repository.upsertDesignations(manager, tenantId, fiscalYear, changed);
            await this.engine.apply(
              manager,
              tenantId,
              [fiscalYear],
              changed.map((r) => r.staffId),
              { redate: true },
            );
          }
          await this.audit.record(
            {
              tenantId,
              actor: request.actor,
              action: 'import.promoters',
              detail: { fiscalYear, rows: rows.length },
              ip: request.ip,
            },
            manager,
          );
        }
        return {
          designated: changed.length,
          unchanged: rows.length - changed.length,
          removed: removed.length,
        };
      },
    );
    return {
      dryRun: request.dryRun,
      counts,
      errors: [],
      effectiveDate: request.effectiveDate,
      encoding,
      rows: rowCount,
    };
  }
}

/** A designation for a fiscal year cannot be dated after that year has ended (its course would fall due in the next). */
function isAfterFiscalYear(designatedOn: string, fiscalYear: number): boolean {
  return compareDates(designatedOn, fiscalYearEnd(fiscalYear)) > 0;
}

function afterFiscalYearMessage(designatedOn: string, fiscalYear: number): string {
  return `指定日（${designatedOn}）が${fiscalYear}年度（${fiscalYearEnd(fiscalYear)}まで）より後です。年度を確認してください。`;
}

async function staffIdOf(manager: EntityManager, tenantId: number, employeeNo: string): Promise<number> {
  const staffId = await findStaffIdByEmployeeNo(manager, tenantId, employeeNo);
  if (staffId === undefined) throw Problem.notFound(`職員番号「${employeeNo}」の職員は見つかりません。`);
  return staffId;
}
