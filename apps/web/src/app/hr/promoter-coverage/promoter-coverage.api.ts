import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { API_BASE, type PromoterCoverage, type PromoterRequestResult } from '@dx/contract';
import type { Observable } from 'rxjs';

/** 推進員の配置状況: the 所属 without a デジタル活用推進員, and asking their heads to name one. */
@Injectable({ providedIn: 'root' })
export class PromoterCoverageApi {
  private readonly http = inject(HttpClient);

  coverage(fiscalYear: number): Observable<PromoterCoverage> {
    return this.http.get<PromoterCoverage>(`${API_BASE}/promoter-coverage`, { params: { fiscalYear } });
  }

  /** Asks the heads of the 所属 (all on the list when none are named); once a day per 所属. */
  request(fiscalYear: number, unitCodes?: string[]): Observable<PromoterRequestResult> {
    return this.http.post<PromoterRequestResult>(
      `${API_BASE}/promoter-coverage/requests`,
      unitCodes ? { unitCodes } : {},
      { params: { fiscalYear } },
    );
  }
}
