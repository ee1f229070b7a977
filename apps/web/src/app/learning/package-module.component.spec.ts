import { isFrameMessage } from './package-module.component';

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
