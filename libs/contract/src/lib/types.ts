// The public integration contract (../shared/product/contract.md) and the web app's own API, as types shared
// by the API and the web app. Dates are 'YYYY-MM-DD' strings in Asia/Tokyo.
import type { SubmissionStatus } from './hr';
import type { ReminderSkippedPerson } from './team';
import type { PackageModuleView } from './packages';
import type { EnrollmentRecertification } from './recertification';

export const API_BASE = '/api/v1';

/** The roles inside a tenant (a local government's own people). */
export const TENANT_ROLES = ['learner', 'manager', 'hr', 'content_admin', 'sysadmin'] as const;
/**
 * Every role: the tenants' roles and the platform operator's (`platform_admin`), who manages the tenants of the
 * deployment and belongs to none of them (a user of the platform tenant, see the README's "Tenants (shared use)").
 */
export const ROLES = [...TENANT_ROLES, 'platform_admin'] as const;
export type Role = (typeof ROLES)[number];

/** Roles stored on a user; `manager` is never stored, it is derived from the roster. */
export const ASSIGNABLE_ROLES = ['learner', 'hr', 'content_admin', 'sysadmin'] as const;

export const ORG_UNIT_KINDS = ['部局', '所属', '班'] as const;
export type OrgUnitKind = (typeof ORG_UNIT_KINDS)[number];

export const EMPLOYMENT_TYPES = ['正規職員', '再任用職員', '会計年度任用職員'] as const;
export type EmploymentType = (typeof EMPLOYMENT_TYPES)[number];

/** RFC 9457 problem details, with per-row errors for imports. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
}

export interface FieldError {
  row?: number;
  column?: string;
  field?: string;
  message: string;
}

// --- Authentication ---------------------------------------------------------------------------------------

export interface LoginRequest {
  loginId: string;
  password: string;
  /** The tenant (団体コード); default: the host's tenant (TENANT_HOSTS), else DEFAULT_TENANT_CODE. */
  tenantCode?: string;
}

export interface SessionUser {
  loginId: string;
  displayName: string;
  roles: Role[];
}

export interface LoginResponse {
  accessToken: string;
  expiresIn: number;
  mustChangePassword: boolean;
  user: SessionUser;
  /** When (ISO 8601) and from which address the user signed in before this, or null for a first sign-in. */
  lastLogin: LastLogin | null;
}

/**
 * `POST /auth/logout` after an OpenID Connect sign-in whose provider offers RP-initiated logout (200): the app's
 * session has ended; the browser goes here so the provider ends its own, and comes back to the login page. Any other
 * logout answers 204 without a body.
 */
export interface LogoutResponse {
  endSessionUrl: string;
}

export interface LastLogin {
  at: string;
  ip: string;
}

export interface ChangePasswordRequest {
  currentPassword: string;
  password: string;
}

export interface SetPasswordRequest {
  password: string;
}

/** GET /api/v1/me: who is logged in, for the web app's layout. */
export interface MeResponse extends SessionUser {
  mustChangePassword: boolean;
  tenantName: string;
  employeeNo: string | null;
  /** The unit whose subtree this user manages today, when they are a manager. */
  managedUnit: { code: string; name: string } | null;
  /** The sign-in before this session's, so the user can notice one that was not theirs. */
  lastLogin: LastLogin | null;
}

// --- Tenants (shared use, 共同利用) ---------------------------------------------------------------------------

/** POST /api/v1/platform/tenants (the platform operator). */
export interface CreateTenantRequest {
  code: string;
  name: string;
  adminLoginId: string;
  adminPassword: string;
}

/** One tenant in GET /api/v1/platform/tenants: no people, only how many. */
export interface PlatformTenant {
  code: string;
  name: string;
  /** Staff members on the roster today (not left). */
  staffCount: number;
  disabled: boolean;
  createdAt: string;
}

