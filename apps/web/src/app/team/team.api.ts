import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import {
  API_BASE,
  type EnrollmentStatusName,
  type OrgUnitNode,
  type PeopleSort,
  type ReminderPreview,
  type ReminderRequest,
  type ReminderResult,
  type TeamMatrix,
} from '@dx/contract';
import type { Observable } from 'rxjs';

export interface MatrixQuery {
  fiscalYear: number;
  orgUnitCode?: string;
  trackCode?: string;
  courseCode?: string;
  status?: EnrollmentStatusName | '';
  position?: string;
  q?: string;
  sort?: PeopleSort | '';
  page: number;
  pageSize: number;
}

/** チーム受講状況: the people × courses matrix of the caller's subtree, and reminders. */
@Injectable({ providedIn: 'root' })
export class TeamApi {
  private readonly http = inject(HttpClient);

  matrix(query: MatrixQuery): Observable<TeamMatrix> {
    const params: Record<string, string | number> = {
      fiscalYear: query.fiscalYear,
      page: query.page,
      pageSize: query.pageSize,
    };
    for (const key of [
      'orgUnitCode',
      'trackCode',
      'courseCode',
      'status',
      'position',
      'q',
      'sort',
    ] as const) {
      const value = query[key];
      if (value) params[key] = value;
    }
    return this.http.get<TeamMatrix>(`${API_BASE}/team/matrix`, { params });
  }

  /** One e-mail per person; a course already reminded today is skipped by the server. */
  remind(request: ReminderRequest): Observable<ReminderResult> {
    return this.http.post<ReminderResult>(`${API_BASE}/team/reminders`, request);
  }

  /** The e-mails the same request would send now (nothing is sent or recorded). */
  previewReminders(request: ReminderRequest): Observable<ReminderPreview> {
    return this.http.post<ReminderPreview>(`${API_BASE}/team/reminders/preview`, request);
  }

  /** The units the caller may see on a date (for the breadcrumb above the drill-down). */
  units(date: string): Observable<OrgUnitNode[]> {
    return this.http.get<OrgUnitNode[]>(`${API_BASE}/org-units`, { params: { date } });
  }
}
