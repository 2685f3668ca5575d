import { presentedSecret, secretMatches } from '../../../src/features/summaries/notify';

describe('the notify secret', () => {
  const secret = 'a-long-shared-secret-1234';

  it('matches only the exact secret, whatever the lengths', () => {
    expect(secretMatches(secret, secret)).toBe(true);
    expect(secretMatches(secret + 'x', secret)).toBe(false);
    expect(secretMatches('a', secret)).toBe(false);
    expect(secretMatches('', secret)).toBe(false);
    expect(secretMatches(undefined, secret)).toBe(false);
  });

  it('reads the secret from x-trygg-notify-secret or a Bearer authorization', () => {
    expect(presentedSecret({ 'x-trygg-notify-secret': secret })).toBe(secret);
    expect(presentedSecret({ authorization: `Bearer ${secret}` })).toBe(secret);
    expect(presentedSecret({ authorization: `Basic ${secret}` })).toBeUndefined();
    expect(presentedSecret({})).toBeUndefined();
  });
});
