import { createHash } from 'node:crypto';

const SAFE = /^[A-Za-z0-9._:@=+-]{1,200}$/;

/**
 * Turns an arbitrary key (a Teams conversation id, a state key) into a valid Cosmos item id:
 * at most 255 characters and none of `/ \ ? #`. Short safe keys stay readable; anything else is hashed.
 */
export function safeId(key: string): string {
  if (SAFE.test(key)) return key;
  return 'h-' + createHash('sha256').update(key, 'utf8').digest('base64url');
}
