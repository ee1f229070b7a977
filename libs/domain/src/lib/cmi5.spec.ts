import {
  CMI5_CATEGORY,
  CMI5_VERBS,
  cmi5MoveOnSatisfied,
  cmi5StatementRefusal,
  type Cmi5SessionFacts,
  isCmi5Defined,
} from './cmi5';

const fresh: Cmi5SessionFacts = {
  initialized: false,
  terminated: false,
  completed: false,
  passed: false,
  failed: false,
  masteryScore: 0.8,
};
const running = { ...fresh, initialized: true };

describe('cmi5 moveOn', () => {
  it.each([
    ['Passed', { completed: true, passed: false }, false],
    ['Passed', { completed: false, passed: true }, true],
    ['Completed', { completed: true, passed: false }, true],
    ['Completed', { completed: false, passed: true }, false],
    ['CompletedAndPassed', { completed: true, passed: false }, false],
    ['CompletedAndPassed', { completed: true, passed: true }, true],
    ['CompletedOrPassed', { completed: false, passed: true }, true],
    ['CompletedOrPassed', { completed: false, passed: false }, false],
    ['NotApplicable', { completed: false, passed: false }, true],
  ] as const)('%s with %j is %s', (moveOn, outcome, satisfied) => {
    expect(cmi5MoveOnSatisfied(moveOn, outcome)).toBe(satisfied);
  });
});

describe('cmi5 statement rules', () => {
  it('wants initialized first, once, and nothing after terminated', () => {
    expect(cmi5StatementRefusal(CMI5_VERBS.completed, fresh, undefined)).toContain('initialized');
    expect(cmi5StatementRefusal(CMI5_VERBS.initialized, fresh, undefined)).toBeNull();
    expect(cmi5StatementRefusal(CMI5_VERBS.initialized, running, undefined)).not.toBeNull();
    expect(cmi5StatementRefusal(CMI5_VERBS.terminated, running, undefined)).toBeNull();
    expect(cmi5StatementRefusal(CMI5_VERBS.completed, { ...running, terminated: true }, undefined)).toContain(
      'terminated',
    );
  });

  it('takes completed and passed once, and holds passed / failed to the mastery score', () => {
    expect(cmi5StatementRefusal(CMI5_VERBS.completed, running, undefined)).toBeNull();
    expect(
      cmi5StatementRefusal(CMI5_VERBS.completed, { ...running, completed: true }, undefined),
    ).not.toBeNull();
    expect(cmi5StatementRefusal(CMI5_VERBS.passed, running, 0.8)).toBeNull();
    expect(cmi5StatementRefusal(CMI5_VERBS.passed, running, 0.79)).toContain('0.8');
    expect(cmi5StatementRefusal(CMI5_VERBS.passed, running, undefined)).not.toBeNull();
    expect(cmi5StatementRefusal(CMI5_VERBS.passed, { ...running, masteryScore: null }, undefined)).toBeNull();
    expect(cmi5StatementRefusal(CMI5_VERBS.passed, { ...running, passed: true }, 0.9)).not.toBeNull();
    expect(cmi5StatementRefusal(CMI5_VERBS.failed, running, 0.5)).toBeNull();
    expect(cmi5StatementRefusal(CMI5_VERBS.failed, running, 0.9)).not.toBeNull();
    // A failed attempt may be followed by a pass (another session), not the other way round.
    expect(cmi5StatementRefusal(CMI5_VERBS.passed, { ...running, failed: true }, 0.9)).toBeNull();
    expect(cmi5StatementRefusal(CMI5_VERBS.failed, { ...running, passed: true }, 0.1)).not.toBeNull();
  });

  it("leaves the LMS's own verbs to the LMS", () => {
    for (const verb of [CMI5_VERBS.launched, CMI5_VERBS.satisfied, CMI5_VERBS.waived])
      expect(cmi5StatementRefusal(verb, running, undefined)).not.toBeNull();
  });

  it('knows a cmi5 defined statement by its category, as an array or a single object', () => {
    expect(isCmi5Defined({ context: { contextActivities: { category: [{ id: CMI5_CATEGORY }] } } })).toBe(
      true,
    );
    expect(isCmi5Defined({ context: { contextActivities: { category: { id: CMI5_CATEGORY } } } })).toBe(true);
    expect(isCmi5Defined({ context: { contextActivities: {} } })).toBe(false);
    expect(isCmi5Defined({})).toBe(false);
  });
});
