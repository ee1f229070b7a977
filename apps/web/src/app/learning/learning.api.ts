import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import {
  API_BASE,
  type CourseDetail,
  type EnrollmentSummary,
  type PackageCommit,
  type PackageCommitResult,
  type PackageLaunch,
  type QuizAttemptView,
  type QuizResult,
  type QuizSubmission,
} from '@dx/contract';
import type { Observable } from 'rxjs';

/** The learner's own assignments and courses (マイ研修): everything under /api/v1/me/…. */
@Injectable({ providedIn: 'root' })
export class LearningApi {
  private readonly http = inject(HttpClient);

  enrollments(fiscalYear: number): Observable<EnrollmentSummary[]> {
    return this.http.get<EnrollmentSummary[]>(`${API_BASE}/me/enrollments`, { params: { fiscalYear } });
  }

  course(courseCode: string, fiscalYear: number): Observable<CourseDetail> {
    return this.http.get<CourseDetail>(coursePath(courseCode), { params: { fiscalYear } });
  }

  /** Marks a lesson as read; answers with the updated course. */
  completeLesson(courseCode: string, moduleId: number, fiscalYear: number): Observable<CourseDetail> {
    return this.http.post<CourseDetail>(`${modulePath(courseCode, moduleId)}/complete`, null, {
      params: { fiscalYear },
    });
  }

  /** Starts an attempt, or resumes the open one. */
  startQuiz(courseCode: string, moduleId: number, fiscalYear: number): Observable<QuizAttemptView> {
    return this.http.post<QuizAttemptView>(`${modulePath(courseCode, moduleId)}/quiz-attempts`, null, {
      params: { fiscalYear },
    });
  }

  submitQuiz(attemptId: number, submission: QuizSubmission): Observable<QuizResult> {
    return this.http.post<QuizResult>(`${API_BASE}/me/quiz-attempts/${attemptId}/submit`, submission);
  }

  submitAssignment(
    courseCode: string,
    moduleId: number,
    fiscalYear: number,
    text: string,
    file: File | null,
  ): Observable<CourseDetail> {
    const body = new FormData();
    body.append('text', text);
    if (file) body.append('file', file, file.name);
    return this.http.post<CourseDetail>(`${modulePath(courseCode, moduleId)}/submission`, body, {
      params: { fiscalYear },
    });
  }

  /** A signed address of the package's next (or the named) SCO on the content origin. */
  launchPackage(
    courseCode: string,
    moduleId: number,
    fiscalYear: number,
    sco?: string,
  ): Observable<PackageLaunch> {
    const params: Record<string, string | number> = { fiscalYear };
    if (sco) params['sco'] = sco;
    return this.http.post<PackageLaunch>(`${modulePath(courseCode, moduleId)}/package-launch`, null, {
      params,
    });
  }

  commitPackage(
    courseCode: string,
    moduleId: number,
    fiscalYear: number,
    sco: string,
    data: PackageCommit,
  ): Observable<PackageCommitResult> {
    return this.http.put<PackageCommitResult>(packageRuntimePath(courseCode, moduleId, sco), data, {
      params: { fiscalYear },
    });
  }

  /**
   * The same commit on page hide, when the page may be gone before an answer comes: a keepalive request (what
   * navigator.sendBeacon is built on), because a beacon cannot carry the CSRF header a cookie session's write needs.
   */
  commitPackageOnHide(
    courseCode: string,
    moduleId: number,
    fiscalYear: number,
    sco: string,
    data: PackageCommit,
  ): void {
    const xsrf = /(?:^|;\s*)XSRF-TOKEN=([^;]*)/.exec(document.cookie)?.[1];
    void fetch(`${packageRuntimePath(courseCode, moduleId, sco)}?fiscalYear=${fiscalYear}`, {
      method: 'PUT',
      keepalive: true,
      credentials: 'same-origin',
      headers: {
        'content-type': 'application/json',
        ...(xsrf ? { 'x-xsrf-token': decodeURIComponent(xsrf) } : {}),
      },
      body: JSON.stringify(data),
    }).catch(() => undefined);
  }

  /** The certificate PDF, same origin: a plain link sends the session cookie. */
  certificateUrl(courseCode: string, fiscalYear: number): string {
    return `${coursePath(courseCode)}/certificate.pdf?fiscalYear=${fiscalYear}`;
  }
}

function coursePath(courseCode: string): string {
  return `${API_BASE}/me/courses/${encodeURIComponent(courseCode)}`;
}

function packageRuntimePath(courseCode: string, moduleId: number, sco: string): string {
  return `${modulePath(courseCode, moduleId)}/package-runtime/${encodeURIComponent(sco)}`;
}

function modulePath(courseCode: string, moduleId: number): string {
  return `${coursePath(courseCode)}/modules/${moduleId}`;
}
