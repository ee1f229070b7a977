import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { API_BASE, type ImportResult, type OrgImportCounts, type StaffImportCounts } from '@dx/contract';
import type { Observable } from 'rxjs';

export type ImportKind = 'org-units' | 'staff';
export type ImportCounts = OrgImportCounts | StaffImportCounts;

export interface ImportRequest {
  kind: ImportKind;
  file: File;
  dryRun: boolean;
  effectiveDate: string;
  /** Staff roster only: go ahead even though many people would leave at once. */
  allowMassLeave: boolean;
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
  }: ImportRequest): Observable<ImportResult<ImportCounts>> {
    const params: Record<string, string> = { dryRun: String(dryRun), effectiveDate };
    if (kind === 'staff') params['allowMassLeave'] = String(allowMassLeave);
    const body = new FormData();
    body.append('file', file, file.name);
    return this.http.post<ImportResult<ImportCounts>>(`${API_BASE}/imports/${kind}`, body, { params });
  }
}
