// E-learning packages (SCORM 1.2 / SCORM 2004 / cmi5): what the content administrator's upload found, what a learner's
// launch gets, and what the app frame commits from the package's run-time API.

export type PackageStandard = 'scorm12' | 'scorm2004' | 'cmi5';

/** cmi5 launch mode: Normal records completion; Review (an AU the learner satisfied already) and Browse do not. */
export type Cmi5LaunchMode = 'Normal' | 'Browse' | 'Review';

/** cmi5 moveOn: what an AU's statements must say before the LMS counts it satisfied. */
export type Cmi5MoveOn =
  'Passed' | 'Completed' | 'CompletedAndPassed' | 'CompletedOrPassed' | 'NotApplicable';

/** One SCO (a launchable item of the manifest's default organization), in the manifest's order. */
export interface PackageScoView {
  /** The item's identifier in the manifest. */
  id: string;
  title: string;
  /** The launch file inside the package, with its parameters (`index.html?page=1`). */
  launch: string;
  /** SCORM 1.2 raw mastery score (0–100) or SCORM 2004 scaled passing score (−1…1); null when the manifest sets none. */
  masteryScore: number | null;
  /** cmi5 AUs only: the AU's moveOn, launchMethod and launchParameters from cmi5.xml. */
  moveOn?: Cmi5MoveOn;
  launchMethod?: 'AnyWindow' | 'OwnWindow';
  launchParameters?: string | null;
  /** cmi5: the AU's entitlementKey from cmi5.xml (passed on in LMS.LaunchData as `courseStructure`). */
  entitlementKey?: string;
  /** cmi5 AUs in blocks: the publisher ids of the blocks around the AU, outermost first (none at the course level). */
  blocks?: string[];
}

/** POST /api/v1/catalogue/packages (multipart, field `file`): the stored package, before any module uses it. */
export interface PackageView {
  id: number;
  title: string;
  standard: PackageStandard;
  /** As the manifest says: `1.2`, `2004 2nd Edition`, `2004 3rd Edition`, `2004 4th Edition`; `1.0` for cmi5. */
  version: string;
  /** cmi5: the course's publisher id (cmi5.xml course id); null for SCORM. */
  courseId?: string | null;
  scos: PackageScoView[];
  fileCount: number;
  totalBytes: number;
  fileName: string;
  uploadedAt: string;
}

/** The content of a module of kind `package`. */
export interface PackageContent {
  packageId: number;
}

/** What a learner's course page shows of a package module (ModuleView.package). */
export interface PackageModuleView {
  title: string;
  standard: PackageStandard;
  scos: { id: string; title: string; status: string; done: boolean }[];
}

/** POST /api/v1/me/courses/{courseCode}/modules/{moduleId}/package-launch?fiscalYear=&sco= */
export interface PackageLaunch {
  /** The SCO's address on the content origin (a short-lived signed token in the path). */
  url: string;
  /** The content origin, for the app frame's check of the messages it receives. */
  contentOrigin: string;
  scoId: string;
  expiresAt: string;
  /** cmi5: the registration of this learner's attempt (the same on every launch until the module is done). */
  registration?: string;
  /** cmi5: OwnWindow plays in a window of its own (the course page opens it), AnyWindow in the page's frame. */
  launchMethod?: 'AnyWindow' | 'OwnWindow';
  /** cmi5: Review when the learner satisfied the AU already (nothing recorded can change its completion). */
  launchMode?: Cmi5LaunchMode;
}

/** The run-time data of one SCO the app frame commits (PUT …/package-runtime/{scoId}); all optional. */
export interface PackageCommit {
  lessonStatus?: string;
  completionStatus?: string;
  successStatus?: string;
  scoreRaw?: number | null;
  scoreScaled?: number | null;
  /** This session's time as the package reported it (SCORM 1.2 HHHH:MM:SS, SCORM 2004 ISO 8601 duration). */
  sessionTime?: string;
  suspendData?: string;
  location?: string;
  /** cmi.core.exit / cmi.exit */
  exit?: string;
}

/** The answer of a commit. */
export interface PackageCommitResult {
  scoDone: boolean;
  moduleCompleted: boolean;
  courseCompleted: boolean;
}

/** Messages between the content frame and the app frame (postMessage). */
export interface PackageFrameMessage {
  type: 'dx-scorm-commit';
  scoId: string;
  data: PackageCommit;
  /** Commit now (LMSFinish / Terminate, page hide) instead of after the debounce. */
  final: boolean;
}

/**
 * What the content origin's return page posts to the app frame: a cmi5 AU in the course page's frame went to its
 * `returnURL` on exit (LMS.LaunchData), so the player closes.
 */
export interface PackageExitMessage {
  type: 'dx-package-exit';
}
