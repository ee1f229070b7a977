import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { API_BASE, type EmploymentType, type ModuleKindName } from '@dx/contract';
import type { Observable } from 'rxjs';

// The catalogue editor's shapes (GET/PUT /api/v1/catalogue/…), as the API answers them
// (apps/api/src/catalogue/catalogue-admin.dto.ts). Candidates for @dx/contract once the contract owners take them.

export interface TrackView {
  code: string;
  name: string;
  description: string;
  sortOrder: number;
  courseCount: number;
}

export interface CourseListItem {
  code: string;
  title: string;
  trackCode: string;
  trackName: string;
  estimatedMinutes: number;
  /** 0 while nothing has been published yet. */
  publishedVersion: number;
  draftVersion: number | null;
  moduleCount: number;
  draftModuleCount: number;
  ruleCount: number;
}

export interface ChoiceView {
  id: number;
  text: string;
  correct: boolean;
}

export type QuestionKind = 'single' | 'multiple';

export interface QuestionView {
  id: number;
  position: number;
  kind: QuestionKind;
  text: string;
  choices: ChoiceView[];
  explanation: string;
}

export interface LessonContent {
  markdown: string;
  videoUrl?: string;
}

export interface QuizContent {
  passMark: number;
  attemptLimit: number;
  drawCount: number | null;
}

export interface ExternalContent {
  provider: 'udemy_business' | 'other';
  courseId?: string;
  url: string;
  note?: string;
}

export interface LiveContent {
  format: '集合研修' | 'Web会議';
  startsAt: string;
  endsAt: string;
  place?: string;
  meetingUrl?: string;
  capacity: number;
}

export interface AssignmentContent {
  instructions: string;
  allowFile: boolean;
  allowedExtensions: string[];
  maxFileBytes: number;
}

export type ModuleContent = LessonContent | QuizContent | ExternalContent | LiveContent | AssignmentContent;

export interface ModuleAdminView {
  id: number;
  position: number;
  kind: ModuleKindName;
  title: string;
  required: boolean;
  content: Record<string, unknown>;
  questions?: QuestionView[];
}

export interface VersionView {
  version: number;
  modules: ModuleAdminView[];
}

export interface CourseEditorView {
  code: string;
  title: string;
  description: string;
  estimatedMinutes: number;
  skillArea: string | null;
  trackCode: string;
  trackName: string;
  publishedVersion: number;
  enrollmentCount: number;
  published: VersionView | null;
  draft: VersionView | null;
}

export interface CourseFields {
  trackCode: string;
  title: string;
  description: string;
  estimatedMinutes: number;
  skillArea: string | null;
}

export interface NewCourse extends CourseFields {
  code: string;
}

export interface ModuleInput {
  kind: ModuleKindName;
  title: string;
  required: boolean;
  content: ModuleContent;
}

export interface QuestionInput {
  kind: QuestionKind;
  text: string;
  choices: { text: string; correct: boolean }[];
  explanation: string;
}

export type TriggerKind =
  | 'hired_in_fiscal_year'
  | 'reached_level_in_fiscal_year'
  | 'all_active'
  | 'designated_promoter'
  | 'cohort_member'
  | 'position_levels';

export type DueKind = 'days_after_trigger' | 'fixed_date' | 'cohort_due';

export interface RuleTrigger {
  kind: TriggerKind;
  level?: number;
  levels?: number[];
  cohortCode?: string;
}

export interface DueRule {
  kind: DueKind;
  days?: number;
  month?: number;
  day?: number;
}

export interface RuleInput {
  id?: number;
  trigger: RuleTrigger;
  due: DueRule;
  employmentTypes: EmploymentType[];
  active: boolean;
}

export interface RuleView extends RuleInput {
  id: number;
}

export interface RulesResult {
  rules: RuleView[];
  fiscalYear: number;
  assigned: number;
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
