import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { API_BASE, type PromoterView } from '@dx/contract';
import type { Observable } from 'rxjs';

/** The promoter roster (推進員名簿), kept per fiscal year. */
@Injectable({ providedIn: 'root' })
export class PromotersApi {
  private readonly http = inject(HttpClient);

  list(fiscalYear: number): Observable<PromoterView[]> {
    return this.http.get<PromoterView[]>(`${API_BASE}/promoters`, { params: { fiscalYear } });
  }

  /** The year's roster as a CSV file whose name says its encoding. */
  rosterCsvUrl(fiscalYear: number, encoding: 'utf-8' | 'shift_jis'): string {
    return `${API_BASE}/exports/promoters.csv?fiscalYear=${fiscalYear}&encoding=${encoding}`;
  }

  /** Designates (or re-dates) a promoter for the year; the promoter course is assigned with it. */
  designate(employeeNo: string, fiscalYear: number, designatedOn: string): Observable<void> {
    return this.http.put<void>(promoterPath(employeeNo), { designatedOn }, { params: { fiscalYear } });
  }

  /** Ends the designation; a course already assigned stays. */
  remove(employeeNo: string, fiscalYear: number): Observable<void> {
    return this.http.delete<void>(promoterPath(employeeNo), { params: { fiscalYear } });
  }
}

function promoterPath(employeeNo: string): string {
  return `${API_BASE}/promoters/${encodeURIComponent(employeeNo)}`;
}
