import { AskTopicRegistry } from '../../../src/features/ask/topics';

describe('AskTopicRegistry picture shortcuts', () => {
  const open = async () => undefined;

  it('gives the shortcut only for its group kind', () => {
    const registry = new AskTopicRegistry();
    registry.registerPictureShortcut({ groupKind: 'sspf', open });
    expect(registry.pictureShortcut('sspf')?.open).toBe(open);
    expect(registry.pictureShortcut('styrgrupp')).toBeUndefined();
  });

  it('refuses a second shortcut for the same kind, so no feature silently takes over another’s', () => {
    const registry = new AskTopicRegistry();
    registry.registerPictureShortcut({ groupKind: 'sspf', open });
    expect(() => registry.registerPictureShortcut({ groupKind: 'sspf', open })).toThrow('registered twice');
  });
});
