import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import {
  API_BASE,
  type CourseEditorView,
  type CourseListItem,
  type ModuleAdminView,
  type ModuleInput,
  type PackageView,
  type QuestionInput,
  type QuestionView,
  type RuleInput,
  type RuleView,
  type RulesResult,
  type TrackView,
  type VersionView,
} from '@dx/contract';
import type { CourseRecurrence } from '@dx/contract';
import type { Observable } from 'rxjs';

// The catalogue editor's shapes (GET/PUT /api/v1/catalogue/…) are in @dx/contract; these are the editor's own.

/** PUT /api/v1/catalogue/courses/{code} body, as the course form sends it. */
export interface CourseFields {
  trackCode: string;
  title: string;
  description: string;
  estimatedMinutes: number;
  /** デジタルスキル標準 codes (@dx/domain digital-skill-standard.ts). */
  dssCodes: string[];
  /** 更新（再受講）; absent: unchanged. */
  recurrence?: CourseRecurrence;
}

/** POST /api/v1/catalogue/courses body. */
export interface NewCourse extends CourseFields {
  code: string;
}

const BASE = `${API_BASE}/catalogue`;

/** 研修管理: the content administrator's catalogue editor, everything under /api/v1/catalogue/…. */
@Injectable({ providedIn: 'root' })
export class ContentApi {
  private readonly http = inject(HttpClient);

  tracks(): Observable<TrackView[]> {
    return this.http.get<TrackView[]>(`${BASE}/tracks`);
  }

  createTrack(track: { code: string; name: string; description: string }): Observable<TrackView> {
    return this.http.post<TrackView>(`${BASE}/tracks`, track);
  }

  updateTrack(code: string, track: { name: string; description: string }): Observable<TrackView> {
    return this.http.put<TrackView>(`${BASE}/tracks/${encodeURIComponent(code)}`, track);
  }

  /** Uploads a SCORM zip (multipart); the answer says what its manifest describes. */
  uploadPackage(file: File): Observable<PackageView> {
    const body = new FormData();
    body.append('file', file, file.name);
    return this.http.post<PackageView>(`${BASE}/packages`, body);
  }

  package(id: number): Observable<PackageView> {
    return this.http.get<PackageView>(`${BASE}/packages/${id}`);
  }

  courses(): Observable<CourseListItem[]> {
    return this.http.get<CourseListItem[]>(`${BASE}/courses`);
  }

  createCourse(course: NewCourse): Observable<CourseEditorView> {
    return this.http.post<CourseEditorView>(`${BASE}/courses`, course);
  }

  course(code: string): Observable<CourseEditorView> {
    return this.http.get<CourseEditorView>(coursePath(code));
  }

  updateCourse(code: string, fields: CourseFields): Observable<CourseEditorView> {
    return this.http.put<CourseEditorView>(coursePath(code), fields);
  }

  createDraft(code: string): Observable<CourseEditorView> {
    return this.http.post<CourseEditorView>(`${coursePath(code)}/draft`, null);
  }

  discardDraft(code: string): Observable<void> {
    return this.http.delete<void>(`${coursePath(code)}/draft`);
  }

  addModule(code: string, module: ModuleInput): Observable<ModuleAdminView> {
    return this.http.post<ModuleAdminView>(`${coursePath(code)}/draft/modules`, module);
  }

  updateModule(code: string, moduleId: number, module: ModuleInput): Observable<ModuleAdminView> {
    return this.http.put<ModuleAdminView>(modulePath(code, moduleId), module);
  }

  deleteModule(code: string, moduleId: number): Observable<void> {
    return this.http.delete<void>(modulePath(code, moduleId));
  }

  reorder(code: string, moduleIds: number[]): Observable<VersionView> {
    return this.http.put<VersionView>(`${coursePath(code)}/draft/order`, { moduleIds });
  }

  addQuestion(code: string, moduleId: number, question: QuestionInput): Observable<QuestionView> {
    return this.http.post<QuestionView>(`${modulePath(code, moduleId)}/questions`, question);
  }

  updateQuestion(
    code: string,
    moduleId: number,
    questionId: number,
    question: QuestionInput,
  ): Observable<QuestionView> {
    return this.http.put<QuestionView>(`${modulePath(code, moduleId)}/questions/${questionId}`, question);
  }

  deleteQuestion(code: string, moduleId: number, questionId: number): Observable<void> {
    return this.http.delete<void>(`${modulePath(code, moduleId)}/questions/${questionId}`);
  }

  publish(code: string): Observable<CourseEditorView> {
    return this.http.post<CourseEditorView>(`${coursePath(code)}/publish`, null);
  }

  rules(code: string): Observable<RuleView[]> {
    return this.http.get<RuleView[]>(`${coursePath(code)}/rules`);
  }

  saveRules(code: string, rules: RuleInput[]): Observable<RulesResult> {
    return this.http.put<RulesResult>(`${coursePath(code)}/rules`, { rules });
  }
}

function coursePath(code: string): string {
  return `${BASE}/courses/${encodeURIComponent(code)}`;
}

function modulePath(code: string, moduleId: number): string {
  return `${coursePath(code)}/draft/modules/${moduleId}`;
}
