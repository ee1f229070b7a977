// cmi5 rules the LMS applies (cmi5 specification, quartz edition): which AU statements are "cmi5 defined", when an
// AU's statements satisfy its moveOn, which blocks and course that satisfies, the launch mode of a launch, and which
// statements the LMS must refuse (sections 9.3 and 10).

export const CMI5_CATEGORY = 'https://w3id.org/xapi/cmi5/context/categories/cmi5';
export const CMI5_MOVEON_CATEGORY = 'https://w3id.org/xapi/cmi5/context/categories/moveon';
export const CMI5_SESSION_EXTENSION = 'https://w3id.org/xapi/cmi5/context/extensions/sessionid';

export const CMI5_VERBS = {
  launched: 'http://adlnet.gov/expapi/verbs/launched',
  initialized: 'http://adlnet.gov/expapi/verbs/initialized',
  completed: 'http://adlnet.gov/expapi/verbs/completed',
  passed: 'http://adlnet.gov/expapi/verbs/passed',
  failed: 'http://adlnet.gov/expapi/verbs/failed',
  abandoned: 'https://w3id.org/xapi/adl/verbs/abandoned',
  waived: 'https://w3id.org/xapi/adl/verbs/waived',
  terminated: 'http://adlnet.gov/expapi/verbs/terminated',
  satisfied: 'https://w3id.org/xapi/adl/verbs/satisfied',
} as const;

export const CMI5_MOVE_ON_VALUES = [
  'Passed',
  'Completed',
  'CompletedAndPassed',
  'CompletedOrPassed',
  'NotApplicable',
] as const;
export type Cmi5MoveOnValue = (typeof CMI5_MOVE_ON_VALUES)[number];

/**
 * cmi5 launch modes (section 10, LMS.LaunchData): Normal records completion; Browse and Review must not (the AU sends
 * only initialized, terminated and "cmi5 allowed" statements, and the LMS refuses the rest).
 */
export const CMI5_LAUNCH_MODES = ['Normal', 'Browse', 'Review'] as const;
export type Cmi5LaunchMode = (typeof CMI5_LAUNCH_MODES)[number];

/**
 * The launch mode the LMS gives an AU: Review once the learner has satisfied it in this registration (they revisit
 * what they completed; nothing they do there can change it), else Normal. Browse is never chosen (no "look around
 * before enrolling" in this LMS), but the rules below treat it like Review.
 */
export function cmi5LaunchMode(auSatisfied: boolean): Cmi5LaunchMode {
  return auSatisfied ? 'Review' : 'Normal';
}

/** What an AU has said in one registration, as far as moveOn looks. */
export interface Cmi5Outcome {
  completed: boolean;
  passed: boolean;
}

/** Whether an AU with this moveOn is satisfied by what its statements said (cmi5 section 10, moveOn). */
export function cmi5MoveOnSatisfied(moveOn: Cmi5MoveOnValue, outcome: Cmi5Outcome): boolean {
  switch (moveOn) {
    case 'Passed':
      return outcome.passed;
    case 'Completed':
      return outcome.completed;
    case 'CompletedAndPassed':
      return outcome.completed && outcome.passed;
    case 'CompletedOrPassed':
      return outcome.completed || outcome.passed;
    case 'NotApplicable':
      return true;
  }
}

/** An AU as the course structure places it: its moveOn and the blocks it is in (publisher ids, outermost first). */
export interface Cmi5AuPlace {
  id: string;
  moveOn?: Cmi5MoveOnValue;
  blocks?: string[];
}

/**
 * What the AUs the learner has satisfied (moveOn met) satisfy of the course structure (section 9.3.9): each block
 * whose AUs all are (publisher ids, innermost first as they complete), and the course when every AU is. An AU with
 * moveOn NotApplicable counts as satisfied from the start (section 9.6.1: evaluated at registration).
 */
export function cmi5Satisfaction(
  aus: Cmi5AuPlace[],
  satisfiedAuIds: ReadonlySet<string>,
): { blocks: string[]; course: boolean } {
  const met = (au: Cmi5AuPlace) => au.moveOn === 'NotApplicable' || satisfiedAuIds.has(au.id);
  const blockIds = [...new Set(aus.flatMap((au) => au.blocks ?? []))];
  const depth = (id: string) => Math.max(...aus.map((au) => (au.blocks ?? []).indexOf(id)));
  const blocks = blockIds
    .filter((id) => aus.filter((au) => au.blocks?.includes(id)).every(met))
    .sort((a, b) => depth(b) - depth(a));
  return { blocks, course: aus.every(met) };
}

