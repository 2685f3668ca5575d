import { randomUUID } from 'node:crypto';
import type { Claims } from '../../store/claims';

/** How long a roster lease lasts if its holder dies before releasing it. */
const LEASE_MS = 10_000;
/** Attempts to take the lease, and the pause between them (well inside an invoke's 3 s). */
const ATTEMPTS = 8;
const PAUSE_MS = 60;

/**
 * Runs one membership change of a group at a time. The rule "the last coordinator cannot be removed
 * or demoted" is decided on a roster read: two coordinators demoting each other at the same moment
 * would each see the other still a coordinator and both succeed. A lease per group (an exactly-once
 * claim: conditional create, ETag takeover, shared by every instance) makes read-decide-write one step.
 * Released by marking it `failed`, which the next caller may take at once; a holder that died frees it
 * when the lease expires. Returns `undefined` when the lease stayed busy (the caller answers "try again").
 */
export async function withRosterLock<T>(claims: Claims, groupId: string, now: () => Date, work: () => Promise<T>): Promise<T | undefined> {
  const key = `roster:${groupId}`;
  const owner = randomUUID();
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const taken = await claims.acquire(key, 'roster-lock', owner, now(), LEASE_MS);
    if (taken.acquired) {
      try {
        return await work();
      } finally {
        await claims.complete(key, owner, 'failed', now(), 'released');
      }
    }
    await new Promise((resolve) => setTimeout(resolve, PAUSE_MS + Math.floor(Math.random() * PAUSE_MS)));
  }
  return undefined;
}