/** PATCH /api/v1/platform/tenants/{code}. */
export interface UpdateTenantStateRequest {
  disabled: boolean;
}

/** GET /api/v1/auth/tenant: the tenant a login page is for (by ?code= or by the host name), public. */
export interface LoginTenant {
  code: string;
  name: string;
  /** True when the host name gave it (TENANT_HOSTS): the login page then takes it over a remembered choice. */
  fromHost: boolean;
  /** The tenant has a logo, at GET /api/v1/auth/tenant/logo?code=. */
  hasLogo: boolean;
  /** The tenant's identity provider, when staff can sign in there (GET /api/v1/auth/sso/{code}). */
  singleSignOn: 'oidc' | 'saml' | null;
}

/** GET / PUT /api/v1/tenant/settings (hr): what the tenant shows of itself. */
export interface TenantSettings {
  code: string;
  /** The display name (ヘッダー, ホーム, the certificate's issuer when no issuer line is set). */
  name: string;
  /** The 修了証's issuer line, e.g. 「三重県知事 ○○ ○○」; null: the display name. */
  issuerLine: string | null;
  /** A logo is set (PUT /api/v1/tenant/logo, multipart `file`: PNG or JPEG up to 200 KB). */
  hasLogo: boolean;
}

export interface UpdateTenantSettingsRequest {
  name: string;
  issuerLine: string | null;
}

// --- Imports ----------------------------------------------------------------------------------------------

export interface OrgImportCounts {
  created: number;
  updated: number;
  closed: number;
  unchanged: number;
}

export interface StaffImportCounts {
  created: number;
  updated: number;
  transferred: number;
  promoted: number;
  left: number;
  unchanged: number;
}

export interface ImportResult<C> {
  dryRun: boolean;
  counts: C;
  errors: FieldError[];
  /** Additions beyond the contract: what was read and when it takes effect. */
  effectiveDate: string;
  encoding: string;
  rows: number;
  /** Staff imports: course assignments the rules added in the same transaction. */
  assignedEnrollments?: number;
}

// --- Organisation and staff (web app endpoints) --------------------------------------------------------------

/** GET /api/v1/org-units?date=YYYY-MM-DD: the units the caller may see, flat, parents before children. */
export interface OrgUnitNode {
  code: string;
  name: string;
  kind: OrgUnitKind;
  parentCode: string | null;
  /** People placed directly in this unit on the date. */
  staffCount: number;
  /** People in this unit and everything below it on the date. */
  totalStaffCount: number;
}

/** GET /api/v1/staff?q=&orgUnitCode=&date=&page=&pageSize= */
export interface StaffListItem {
  employeeNo: string;
  name: string;
  nameKana: string;
  email: string | null;
  unitCode: string;
  unitName: string;
  /** The unit as the path below the viewer's own unit (HR: from the 部局), e.g. 「人事課 / 研修班」. */
  unitPath: string;
  positionName: string;
  positionLevel: number;
  employmentType: EmploymentType;
  hiredOn: string;
  promotedOn: string;
  assignedOn: string;
}

export interface Page<T> {
  total: number;
  page: number;
  pageSize: number;
  items: T[];
}

/** GET /api/v1/staff/{employeeNo}/history: where the person was, assignment by assignment. */
export interface StaffAssignmentHistoryItem {
  unitCode: string;
  unitName: string;
  positionName: string;
  validFrom: string;
  /** Last day of the assignment, or null while it lasts. */
  validTo: string | null;
}

export interface HealthResponse {
  status: 'ok' | 'starting';
}

// --- Catalogue, enrolments and the learner's journey ---------------------------------------------------------

export const ENROLLMENT_STATUSES = [
  'not_started',
  'in_progress',
  'completed',
  'overdue',
  'renewal_overdue',
  'exempt',
] as const;
export type EnrollmentStatusName = (typeof ENROLLMENT_STATUSES)[number];

