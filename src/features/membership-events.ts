import type { Logger } from 'pino';

/** A change of one person's membership in a group: added, agency or role changed, or removed. */
export interface MembershipChange {
  groupId: string;
  aadObjectId: string;
  kind: 'saved' | 'removed';
}

export type MembershipListener = (change: MembershipChange) => Promise<void>;

/**
 * Lets the groups feature announce membership changes without knowing who cares: the cases feature
 * re-decides what the person was shown and recomputes its posted cards' refresh lists at once.
 */
export class MembershipEvents {
  private readonly listeners: MembershipListener[] = [];

  constructor(private readonly logger: Logger) {}

  on(listener: MembershipListener): void {
    this.listeners.push(listener);
  }

  /** Runs every listener; one failing does not stop the others or the membership change itself. */
  async emit(change: MembershipChange): Promise<void> {
    for (const listener of this.listeners) {
      try {
        await listener(change);
      } catch (err) {
        this.logger.warn({ err: (err as Error).message, groupId: change.groupId }, 'membership change listener failed');
      }
    }
  }
}
