import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import {
  API_BASE,
  type OrgUnitNode,
  type Page,
  type PeopleSort,
  type StaffAssignmentHistoryItem,
  type StaffListItem,
} from '@dx/contract';
import type { Observable } from 'rxjs';

export interface StaffSearch {
  q: string;
  orgUnitCode?: string;
  sort?: PeopleSort | '';
  page: number;
  pageSize: number;
}

@Injectable({ providedIn: 'root' })
export class StaffApi {
  private readonly http = inject(HttpClient);

  search({ q, orgUnitCode, sort, page, pageSize }: StaffSearch): Observable<Page<StaffListItem>> {
    const params: Record<string, string | number> = { page, pageSize };
    if (q) params['q'] = q;
    if (orgUnitCode) params['orgUnitCode'] = orgUnitCode;
    if (sort) params['sort'] = sort;
    return this.http.get<Page<StaffListItem>>(`${API_BASE}/staff`, { params });
  }

  history(employeeNo: string): Observable<StaffAssignmentHistoryItem[]> {
    return this.http.get<StaffAssignmentHistoryItem[]>(
      `${API_BASE}/staff/${encodeURIComponent(employeeNo)}/history`,
    );
  }

  /** The units the caller may see today (to name the unit filter). */
  units(date: string): Observable<OrgUnitNode[]> {
    return this.http.get<OrgUnitNode[]>(`${API_BASE}/org-units`, { params: { date } });
  }
}
