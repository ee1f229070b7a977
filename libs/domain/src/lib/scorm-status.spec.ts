import { packageDone, scoOutcome, scormDurationSeconds } from './scorm-status';

describe('scoOutcome', () => {
  it('SCORM 1.2: completed and passed are done, failed is an attempt', () => {
    expect(scoOutcome('scorm12', { lessonStatus: 'completed' }, null)).toEqual({
      done: true,
      failed: false,
      status: 'completed',
    });
    expect(scoOutcome('scorm12', { lessonStatus: 'passed' }, null).done).toBe(true);
    expect(scoOutcome('scorm12', { lessonStatus: 'failed' }, null)).toEqual({
      done: false,
      failed: true,
      status: 'failed',
    });
    expect(scoOutcome('scorm12', { lessonStatus: 'incomplete' }, null).done).toBe(false);
    expect(scoOutcome('scorm12', {}, null).status).toBe('not attempted');
  });

  it('SCORM 1.2: the manifest mastery score decides when the package sets none', () => {
    expect(scoOutcome('scorm12', { lessonStatus: 'completed', scoreRaw: 79 }, 80)).toMatchObject({
      done: false,
      failed: true,
      status: 'failed',
    });
    expect(scoOutcome('scorm12', { lessonStatus: 'incomplete', scoreRaw: 80 }, 80).status).toBe('passed');
    // A status the package set itself to passed/failed stays.
    expect(scoOutcome('scorm12', { lessonStatus: 'passed', scoreRaw: 10 }, 80).done).toBe(true);
  });

  it('SCORM 2004: completion and success together', () => {
    expect(
      scoOutcome('scorm2004', { completionStatus: 'completed', successStatus: 'unknown' }, null).done,
    ).toBe(true);
    expect(scoOutcome('scorm2004', { completionStatus: 'completed', successStatus: 'failed' }, null)).toEqual(
      {
        done: false,
        failed: true,
        status: 'failed',
      },
    );
    expect(
      scoOutcome('scorm2004', { completionStatus: 'incomplete', successStatus: 'passed' }, null).done,
    ).toBe(true);
    expect(scoOutcome('scorm2004', { completionStatus: 'completed', scoreScaled: 0.5 }, 0.8).failed).toBe(
      true,
    );
    expect(scoOutcome('scorm2004', { completionStatus: 'completed', scoreScaled: 0.9 }, 0.8).status).toBe(
      'passed',
    );
  });
});

describe('packageDone', () => {
  it('needs every SCO', () => {
    expect(packageDone(['a', 'b'], new Set(['a']))).toBe(false);
    expect(packageDone(['a', 'b'], new Set(['b', 'a']))).toBe(true);
    expect(packageDone([], new Set())).toBe(false);
  });
});

describe('scormDurationSeconds', () => {
  it('reads both formats', () => {
    expect(scormDurationSeconds('0001:02:03.5')).toBe(3723.5);
    expect(scormDurationSeconds('PT1H2M3.5S')).toBe(3723.5);
    expect(scormDurationSeconds('P1D')).toBe(86400);
    expect(scormDurationSeconds('PT')).toBeNull();
    expect(scormDurationSeconds('soon')).toBeNull();
    expect(scormDurationSeconds(null)).toBeNull();
  });
});
