// The public integration contract (../shared/product/contract.md) and the web app's own API, as types shared
// by the API and the web app. Dates are 'YYYY-MM-DD' strings in Asia/Tokyo.

export const API_BASE = '/api/v1';

export const ROLES = ['learner', 'manager', 'hr', 'content_admin', 'sysadmin'] as const;
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
