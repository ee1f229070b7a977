/** Why an outside record (Udemy CSV / Reporting API / xAPI) completed nothing and waits in HR's queue. */
export type UnmatchedReason = 'unknown_person' | 'unknown_course' | 'left';
/** pending: waits for HR (or for the roster or a module to name it); applied: completed by it; dismissed: by HR. */
export type UnmatchedStatus = 'pending' | 'applied' | 'dismissed';

/** `GET /api/v1/integrations/unmatched`: the contract's fields, then this project's additions. */
export interface UnmatchedRow {
  id: number;
  source: 'csv' | 'api' | 'xapi';
  email: string | null;
  externalId: string | null;
  udemyCourseId: string | null;
  courseTitle: string | null;
  reason: UnmatchedReason;
  receivedAt: string;
  completedOn: string | null;
  laterCompletedOn: string | null;
  status: UnmatchedStatus;
  /** Set by HR's resolution (kept, so the row applies as soon as the other half matches too). */
  resolvedStaff: { employeeNo: string; name: string } | null;
  resolvedModule: { moduleId: number; courseCode: string; title: string } | null;
  dismissReason: string | null;
  handledBy: string | null;
  handledAt: string | null;
}

/** `POST /api/v1/integrations/unmatched/{id}/resolve`: a person, a module, or both. */
export interface ResolveUnmatchedRequest {
  employeeNo?: string;
  moduleId?: number;
}

export interface DismissUnmatchedRequest {
  reason: string;
}

/** `GET /api/v1/integrations/udemy-business/courses` */
export interface UdemyCourseLink {
  courseCode: string;
  moduleId: number;
  udemyCourseId: string | null;
  url: string | null;
  /** Additions: for HR's module select. */
  courseTitle: string;
  moduleTitle: string;
}

export interface UdemyImportCounts {
  completed: number;
  unchanged: number;
  skipped: number;
}
