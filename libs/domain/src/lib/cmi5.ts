// cmi5 rules the LMS applies (cmi5 specification, quartz edition): which AU statements are "cmi5 defined", when an
// AU's statements satisfy its moveOn, and which cmi5 defined statements the LMS must refuse (section 9.3).

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

/** What the LMS knows of a launch session when a cmi5 defined statement of its AU arrives. */
export interface Cmi5SessionFacts {
  initialized: boolean;
  terminated: boolean;
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

/** Whether an AU's statement is "cmi5 defined" (carries the cmi5 category in its context). */
export function isCmi5Defined(statement: Record<string, unknown>): boolean {
  const context = statement['context'] as Record<string, unknown> | undefined;
  const activities = context?.['contextActivities'] as Record<string, unknown> | undefined;
  const category = activities?.['category'];
  const list = Array.isArray(category) ? category : category ? [category] : [];
  return list.some((c) => (c as { id?: unknown })?.id === CMI5_CATEGORY);
}
