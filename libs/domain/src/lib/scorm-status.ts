/**
 * When a SCORM SCO counts as done, from what the package reported (SCORM 1.2 `cmi.core.lesson_status`, SCORM 2004
 * `cmi.completion_status` + `cmi.success_status`) and the mastery score of the manifest.
 *
 * - SCORM 1.2: `completed` or `passed` is done; `failed` is an attempt that did not pass. When the manifest sets
 *   `adlcp:masteryscore` and the SCO reports a raw score but leaves the status at completed / incomplete, the LMS
 *   decides passed / failed from the score (SCORM 1.2 RTE 3.4.4).
 * - SCORM 2004: done when `success_status` is `passed`, or when `completion_status` is `completed` and the SCO did
 *   not fail. With a scaled passing score from the manifest (`imsss:minNormalizedMeasure`) and a scaled score, the
 *   success status follows the score when the SCO left it `unknown`.
 */
export type ScormStandard = 'scorm12' | 'scorm2004';

export interface ScoReport {
  lessonStatus?: string | null;
  completionStatus?: string | null;
  successStatus?: string | null;
  scoreRaw?: number | null;
  scoreScaled?: number | null;
}

export interface ScoOutcome {
  done: boolean;
  /** The attempt ended below the mastery score (counted, not done). */
  failed: boolean;
  /** The status as the LMS keeps it (SCORM 1.2 lesson status, or SCORM 2004 success/completion). */
  status: string;
}

/** SCORM 1.2 mastery score 0–100 (raw); SCORM 2004 passing score −1…1 (scaled). */
export function scoOutcome(standard: ScormStandard, report: ScoReport, mastery: number | null): ScoOutcome {
  if (standard === 'scorm12') {
    let status = report.lessonStatus ?? 'not attempted';
    if (
      mastery !== null &&
      typeof report.scoreRaw === 'number' &&
      (status === 'completed' || status === 'incomplete')
    ) {
      status = report.scoreRaw >= mastery ? 'passed' : 'failed';
    }
    return { done: status === 'completed' || status === 'passed', failed: status === 'failed', status };
  }
  let success = report.successStatus ?? 'unknown';
  if (mastery !== null && typeof report.scoreScaled === 'number' && success === 'unknown') {
    success = report.scoreScaled >= mastery ? 'passed' : 'failed';
  }
  const completion = report.completionStatus ?? 'unknown';
  const done = success === 'passed' || (completion === 'completed' && success !== 'failed');
  return { done, failed: success === 'failed', status: success !== 'unknown' ? success : completion };
}

/** A package is done when every SCO it tracks is done. */
export function packageDone(scoIds: readonly string[], doneScoIds: ReadonlySet<string>): boolean {
  return scoIds.length > 0 && scoIds.every((id) => doneScoIds.has(id));
}

/** ISO 8601 duration (SCORM 2004 `PT1H2M3.5S`) or SCORM 1.2 `HHHH:MM:SS.SS` as seconds; null when unreadable. */
export function scormDurationSeconds(value: string | null | undefined): number | null {
  if (!value) return null;
  const clock = /^(\d{2,4}):([0-5]\d):([0-5]\d)(\.\d{1,2})?$/.exec(value);
  if (clock) return Number(clock[1]) * 3600 + Number(clock[2]) * 60 + Number(clock[3] + (clock[4] ?? ''));
  const iso = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(
    value,
  );
  if (!iso || value === 'P' || value.endsWith('T')) return null;
  const [, y, mo, d, h, mi, s] = iso.map((part) => Number(part ?? 0));
  return ((y * 365 + mo * 30 + d) * 24 + h) * 3600 + mi * 60 + s;
}
