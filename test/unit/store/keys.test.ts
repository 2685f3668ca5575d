import { safeId } from '../../../src/store/keys';

describe('safeId', () => {
  it('keeps short safe keys readable and hashes the rest into valid Cosmos ids', () => {
    expect(safeId('team:19:abc@thread.tacv2')).toBe('team:19:abc@thread.tacv2');
    const thread = safeId('conv:19:abc@thread.tacv2;messageid=123');
    const slashes = safeId('msteams/bot/users/29:x');
    const long = safeId('x'.repeat(1000));
    for (const id of [thread, slashes, long]) {
      expect(id.length).toBeLessThanOrEqual(255);
      expect(id).not.toMatch(/[/\\?#]/);
    }
    expect(safeId('msteams/bot/users/29:x')).toBe(slashes);
    expect(safeId('msteams/bot/users/29:y')).not.toBe(slashes);
  });
});
