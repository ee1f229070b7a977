import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import {
  API_BASE,
  type EvaluationResult,
  type SubmissionListItem,
  type SubmissionStatus,
} from '@dx/contract';
import type { Observable } from 'rxjs';

/** Shown as text everywhere: the status never relies on colour. */
export const SUBMISSION_STATUS_LABELS: Record<SubmissionStatus, string> = {
  submitted: '評価待ち',
  passed: '合格',
  returned: '差し戻し',
};

/** 課題の評価: submissions waiting for (or past) an evaluator's judgement. */
@Injectable({ providedIn: 'root' })
export class SubmissionsApi {
  private readonly http = inject(HttpClient);

  list(status: SubmissionStatus): Observable<SubmissionListItem[]> {
    return this.http.get<SubmissionListItem[]>(`${API_BASE}/submissions`, { params: { status } });
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
