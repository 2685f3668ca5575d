import type { CommandInput, Turn } from '../../bot/port';
import type { Lang } from '../../i18n';
import type { GroupKind } from '../groups/model';

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

/**
 * What a bare `lägesbild` (no area, no period) opens instead of the picture in a group of one kind: the
 * updates feature registers its update form for SSPF groups, as field workers expect. The ask feature
 * calls it; it knows nothing else of the feature behind it.
 */
export interface PictureShortcut {
  groupKind: GroupKind;
  open(turn: Turn, input: CommandInput): Promise<void>;
}

/** The topics the bot can be asked about, in registration order, and the bare-command shortcuts. */
export class AskTopicRegistry {
  private readonly topics: AskTopic[] = [];
  private readonly shortcuts = new Map<GroupKind, PictureShortcut>();

  /** Registers what a bare `lägesbild` opens in groups of `shortcut.groupKind` (one per kind). */
  registerPictureShortcut(shortcut: PictureShortcut): void {
    if (this.shortcuts.has(shortcut.groupKind)) throw new Error(`Picture shortcut for ${shortcut.groupKind} registered twice`);
    this.shortcuts.set(shortcut.groupKind, shortcut);
  }

  /** What a bare `lägesbild` opens in a group of `kind`, if anything. */
  pictureShortcut(kind: GroupKind): PictureShortcut | undefined {
    return this.shortcuts.get(kind);
  }

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