export const TRACK_CODES = ['KAISO', 'DX-SPECIALIST', 'DX-PROMOTER', 'WORKPLACE-DX'] as const;

/** GET /api/v1/me/enrollments and /api/v1/staff/{職員番号}/enrollments (contract shape plus additions). */
export interface EnrollmentSummary {
  courseCode: string;
  courseTitle: string;
  trackCode: string;
  fiscalYear: number;
  status: EnrollmentStatusName;
  dueDate: string;
  /** The completion day (YYYY-MM-DD), or null. */
  completedAt: string | null;
  progress: number;
  // Additions beyond the contract:
  trackName: string;
  estimatedMinutes: number;
  exemptReason: string | null;
  /** Recertification (更新) of a recurring course; null otherwise. */
  recertification: EnrollmentRecertification | null;
}

export type ModuleKindName = 'lesson' | 'quiz' | 'external' | 'live' | 'assignment' | 'package';

export interface ModuleView {
  id: number;
  position: number;
  kind: ModuleKindName;
  title: string;
  required: boolean;
  completed: boolean;
  completedAt: string | null;
  /** lesson: the text as safe HTML rendered on the server from Markdown, and an optional video link. */
  lesson?: { html: string; videoUrl: string | null };
  quiz?: {
    questionCount: number;
    passMark: number;
    attemptLimit: number;
    attemptsUsed: number;
    bestScore: number | null;
    passed: boolean;
    /** An attempt started and not yet submitted, to resume. */
    openAttemptId: number | null;
  };
  external?: { provider: string; url: string; courseId: string | null; note: string | null };
  live?: {
    format: string;
    startsAt: string;
    endsAt: string;
    place: string | null;
    meetingUrl: string | null;
    capacity: number;
  };
  assignment?: {
    instructions: string;
    allowFile: boolean;
    allowedExtensions: string[];
    maxFileBytes: number;
    submission: {
      status: SubmissionStatus;
      submittedAt: string;
      comment: string | null;
      fileName: string | null;
    } | null;
  };
  /** An e-learning package (SCORM): its SCOs and how far the learner is in each. */
  package?: PackageModuleView;
}

/** GET /api/v1/me/courses/{courseCode}?fiscalYear= */
export interface CourseDetail {
  enrollment: EnrollmentSummary;
  description: string;
  /** The デジタルスキル標準 items the course is mapped to, as people read them (「、」-separated), or null. */
  skillArea: string | null;
  modules: ModuleView[];
  /** When the course is completed: the certificate's serial and download path. */
  certificate: { serial: string; downloadPath: string; verifyPath: string } | null;
}

/** POST /api/v1/me/courses/{courseCode}/modules/{moduleId}/quiz-attempts → an attempt, without the answers. */
export interface QuizAttemptView {
  attemptId: number;
  attemptNo: number;
  attemptLimit: number;
  passMark: number;
  questions: {
    id: number;
    kind: 'single' | 'multiple';
    text: string;
    choices: { id: number; text: string }[];
  }[];
}

/** POST /api/v1/me/quiz-attempts/{attemptId}/submit body */
export interface QuizSubmission {
  answers: { questionId: number; choiceIds: number[] }[];
}

export interface QuizResult {
  attemptId: number;
  score: number;
  passed: boolean;
  passMark: number;
  attemptsLeft: number;
  courseCompleted: boolean;
  /** Whether the correct choices are shown (after passing, after the last attempt, or as the quiz allows). */
  correctChoicesShown: boolean;
  questions: {
    id: number;
    text: string;
    /** `correct` is there only when `correctChoicesShown`. */
    choices: { id: number; text: string; correct?: boolean; chosen: boolean }[];
    correct: boolean;
    explanation: string;
  }[];
}

