import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { API_BASE } from '@dx/contract';
import type { Observable } from 'rxjs';

/** The stages of the DX推進スペシャリスト programme, in order (as the API validates them). */
export const COHORT_STAGES = ['基礎', '応用', '実践', '認定'] as const;
export type CohortStage = (typeof COHORT_STAGES)[number];

// The shapes of /api/v1/specialist-cohorts (not yet in @dx/contract).

export interface CohortMember {
  employeeNo: string;
  name: string;
  stage: string;
  joinedOn: string;
  certifiedOn: string | null;
}

export interface Cohort {
  code: string;
  name: string;
  fiscalYear: number;
  dueDate: string | null;
  members: CohortMember[];
}

export interface NewCohort {
  code: string;
  name: string;
  fiscalYear: number;
  dueDate?: string;
}

export interface MemberChange {
  stage: CohortStage;
  joinedOn: string;
  certifiedOn?: string;
}

/** DX推進スペシャリスト養成: the cohorts (養成期) and their members' stages. */
@Injectable({ providedIn: 'root' })
export class CohortsApi {
  private readonly http = inject(HttpClient);

  list(): Observable<Cohort[]> {
    return this.http.get<Cohort[]>(`${API_BASE}/specialist-cohorts`);
  }

  create(cohort: NewCohort): Observable<unknown> {
    return this.http.post(`${API_BASE}/specialist-cohorts`, cohort);
  }

  /** Adds the person to the cohort or updates their stage; membership assigns the programme's courses. */
  setMember(cohortCode: string, employeeNo: string, change: MemberChange): Observable<void> {
    return this.http.put<void>(
      `${API_BASE}/specialist-cohorts/${encodeURIComponent(cohortCode)}/members/${encodeURIComponent(employeeNo)}`,
      change,
    );
  }
}
