import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import {
  API_BASE,
  type CompletionImportCounts,
  type ImportResultWithChanges,
  type OrgImportCounts,
  type PromoterImportCounts,
  type StaffImportCounts,
  type UdemyImportCounts,
} from '@dx/contract';
import type { Observable } from 'rxjs';

export type ImportKind = 'org-units' | 'staff' | 'completions' | 'promoters' | 'udemy-business';

export type ImportCounts =
  OrgImportCounts | StaffImportCounts | CompletionImportCounts | PromoterImportCounts | UdemyImportCounts;

/** The kinds whose rows take effect on a 基準日 (the org chart and the staff roster). */
export const DATED_KINDS: readonly ImportKind[] = ['org-units', 'staff'];

export interface ImportRequest {
  kind: ImportKind;
  file: File;
  dryRun: boolean;
  /** Org chart and staff roster: the day the rows take effect. */
  effectiveDate: string;
  /** Staff roster only: go ahead even though many people would leave at once. */
  allowMassLeave: boolean;
  /** Org chart only: go ahead even though many units would close at once. */
  allowMassClose?: boolean;
  /** Promoter roster only: the fiscal year the roster is for. */
  fiscalYear?: number;
}

@Injectable({ providedIn: 'root' })
export class ImportsApi {
  private readonly http = inject(HttpClient);

  /** Sends the CSV (multipart/form-data, field `file`); with dryRun it only reports what would change. */
  upload({
    kind,
    file,
    dryRun,
    effectiveDate,
    allowMassLeave,
    allowMassClose = false,
    fiscalYear,
  }: ImportRequest): Observable<ImportResultWithChanges<ImportCounts>> {
    const params: Record<string, string> = { dryRun: String(dryRun) };
    if (DATED_KINDS.includes(kind)) params['effectiveDate'] = effectiveDate;
    if (kind === 'staff') params['allowMassLeave'] = String(allowMassLeave);
    if (kind === 'org-units') params['allowMassClose'] = String(allowMassClose);
    if (kind === 'promoters' && fiscalYear !== undefined) params['fiscalYear'] = String(fiscalYear);
    const body = new FormData();
    body.append('file', file, file.name);
    return this.http.post<ImportResultWithChanges<ImportCounts>>(`${API_BASE}/imports/${kind}`, body, {
      params,
    });
  }
}
