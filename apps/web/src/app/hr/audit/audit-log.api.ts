import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { API_BASE, type AuditLogPage, type AuditLogQuery } from '@dx/contract';
import type { Observable } from 'rxjs';

export type AuditLogFilters = Omit<AuditLogQuery, 'page' | 'pageSize'>;

/** The audit log of the user's own organisation (人事担当・システム管理者). */
@Injectable({ providedIn: 'root' })
export class AuditLogApi {
  private readonly http = inject(HttpClient);

  search(filters: AuditLogFilters, page: number, pageSize: number): Observable<AuditLogPage> {
    return this.http.get<AuditLogPage>(`${API_BASE}/audit-log`, {
      params: paramsOf(filters).set('page', page).set('pageSize', pageSize),
    });
  }

  /** The same lines as a CSV file (UTF-8 with BOM, for Excel); downloading it is itself recorded. */
  csvUrl(filters: AuditLogFilters): string {
    const query = paramsOf(filters).toString();
    return `${API_BASE}/exports/audit-log.csv${query ? '?' + query : ''}`;
  }
}

function paramsOf(filters: AuditLogFilters): HttpParams {
  let params = new HttpParams();
  for (const key of ['actor', 'person', 'from', 'to', 'action'] as const) {
    const value = filters[key]?.trim();
    if (value) params = params.set(key, value);
  }
  return params;
}
