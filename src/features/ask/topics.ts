import type { Turn } from '../../bot/port';
import type { Lang } from '../../i18n';

/**
 * A question the ask feature routes to the feature that can answer it (overdue actions, the next
 * meeting, a case's status…). Features register topics through `FeatureContext.askTopics`.
 */
export interface AskTopic {
  id: string;
  /** Whether normalised free text (lower case, no diacritics, no punctuation) asks this. */
  matches(normalized: string): boolean;
  /** Answers the question in this turn. */
  answer(turn: Turn, text: string, lang: Lang): Promise<void>;
  /** A stand-in until the real feature registers the same id; a real registration always wins. */
  placeholder?: boolean;
}

/** The topics the bot can be asked about, in registration order. */
export class AskTopicRegistry {
  private readonly topics: AskTopic[] = [];

  /** Adds a topic; a real topic replaces a placeholder of the same id, whichever registered first. */
  register(topic: AskTopic): void {
    const i = this.topics.findIndex((t) => t.id === topic.id);
    if (i === -1) {
      this.topics.push(topic);
      return;
    }
    const existing = this.topics[i];
    if (topic.placeholder) return;
    if (!existing.placeholder) throw new Error(`Ask topic ${topic.id} registered twice`);
    this.topics[i] = topic;
  }

  /** The topic registered under `id`, if any. */
  get(id: string): AskTopic | undefined {
    return this.topics.find((t) => t.id === id);
  }

  /** The first topic the question matches. */
  find(normalized: string): AskTopic | undefined {
    return this.topics.find((t) => t.matches(normalized));
  }

  list(): readonly AskTopic[] {
    return this.topics;
  }
}
