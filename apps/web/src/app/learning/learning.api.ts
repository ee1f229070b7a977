import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import {
  API_BASE,
  type CourseDetail,
  type EnrollmentSummary,
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

  /** The certificate PDF, same origin: a plain link sends the session cookie. */
  certificateUrl(courseCode: string, fiscalYear: number): string {
    return `${coursePath(courseCode)}/certificate.pdf?fiscalYear=${fiscalYear}`;
  }
}

function coursePath(courseCode: string): string {
  return `${API_BASE}/me/courses/${encodeURIComponent(courseCode)}`;
}

function modulePath(courseCode: string, moduleId: number): string {
  return `${coursePath(courseCode)}/modules/${moduleId}`;
}
