import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { API_BASE, type CohortMemberChange, type CohortView, type NewCohort } from '@dx/contract';
import type { Observable } from 'rxjs';

/** DX推進スペシャリスト養成: the cohorts (養成期) and their members' stages. */
@Injectable({ providedIn: 'root' })
export class CohortsApi {
  private readonly http = inject(HttpClient);

  list(): Observable<CohortView[]> {
    return this.http.get<CohortView[]>(`${API_BASE}/specialist-cohorts`);
  }

  create(cohort: NewCohort): Observable<unknown> {
    return this.http.post(`${API_BASE}/specialist-cohorts`, cohort);
  }

  /** Adds the person to the cohort or updates their stage; membership assigns the programme's courses. */
  setMember(cohortCode: string, employeeNo: string, change: CohortMemberChange): Observable<void> {
    return this.http.put<void>(
      `${API_BASE}/specialist-cohorts/${encodeURIComponent(cohortCode)}/members/${encodeURIComponent(employeeNo)}`,
      change,
    );
  }
}
