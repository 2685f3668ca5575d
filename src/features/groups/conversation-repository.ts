import { createHash } from 'node:crypto';
import type { StoredReference } from '../../bot/port';
import { langFromLocale, type Lang } from '../../i18n';
import { Collection } from '../../store/collection';
import { safeId } from '../../store/keys';
import type { Store } from '../../store/store';

/**
 * A stored reference as the edge recorded it (the port's opaque `StoredReference`), with the fields this
 * app reads spelled out: the conversation (as Teams describes it), the service URL and the locale.
 */
export type ConversationRef = StoredReference & {
  readonly conversation?: { readonly id: string; readonly isGroup: boolean; readonly conversationType: string; readonly name: string; readonly tenantId?: string };
  readonly serviceUrl?: string;
  readonly locale?: string;
};

/** A stored conversation reference, for proactive messages. */
export interface StoredConversation {
  id: string;
  /** `conv:<channel or chat id>` or `user:<aad object id>` (personal chat). */
  key: string;
  kind: 'personal' | 'groupChat' | 'channel';
  reference: ConversationRef;
  /** Hash of `reference`, to write only when it changed. */
  hash: string;
  updatedAt: string;
}

export function conversationKey(kind: StoredConversation['kind'], conversationId: string, aadObjectId?: string): string {
  return kind === 'personal' && aadObjectId ? `user:${aadObjectId.toLowerCase()}` : `conv:${conversationId}`;
}

/**
 * The language for a proactive message in someone's personal chat: the locale of their last activity
 * there (the stored reference carries it, and is rewritten when it changes); `fallback` when there is no
 * personal chat or no locale.
 */
export function personalLang(conversation: StoredConversation | undefined, fallback: Lang): Lang {
  const locale = conversation?.kind === 'personal' ? conversation.reference.locale : undefined;
  return locale ? langFromLocale(locale) : fallback;
}

/**
 * Conversation references captured from every activity and upserted only when they change; a
 * process-local map of the last stored hash spares a read on every turn.
 */
export class ConversationRepository {
  private readonly docs: Collection<StoredConversation>;
  private readonly known = new Map<string, string>();

  constructor(store: Store) {
    this.docs = new Collection<StoredConversation>(store.container('conversations'), 'id');
  }

  async get(key: string): Promise<StoredConversation | undefined> {
    const id = safeId(key);
    return (await this.docs.read(id, id))?.doc;
  }

  /** Stores the reference if it differs from the stored one; returns true when it wrote. */
  async remember(key: string, kind: StoredConversation['kind'], reference: ConversationRef, now: Date): Promise<boolean> {
    const hash = createHash('sha256').update(JSON.stringify(reference)).digest('base64url');
    if (this.known.get(key) === hash) return false;
    const id = safeId(key);
    const { changed } = await this.docs.update(id, id, (current) =>
      current?.hash === hash ? undefined : { id, key, kind, reference, hash, updatedAt: now.toISOString() }
    );
    this.known.set(key, hash);
    if (this.known.size > 10000) this.known.delete(this.known.keys().next().value as string);
    return changed;
  }
}
