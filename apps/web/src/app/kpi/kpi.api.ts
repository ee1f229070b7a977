import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { API_BASE, type KpiDashboard } from '@dx/contract';
import type { Observable } from 'rxjs';

export interface KpiTargetInput {
  key: string;
  baseline: number | null;
  target: number | null;
}

/** KPIダッシュボード: the DX plan's indicators for a fiscal year and their targets. */
@Injectable({ providedIn: 'root' })
export class KpiApi {
  private readonly http = inject(HttpClient);

  dashboard(fiscalYear: number): Observable<KpiDashboard> {
    return this.http.get<KpiDashboard>(`${API_BASE}/kpi`, { params: { fiscalYear } });
  }

  /** Saves the 現状値 and 目標値 of the year; answers the dashboard as it now stands. */
  saveTargets(fiscalYear: number, targets: KpiTargetInput[]): Observable<KpiDashboard> {
    return this.http.put<KpiDashboard>(`${API_BASE}/kpi/targets`, { targets }, { params: { fiscalYear } });
  }
}
