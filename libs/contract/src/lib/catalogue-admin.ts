// The catalogue editor (研修管理, /api/v1/catalogue/…): the content administrator's requests and the shapes the API
// answers with. The API checks every request body with its DTO classes (apps/api/src/catalogue/catalogue-admin.dto.ts).
import type { EmploymentType, ModuleKindName } from './types';
import type { PackageContent } from './packages';
import type { CourseRecurrence } from './recertification';

// --- Tracks and courses -------------------------------------------------------------------------------------------

/** GET /api/v1/catalogue/tracks (and POST …/tracks, PUT …/tracks/{code}): a track (研修体系) and its courses' count. */
export interface TrackView {
  code: string;
  name: string;
  description: string;
  sortOrder: number;
  courseCount: number;
}

/** GET /api/v1/catalogue/courses: one course of the editor's list. */
export interface CourseListItem {
  code: string;
  title: string;
  trackCode: string;
  trackName: string;
  estimatedMinutes: number;
  /** 0 while nothing has been published yet. */
  publishedVersion: number;
  /** The draft's version number, or null when there is no draft. */
  draftVersion: number | null;
  moduleCount: number;
  draftModuleCount: number;
  ruleCount: number;
}

// --- Quiz questions -------------------------------------------------------------------------------------------------

export type QuestionKind = 'single' | 'multiple';

export interface ChoiceView {
  id: number;
  text: string;
  correct: boolean;
}

/** POST/PUT /api/v1/catalogue/courses/{code}/draft/modules/{moduleId}/questions[/{questionId}]: a question, answers included. */
export interface QuestionView {
  id: number;
  position: number;
  kind: QuestionKind;
  text: string;
  choices: ChoiceView[];
  explanation: string;
}

/** POST/PUT /api/v1/catalogue/courses/{code}/draft/modules/{moduleId}/questions[/{questionId}] body. */
export interface QuestionInput {
  kind: QuestionKind;
  text: string;
  choices: { text: string; correct: boolean }[];
  explanation: string;
}

// --- Modules: the content of each kind, as stored and as edited --------------------------------------------------------

export interface LessonContent {
  markdown: string;
  videoUrl?: string;
}

/**
 * When a learner sees the correct choices of a graded attempt. Which questions were wrong and their explanations are
 * always shown; the correct choices by default only after passing or after the last attempt, so that the next
 * attempt still tests what was learned.
 */
export const QUIZ_ANSWER_REVEALS = ['after_pass_or_last_attempt', 'after_each_attempt'] as const;
export type QuizAnswerReveal = (typeof QUIZ_ANSWER_REVEALS)[number];

export interface QuizContent {
  passMark: number;
  attemptLimit: number;
  drawCount: number | null;
  /** Absent: 'after_pass_or_last_attempt'. */
  revealCorrectAnswers?: QuizAnswerReveal;
}

export interface ExternalContent {
  provider: 'udemy_business' | 'other';
  courseId?: string;
  url: string;
  note?: string;
}

export interface LiveContent {
  format: '集合研修' | 'Web会議';
  /** ISO 8601 with +09:00 */
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

export type ModuleContent =
  LessonContent | QuizContent | ExternalContent | LiveContent | AssignmentContent | PackageContent;

/** POST /api/v1/catalogue/courses/{code}/draft/modules and PUT …/draft/modules/{moduleId} body. */
export interface ModuleInput {
  kind: ModuleKindName;
  title: string;
  required: boolean;
  content: ModuleContent;
}

/** POST /api/v1/catalogue/courses/{code}/draft/modules and PUT …/draft/modules/{moduleId}: a module of a version. */
export interface ModuleAdminView {
  id: number;
  position: number;
  kind: ModuleKindName;
  title: string;
  required: boolean;
  content: Record<string, unknown>;
  /** Quiz modules only. */
  questions?: QuestionView[];
}

/** PUT /api/v1/catalogue/courses/{code}/draft/order: a version's modules in order. */
export interface VersionView {
  version: number;
  modules: ModuleAdminView[];
}

/** GET/PUT /api/v1/catalogue/courses/{code} (and POST …/courses, …/draft, …/publish): a course and its versions. */
export interface CourseEditorView {
  code: string;
  title: string;
  description: string;
  estimatedMinutes: number;
  /** The デジタルスキル標準 codes the course is mapped to (@dx/domain digital-skill-standard.ts), in its order. */
  dssCodes: string[];
  trackCode: string;
  trackName: string;
  publishedVersion: number;
  /** People assigned to any version of the course (all fiscal years). */
  enrollmentCount: number;
  /** Recertification (更新): see recertification.ts. */
  recurrence: CourseRecurrence;
  published: VersionView | null;
  draft: VersionView | null;
}

// --- Assignment rules (割当ルール) ------------------------------------------------------------------------------------

/** What makes a rule assign its course to a person (stored as JSON; @dx/domain evaluates it). */
export type RuleTrigger =
  /** 採用日 falls in the fiscal year. */
  | { kind: 'hired_in_fiscal_year' }
  /** The current position has exactly this level and 昇任日 falls in the fiscal year. */
  | { kind: 'reached_level_in_fiscal_year'; level: number }
  /** Everyone on the staff at some day of the fiscal year. */
  | { kind: 'all_active' }
  /** Designated デジタル活用推進員 for the fiscal year. */
  | { kind: 'designated_promoter' }
  /** Member of a DX推進スペシャリスト cohort of the fiscal year (any cohort, or the one with this code). */
  | { kind: 'cohort_member'; cohortCode?: string }
  /** Currently holds a position of one of these levels. */
  | { kind: 'position_levels'; levels: number[] };

/** When an assignment made by a rule is due (stored as JSON; @dx/domain evaluates it). */
export type DueRule =
  | { kind: 'days_after_trigger'; days: number }
  /**
   * That month/day inside the fiscal year: April–December of the fiscal year's own calendar year,
   * January–March of the next (3/31 → the FY's 31 March; 6/30 → the FY's 30 June). 29 February in a
   * year without it falls on 28 February.
   */
  | { kind: 'fixed_date'; month: number; day: number }
  /** The cohort's own due date; the fiscal year's last day when the cohort has none. */
  | { kind: 'cohort_due' };

export type TriggerKind = RuleTrigger['kind'];
export type DueKind = DueRule['kind'];

/** A rule's trigger as PUT /api/v1/catalogue/courses/{code}/rules takes it: only the fields of its kind are read. */
export interface RuleTriggerInput {
  kind: TriggerKind;
  level?: number;
  levels?: number[];
  cohortCode?: string | null;
}

/** A rule's due date as PUT /api/v1/catalogue/courses/{code}/rules takes it: only the fields of its kind are read. */
export interface DueRuleInput {
  kind: DueKind;
  days?: number;
  month?: number;
  day?: number;
}

/** PUT /api/v1/catalogue/courses/{code}/rules body: each rule of `{ rules }` (with its id to update, without to add). */
export interface RuleInput {
  id?: number;
  trigger: RuleTriggerInput;
  due: DueRuleInput;
  employmentTypes: EmploymentType[];
  active: boolean;
}

/** GET /api/v1/catalogue/courses/{code}/rules: one assignment rule of the course. */
export interface RuleView {
  id: number;
  trigger: RuleTrigger;
  due: DueRule;
  employmentTypes: EmploymentType[];
  active: boolean;
}

/** PUT /api/v1/catalogue/courses/{code}/rules: the course's rules as saved. */
export interface RulesResult {
  rules: RuleView[];
  fiscalYear: number;
  /** Assignments the engine added for the current fiscal year in the same transaction. */
  assigned: number;
}
