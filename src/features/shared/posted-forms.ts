import { createHash } from 'node:crypto';
import type { CardRecord } from '../../access/card-binding';
import { Collection } from '../../store/collection';
import type { Store } from '../../store/store';

/**
 * The forms whose submit replaces the form for everyone: create forms (an action, an update, a meeting),
 * used once, and the group's registration/settings form (`group`), bound to the group and conversation.
 */
export type FormKind = 'action' | 'update' | 'meeting' | 'group';

/** One form the bot posted in one of a group's conversations. `conversationId`: the root id. */
interface PostedForm extends CardRecord {
  id: string;
  kind: FormKind;
  groupId: string;
  postedAt: string;
}

/**
 * The create forms the bot posted (`insats ny`, `lägesbild ny`, `möte`): a create invoke may replace only
 * a form recorded here, of that group, in that conversation (src/access/card-binding.ts decides), and
 * each form creates once. One small document per form in `case-meta` (partitioned by id), so a busy
 * group's many open forms never contend on one document: recording is a create, the binding check one
 * point read, and using the form a delete that only one of two concurrent submits wins. Forms hold no
 * personal data (ids only).
 */
export class PostedForms {
  private readonly meta: Collection<PostedForm>;

  constructor(store: Store) {
    this.meta = new Collection<PostedForm>(store.container('case-meta'), 'id');
  }

  private static idOf(kind: FormKind, groupId: string, conversationId: string, activityId: string): string {
    return `pf:${createHash('sha256').update(`${kind}\n${groupId}\n${conversationId}\n${activityId}`).digest('base64url')}`;
  }

  /** Records a form the bot posted (`conversationId`: the conversation's root id). */
  async remember(kind: FormKind, groupId: string, conversationId: string, activityId: string, now: Date): Promise<void> {
    const id = PostedForms.idOf(kind, groupId, conversationId, activityId);
    await this.meta.upsert({ id, kind, groupId, conversationId, activityId, postedAt: now.toISOString() });
  }

  /**
   * The recorded form the invoke names, if any, as a card record for the binding check (one point read).
   * Empty when `activityId` is missing or names no form of this kind, group and conversation.
   */
  async find(kind: FormKind, groupId: string, conversationId: string, activityId: string | undefined): Promise<CardRecord[]> {
    if (!activityId) return [];
    const id = PostedForms.idOf(kind, groupId, conversationId, activityId);
    const doc = (await this.meta.read(id, id))?.doc;
    return doc ? [{ conversationId: doc.conversationId, activityId: doc.activityId }] : [];
  }

  /** Uses a recorded form, once: false when it was not recorded or is already used. */
  async take(kind: FormKind, groupId: string, conversationId: string, activityId: string): Promise<boolean> {
    const id = PostedForms.idOf(kind, groupId, conversationId, activityId);
    return this.meta.delete(id, id);
  }
}
