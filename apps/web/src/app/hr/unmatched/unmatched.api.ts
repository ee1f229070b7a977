import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { API_BASE, type UdemyCourseLink, type UnmatchedRow, type UnmatchedStatus } from '@dx/contract';
import type { Observable } from 'rxjs';

/** 連携の未照合: outside records (Udemy Business, xAPI) that matched no person or course. */
@Injectable({ providedIn: 'root' })
export class UnmatchedApi {
  private readonly http = inject(HttpClient);

  list(status: UnmatchedStatus | 'all'): Observable<UnmatchedRow[]> {
    return this.http.get<UnmatchedRow[]>(`${API_BASE}/integrations/unmatched`, { params: { status } });
  }

  /** The external modules naming a Udemy Business course (for resolving a row to a module). */
  courses(): Observable<UdemyCourseLink[]> {
    return this.http.get<UdemyCourseLink[]>(`${API_BASE}/integrations/udemy-business/courses`);
  }

  resolve(id: number, target: { employeeNo?: string; moduleId?: number }): Observable<UnmatchedRow> {
    return this.http.post<UnmatchedRow>(`${API_BASE}/integrations/unmatched/${id}/resolve`, target);
  }

  dismiss(id: number, reason: string): Observable<UnmatchedRow> {
    return this.http.post<UnmatchedRow>(`${API_BASE}/integrations/unmatched/${id}/dismiss`, { reason });
  }
}