/** What the LMS knows of a launch session when a cmi5 defined statement of its AU arrives. */
export interface Cmi5SessionFacts {
  initialized: boolean;
  /** Terminated by the AU, or abandoned (the LMS's own statement): nothing more is recorded in the session. */
  terminated: boolean;
  /** The launch mode of the session: outside Normal, completed / passed / failed are refused. */
  launchMode: Cmi5LaunchMode;
  /** A passed or failed was recorded in this session (one of the two, once, per session). */
  judged: boolean;
  /** In this registration (any session): completed and passed at most once; failed (retries) until passed. */
  completed: boolean;
  passed: boolean;
  failed: boolean;
  masteryScore: number | null;
}

/**
 * Why the LMS must refuse a cmi5 defined statement from the AU (403), or null when it may be stored. `scaled` is the
 * statement's result.score.scaled (undefined when absent).
 */
export function cmi5StatementRefusal(
  verb: string,
  facts: Cmi5SessionFacts,
  scaled: number | undefined,
): string | null {
  if (facts.terminated) return 'この起動（セッション）はすでに終了（terminated）しています。';
  if (verb === CMI5_VERBS.initialized)
    return facts.initialized ? 'initialized は1回の起動で1度だけ送れます。' : null;
  if (!facts.initialized) return '最初に initialized を送ってください。';
  const judging = verb === CMI5_VERBS.passed || verb === CMI5_VERBS.failed;
  if ((judging || verb === CMI5_VERBS.completed) && facts.launchMode !== 'Normal')
    return `この起動は${facts.launchMode === 'Review' ? '復習' : '閲覧'}（${facts.launchMode}）モードです。completed / passed / failed は記録しません。`;
  if (judging && facts.judged) return 'passed / failed は1回の起動でどちらか1度だけ送れます。';
  switch (verb) {
    case CMI5_VERBS.completed:
      return facts.completed ? 'completed はすでに記録されています。' : null;
    case CMI5_VERBS.passed:
      if (facts.passed) return 'passed はすでに記録されています。';
      if (facts.masteryScore !== null && (scaled === undefined || scaled < facts.masteryScore))
        return `passed には合格点（${facts.masteryScore}）以上の score.scaled が必要です。`;
      return null;
    case CMI5_VERBS.failed:
      if (facts.passed) return 'passed の後に failed は送れません。';
      if (facts.masteryScore !== null && scaled !== undefined && scaled >= facts.masteryScore)
        return `合格点（${facts.masteryScore}）以上の score.scaled で failed は送れません。`;
      return null;
    case CMI5_VERBS.terminated:
    case CMI5_VERBS.abandoned:
      return null;
    case CMI5_VERBS.launched:
    case CMI5_VERBS.satisfied:
    case CMI5_VERBS.waived:
      return 'この動詞は LMS だけが送ります。';
    default:
      return null;
  }
}

/**
 * Why the LMS refuses a "cmi5 allowed" statement (any verb, no cmi5 category) of a session, or null: they belong
 * between initialized and terminated (section 7.1.3).
 */
export function cmi5AllowedRefusal(
  facts: Pick<Cmi5SessionFacts, 'initialized' | 'terminated'>,
): string | null {
  if (facts.terminated) return 'この起動（セッション）はすでに終了（terminated）しています。';
  return facts.initialized ? null : '最初に initialized を送ってください。';
}

/** The ISO 8601 duration of a span in milliseconds, to the hundredth of a second (`PT1H2M3.45S`). */
export function isoDuration(milliseconds: number): string {
  const centis = Math.max(0, Math.round(milliseconds / 10));
  const hours = Math.floor(centis / 360000);
  const minutes = Math.floor((centis % 360000) / 6000);
  const seconds = (centis % 6000) / 100;
  return `PT${hours ? `${hours}H` : ''}${minutes ? `${minutes}M` : ''}${seconds}S`;
}

/** Whether an AU's statement is "cmi5 defined" (carries the cmi5 category in its context). */
export function isCmi5Defined(statement: Record<string, unknown>): boolean {
  const context = statement['context'] as Record<string, unknown> | undefined;
  const activities = context?.['contextActivities'] as Record<string, unknown> | undefined;
  const category = activities?.['category'];
  const list = Array.isArray(category) ? category : category ? [category] : [];
  return list.some((c) => (c as { id?: unknown })?.id === CMI5_CATEGORY);
}