/** GET /api/v1/certificates/{serial} (public): what the verification page shows. */
export interface CertificateVerification {
  serial: string;
  valid: boolean;
  recipientName: string;
  courseTitle: string;
  completedOn: string;
  issuerName: string;
  /** 有効期間: from completedOn to this day (YYYY-MM-DD); null when the course does not recur (no end). */
  validUntil: string | null;
  /** 更新済み: a renewal has superseded it with a newer certificate (this one stays genuine for its period). */
  superseded: boolean;
}

export interface CompletionImportCounts {
  completed: number;
  unchanged: number;
}

// --- Managers' and HR's views ---------------------------------------------------------------------------------

export interface MatrixCell {
  status: EnrollmentStatusName;
  dueDate: string;
  completedAt: string | null;
}

export interface MatrixPerson {
  employeeNo: string;
  name: string;
  unitCode: string;
  unitName: string;
  /** The unit as the path below the viewer's own unit (HR: from the 部局), e.g. 「人事課 / 研修班」. */
  unitPath: string;
  /** The last day (Asia/Tokyo) the person was reminded about a course of this fiscal year, or null. */
  lastRemindedOn: string | null;
  positionName: string;
  /** courseCode → the person's assignment of that course in the year (absent: not assigned). */
  cells: Record<string, MatrixCell>;
  assigned: number;
  completed: number;
  overdue: number;
}

export interface MatrixTotals {
  assigned: number;
  completed: number;
  overdue: number;
  exempt: number;
}

/** GET /api/v1/team/matrix?fiscalYear=&orgUnitCode=&trackCode=&courseCode=&status=&position=&q=&page=&pageSize= */
export interface TeamMatrix {
  fiscalYear: number;
  asOf: string;
  /** The unit the matrix is about (the manager's own unit by default) and its direct sub-units, for drill-down. */
  unit: { code: string; name: string; kind: string } | null;
  subUnits: {
    code: string;
    name: string;
    kind: string;
    assigned: number;
    completed: number;
    overdue: number;
  }[];
  courses: { code: string; title: string; trackCode: string }[];
  /** Per course (column) totals over every matching person, not only this page. */
  columnTotals: Record<string, MatrixTotals>;
  total: number;
  page: number;
  pageSize: number;
  /** People with overdue assignments first. */
  people: MatrixPerson[];
}

/** POST /api/v1/team/reminders */
export interface ReminderRequest {
  fiscalYear?: number;
  /** Selected people; omitted: everyone in scope who is overdue or due soon. */
  employeeNos?: string[];
  /** "Due soon" window in days (default 14). */
  dueWithinDays?: number;
  /** By e-mail (default), to the 所属's Slack channel, or both. */
  channel?: 'email' | 'slack' | 'both';
}

export interface ReminderResult {
  sent: number;
  /** People already reminded today for every one of their courses. */
  skipped: number;
  recipients: { employeeNo: string; name: string; courses: string[] }[];
  /** People with no e-mail address on file. */
  withoutEmail: string[];
  /** Everyone selected or due who got no e-mail, with the reason. */
  skippedPeople: ReminderSkippedPerson[];
  /** Slack messages handed to the queue (channel slack or both): one per channel, listing its people. */
  slackMessages?: number;
}

export interface KpiTarget {
  key: string;
  label: string;
  baseline: number | null;
  target: number | null;
  current: number;
  unit: string;
}

/** GET /api/v1/kpi?fiscalYear= (hr) */
export interface KpiDashboard {
  fiscalYear: number;
  asOf: string;
  tieredByDepartment: {
    code: string;
    name: string;
    assigned: number;
    completed: number;
    exempt: number;
    rate: number;
  }[];
  workplaceMonthly: { month: string; cumulativeCompleted: number; assigned: number; rate: number }[];
  promoterCoverage: { sections: number; sectionsWithPromoter: number; rate: number };
  specialists: { certified: number; inProgramme: number };
  targets: KpiTarget[];
  /** Outside records (Udemy Business, xAPI) waiting in HR's queue 連携の未照合 (GET /integrations/unmatched). */
  unmatchedOutside?: number;
}
