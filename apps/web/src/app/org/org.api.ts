import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { API_BASE, type OrgUnitNode } from '@dx/contract';
import type { Observable } from 'rxjs';

@Injectable({ providedIn: 'root' })
export class OrgApi {
  private readonly http = inject(HttpClient);

  /** The units the caller may see on the date, flat, parents before children. */
  listUnits(date: string): Observable<OrgUnitNode[]> {
    return this.http.get<OrgUnitNode[]>(`${API_BASE}/org-units`, { params: { date } });
  }
}
