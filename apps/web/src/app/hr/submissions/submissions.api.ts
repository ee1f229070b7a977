import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { API_BASE } from '@dx/contract';
import type { Observable } from 'rxjs';

export type SubmissionStatus = 'submitted' | 'passed' | 'returned';
export type EvaluationResult = 'passed' | 'returned';

/** Shown as text everywhere: the status never relies on colour. */
export const SUBMISSION_STATUS_LABELS: Record<SubmissionStatus, string> = {
  submitted: '評価待ち',
  passed: '合格',
  returned: '差し戻し',
};

/** GET /api/v1/submissions: one 課題 handed in by a learner (not yet in @dx/contract). */
export interface Submission {
  id: number;
  employeeNo: string;
  name: string;
  courseCode: string;
  courseTitle: string;
  moduleTitle: string;
  fiscalYear: number;
  /** ISO date-time (UTC); shown in Asia/Tokyo. */
  submittedAt: string;
  status: SubmissionStatus;
  text: string | null;
  fileName: string | null;
  /** The evaluator's comment, once evaluated. */
  comment: string | null;
}

/** 課題の評価: submissions waiting for (or past) an evaluator's judgement. */
@Injectable({ providedIn: 'root' })
export class SubmissionsApi {
  private readonly http = inject(HttpClient);

  list(status: SubmissionStatus): Observable<Submission[]> {
    return this.http.get<Submission[]>(`${API_BASE}/submissions`, { params: { status } });
  }

  /** 合格 completes the module; 差し戻し needs a comment (the API answers 422 without one). */
  evaluate(id: number, result: EvaluationResult, comment: string): Observable<void> {
    return this.http.post<void>(`${API_BASE}/submissions/${id}/evaluation`, { result, comment });
  }

  /** The attached file, same origin: a plain link sends the session cookie. */
  fileUrl(id: number): string {
    return `${API_BASE}/submissions/${id}/file`;
  }
}
