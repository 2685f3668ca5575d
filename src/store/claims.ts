import { Collection } from './collection';
import { ConflictError } from './errors';
import { safeId } from './keys';
import type { Store } from './store';

/**
 * The state of a claimed piece of once-only work (a weekly summary, a reminder):
 * - `leased`: someone is doing it until `leaseUntil`; after that, anyone may take it over;
 * - `done`: it happened; never again;
 * - `uncertain`: it may have happened (timeout, 502, 504); never again automatically, people decide;
 * - `failed`: it certainly did not happen; a sweep may try again.
 */
export type ClaimState = 'leased' | 'done' | 'uncertain' | 'failed';

export interface Claim {
  id: string;
  key: string;
  /** Groups claims for sweeps and listings, e.g. `summary` or `reminder`. */
  kind: string;
  state: ClaimState;
  owner: string;
  leaseUntil: string;
  attempts: number;
  detail?: string;
  createdAt: string;
  updatedAt: string;
}

export type AcquireResult = { acquired: true; claim: Claim } | { acquired: false; claim: Claim };

/**
 * Exactly-once coordination across bot instances and restarts: a conditional create takes the claim,
 * an ETag replace takes over an expired lease or a certain failure. Only one caller ever wins.
 */
export class Claims {
  private readonly claims: Collection<Claim>;

  constructor(store: Store) {
    this.claims = new Collection<Claim>(store.container('claims'), 'id');
  }

  async get(key: string): Promise<Claim | undefined> {
    const id = safeId(key);
    return (await this.claims.read(id, id))?.doc;
  }

  /** Takes the claim for `key` unless it is done, uncertain, or leased by someone else. */
  async acquire(key: string, kind: string, owner: string, now: Date, leaseMs: number): Promise<AcquireResult> {
    const id = safeId(key);
    const leaseUntil = new Date(now.getTime() + leaseMs).toISOString();
    const fresh: Claim = { id, key, kind, state: 'leased', owner, leaseUntil, attempts: 1, createdAt: now.toISOString(), updatedAt: now.toISOString() };
    const created = await this.claims.create(fresh);
    if (created) return { acquired: true, claim: created.doc };
    const current = await this.claims.read(id, id);
    if (!current) return this.acquire(key, kind, owner, now, leaseMs);
    const c = current.doc;
    const expired = c.state === 'leased' && Date.parse(c.leaseUntil) <= now.getTime();
    if (!(expired || c.state === 'failed')) return { acquired: false, claim: c };
    const next: Claim = { ...c, state: 'leased', owner, leaseUntil, attempts: c.attempts + 1, updatedAt: now.toISOString() };
    try {
      return { acquired: true, claim: (await this.claims.replace(next, current.etag)).doc };
    } catch (err) {
      if (err instanceof ConflictError) return { acquired: false, claim: (await this.get(key)) ?? c };
      throw err;
    }
  }

  /** Records the outcome; only the current owner of a lease may. Returns false if the lease was lost. */
  async complete(key: string, owner: string, state: Exclude<ClaimState, 'leased'>, now: Date, detail?: string): Promise<boolean> {
    const id = safeId(key);
    const { changed } = await this.claims.update(id, id, (c) =>
      c && c.state === 'leased' && c.owner === owner ? { ...c, state, detail, updatedAt: now.toISOString() } : undefined
    );
    return changed;
  }

  /**
   * Takes back a claim whose outcome was `uncertain` or `failed` (a coordinator's resend). The whole
   * transition is one replace conditional on the ETag the state was read with, so of any number of
   * concurrent callers exactly one gets the lease; the others see `acquired: false`. A claim in any
   * other state (leased, done) is left alone. Without a claim at all it is a conditional create.
   */
  async retake(key: string, kind: string, owner: string, now: Date, leaseMs: number): Promise<AcquireResult> {
    const id = safeId(key);
    const current = await this.claims.read(id, id);
    if (!current) return this.acquire(key, kind, owner, now, leaseMs);
    const c = current.doc;
    if (c.state !== 'uncertain' && c.state !== 'failed') return { acquired: false, claim: c };
    const leaseUntil = new Date(now.getTime() + leaseMs).toISOString();
    const next: Claim = { ...c, state: 'leased', owner, leaseUntil, attempts: c.attempts + 1, detail: `retaken from ${c.state}`, updatedAt: now.toISOString() };
    try {
      return { acquired: true, claim: (await this.claims.replace(next, current.etag)).doc };
    } catch (err) {
      if (err instanceof ConflictError) return { acquired: false, claim: (await this.get(key)) ?? c };
      throw err;
    }
  }

  /** Claims of one kind in the given states, for sweeps and listings (a cross-partition query; claims are few). */
  async list(kind: string, states: ClaimState[]): Promise<Claim[]> {
    return this.claims.queryAcrossPartitions<Claim>('SELECT * FROM c WHERE c.kind = @kind AND ARRAY_CONTAINS(@states, c.state)', [
      { name: '@kind', value: kind },
      { name: '@states', value: states }
    ]);
  }
}
