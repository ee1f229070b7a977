// HR's programmes: the デジタル活用推進員 roster, the DX推進スペシャリスト cohorts and the evaluation of 課題 submissions.

// --- Promoters (デジタル活用推進員) ---------------------------------------------------------------------------------

/** GET /api/v1/promoters?fiscalYear=: one designated デジタル活用推進員. */
export interface PromoterView {
  employeeNo: string;
  name: string;
  /** The unit the person belonged to on the day of designation; null when none was recorded. */
  unitCode: string | null;
  unitName: string | null;
  designatedOn: string;
  fiscalYear: number;
}

/** POST /api/v1/imports/promoters: the counts of an ImportResult. */
export interface PromoterImportCounts {
  designated: number;
  unchanged: number;
  removed: number;
}

// --- Specialist cohorts (DX推進スペシャリスト養成) ---------------------------------------------------------------------

/** The stages of the DX推進スペシャリスト programme, in order (as the API validates them). */
export const COHORT_STAGES = ['基礎', '応用', '実践', '認定'] as const;
export type CohortStage = (typeof COHORT_STAGES)[number];

export interface CohortMember {
  employeeNo: string;
  name: string;
  stage: string;
  joinedOn: string;
  certifiedOn: string | null;
}

/** GET /api/v1/specialist-cohorts: one cohort (養成期) and its members. */
export interface CohortView {
  code: string;
  name: string;
  fiscalYear: number;
  dueDate: string | null;
  members: CohortMember[];
}

/** POST /api/v1/specialist-cohorts body. */
export interface NewCohort {
  code: string;
  name: string;
  fiscalYear: number;
  dueDate?: string;
}

/** PUT /api/v1/specialist-cohorts/{code}/members/{employeeNo} body: adds the person or updates their stage. */
export interface CohortMemberChange {
  stage: CohortStage;
  joinedOn: string;
  certifiedOn?: string;
}

// --- Submissions (課題の評価) ---------------------------------------------------------------------------------------

export const SUBMISSION_STATUSES = ['submitted', 'passed', 'returned'] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];
export type EvaluationResult = Exclude<SubmissionStatus, 'submitted'>;

/** GET /api/v1/submissions?status=: one 課題 handed in by a learner. */
export interface SubmissionListItem {
  id: number;
  employeeNo: string;
  name: string;
  courseCode: string;
  courseTitle: string;
  moduleTitle: string;
  fiscalYear: number;
  /** ISO date-time (UTC); shown in Asia/Tokyo. */
  submittedAt: string;
  status: SubmissionStatus;
  text: string | null;
  fileName: string | null;
  /** The evaluator's comment, once evaluated. */
  comment: string | null;
}
