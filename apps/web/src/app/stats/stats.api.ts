import { HttpClient, type HttpEvent } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { API_BASE, type CompletionReport, type OrgUnitNode, type ReportGroup } from '@dx/contract';
import type { Observable } from 'rxjs';

/** The scope of GET /api/v1/reports/completion and the exports (query parameters). */
export interface ReportScope {
  fiscalYear: number;
  orgUnitCode?: string;
  trackCode?: string;
}

export type ExportKind = 'csv-utf8' | 'csv-sjis' | 'xlsx';

/** 受講統計: completion statistics and their CSV / XLSX exports. */
@Injectable({ providedIn: 'root' })
export class StatsApi {
  private readonly http = inject(HttpClient);

  completion(scope: ReportScope & { groupBy: ReportGroup }): Observable<CompletionReport> {
    return this.http.get<CompletionReport>(`${API_BASE}/reports/completion`, {
      params: { ...scopeParams(scope), groupBy: scope.groupBy },
    });
  }

  /** A streamed export, with download progress events (the total size is not known in advance). */
  export(kind: ExportKind, scope: ReportScope): Observable<HttpEvent<Blob>> {
    const params = scopeParams(scope);
    const path = kind === 'xlsx' ? 'completion.xlsx' : 'completion.csv';
    if (kind !== 'xlsx') params['encoding'] = kind === 'csv-sjis' ? 'shift_jis' : 'utf-8';
    return this.http.get(`${API_BASE}/exports/${path}`, {
      params,
      reportProgress: true,
      observe: 'events',
      responseType: 'blob',
    });
  }

  /** The units the caller may see on a date (the unit filter's choices). */
  units(date: string): Observable<OrgUnitNode[]> {
    return this.http.get<OrgUnitNode[]>(`${API_BASE}/org-units`, { params: { date } });
  }
}

function scopeParams(scope: ReportScope): Record<string, string | number> {
  const params: Record<string, string | number> = { fiscalYear: scope.fiscalYear };
  if (scope.orgUnitCode) params['orgUnitCode'] = scope.orgUnitCode;
  if (scope.trackCode) params['trackCode'] = scope.trackCode;
  return params;
}
