import {
  CMI5_CATEGORY,
  CMI5_VERBS,
  cmi5AllowedRefusal,
  cmi5LaunchMode,
  cmi5MoveOnSatisfied,
  cmi5Satisfaction,
  cmi5StatementRefusal,
  type Cmi5SessionFacts,
  isCmi5Defined,
  isoDuration,
} from './cmi5';

const fresh: Cmi5SessionFacts = {
  initialized: false,
  terminated: false,
  launchMode: 'Normal',
  judged: false,
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

  it('takes one of passed / failed per session', () => {
    expect(cmi5StatementRefusal(CMI5_VERBS.failed, { ...running, judged: true }, 0.1)).toContain('1度');
    expect(cmi5StatementRefusal(CMI5_VERBS.passed, { ...running, judged: true }, 0.9)).toContain('1度');
    expect(cmi5StatementRefusal(CMI5_VERBS.completed, { ...running, judged: true }, undefined)).toBeNull();
  });

  it('records no completion outside Normal: Review (a satisfied AU) and Browse', () => {
    expect(cmi5LaunchMode(true)).toBe('Review');
    expect(cmi5LaunchMode(false)).toBe('Normal');
    for (const launchMode of ['Review', 'Browse'] as const) {
      const review = { ...running, launchMode };
      for (const verb of [CMI5_VERBS.completed, CMI5_VERBS.passed, CMI5_VERBS.failed])
        expect(cmi5StatementRefusal(verb, review, 0.9)).toContain(launchMode);
      expect(cmi5StatementRefusal(CMI5_VERBS.initialized, { ...fresh, launchMode }, undefined)).toBeNull();
      expect(cmi5StatementRefusal(CMI5_VERBS.terminated, review, undefined)).toBeNull();
    }
  });

  it('takes "cmi5 allowed" statements between initialized and terminated only', () => {
    expect(cmi5AllowedRefusal(fresh)).toContain('initialized');
    expect(cmi5AllowedRefusal(running)).toBeNull();
    expect(cmi5AllowedRefusal({ ...running, terminated: true })).toContain('terminated');
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

describe('cmi5 satisfaction of blocks and the course', () => {
  const aus = [
    { id: 'a1', moveOn: 'Completed' as const, blocks: ['B', 'B.1'] },
    { id: 'a2', moveOn: 'Passed' as const, blocks: ['B'] },
    { id: 'a3', moveOn: 'NotApplicable' as const, blocks: ['C'] },
    { id: 'a4', moveOn: 'Completed' as const },
  ];

  it('satisfies a block when all its AUs are (NotApplicable from the start), innermost first, the course when all are', () => {
    expect(cmi5Satisfaction(aus, new Set())).toEqual({ blocks: ['C'], course: false });
    expect(cmi5Satisfaction(aus, new Set(['a1']))).toEqual({ blocks: ['B.1', 'C'], course: false });
    expect(cmi5Satisfaction(aus, new Set(['a1', 'a2']))).toEqual({
      blocks: ['B.1', 'B', 'C'],
      course: false,
    });
    expect(cmi5Satisfaction(aus, new Set(['a1', 'a2', 'a4'])).course).toBe(true);
    expect(cmi5Satisfaction([{ id: 'x', moveOn: 'NotApplicable' }], new Set())).toEqual({
      blocks: [],
      course: true,
    });
  });
});

describe('isoDuration', () => {
  it('writes a span as an ISO 8601 duration to the hundredth of a second', () => {
    expect(isoDuration(0)).toBe('PT0S');
    expect(isoDuration(11_260)).toBe('PT11.26S');
    expect(isoDuration(3_723_450)).toBe('PT1H2M3.45S');
    expect(isoDuration(60_000)).toBe('PT1M0S');
    expect(isoDuration(-5)).toBe('PT0S');
  });
});
