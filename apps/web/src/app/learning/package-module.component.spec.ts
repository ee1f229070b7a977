import { isExitMessage, isFrameMessage } from './package-module.component';

describe('isFrameMessage', () => {
  it('accepts only the player script’s commit messages', () => {
    expect(isFrameMessage({ type: 'dx-scorm-commit', scoId: 'ITEM-1', data: {}, final: false })).toBe(true);
    expect(isFrameMessage({ type: 'dx-scorm-commit', scoId: 'ITEM-1', data: null, final: false })).toBe(
      false,
    );
    expect(isFrameMessage({ type: 'other', scoId: 'ITEM-1', data: {}, final: true })).toBe(false);
    expect(isFrameMessage({ type: 'dx-scorm-commit', scoId: 1, data: {}, final: true })).toBe(false);
    expect(isFrameMessage('dx-scorm-commit')).toBe(false);
    expect(isFrameMessage(null)).toBe(false);
  });
});

describe('isExitMessage', () => {
  it('accepts only the return page’s exit message', () => {
    expect(isExitMessage({ type: 'dx-package-exit' })).toBe(true);
    expect(isExitMessage({ type: 'dx-scorm-commit' })).toBe(false);
    expect(isExitMessage('dx-package-exit')).toBe(false);
    expect(isExitMessage(null)).toBe(false);
  });
});
