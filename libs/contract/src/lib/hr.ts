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

// --- Promoter coverage (推進員の配置状況) --------------------------------------------------------------------------

/** A 所属 without an active デジタル活用推進員 for the year (GET /api/v1/promoter-coverage). */
export interface UncoveredSection {
  unitCode: string;
  unitName: string;
  /** The 部局 the 所属 belongs to (null for a 所属 at the top of the chart). */
  departmentCode: string | null;
  departmentName: string | null;
  /** The 所属長: the person of the highest position at 所属長 level or above placed in the unit itself. */
  head: { employeeNo: string; name: string; hasEmail: boolean } | null;
  /** Staff on the staff on the day in the 所属 and the units below it. */
  staffCount: number;
  /** When HR last asked the 所属長 to name a promoter for this year (ISO date-time), null if never. */
  lastRequestedAt: string | null;
}

/**
 * GET /api/v1/promoter-coverage?fiscalYear=: the 所属 on the day (today for the current year, the last day of a past
 * year, the first of a coming one) and those without an active designation of the year. A designation counts in the
 * 所属 where its person stands on the day: not once they have left, nor in a 所属 they moved out of. The KPI
 * dashboard's promoterCoverage is the same figure.
 */
export interface PromoterCoverage {
  fiscalYear: number;
  asOf: string;
  sections: number;
  sectionsWithPromoter: number;
  rate: number;
  uncovered: UncoveredSection[];
}

/** POST /api/v1/promoter-coverage/requests?fiscalYear= body: the 所属 to ask (all uncovered ones when omitted). */
export interface PromoterRequestBody {
  unitCodes?: string[];
}

/** A 所属 that could not be asked, and why (Japanese, for HR). */
export interface PromoterRequestFailure {
  unitCode: string;
  unitName: string;
  reason: string;
}

/** What POST /api/v1/promoter-coverage/requests did. */
export interface PromoterRequestResult {
  /** 所属 asked now (by e-mail, Slack or both). */
  asked: number;
  emailsSent: number;
  /** Slack messages queued (one per channel). */
  slackMessages: number;
  /** 所属 already asked today for this year: not asked again (one request per 所属 a day). */
  alreadyAskedToday: { unitCode: string; unitName: string }[];
  failures: PromoterRequestFailure[];
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
