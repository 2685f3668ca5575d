/**
 * The port: the one module of `src/bot/` that features import. It imports no Teams SDK (`botbuilder`,
 * `botframework-*`, `@microsoft/teams-ai`) and re-exports no SDK type, so a move to another host
 * (Teams SDK v2, say) rewrites the rest of `src/bot/`, `src/app.ts` and the server, never a feature.
 *
 * Features see a turn as a `Turn` (who, where, in which language, and how to answer), declare their
 * triggers as data (`CommandTrigger`, `VerbTrigger`, `JobTrigger`, `EventTrigger`, `FallbackTrigger`),
 * each pointing to a named handler `(deps, turn, input)`, and post into a group only through the
 * `GroupChannel`. The edge (`src/bot/*`, `src/app.ts`) turns activities into these.
 */
import type { z } from 'zod';
import type { CardRecord } from '../access/card-binding';
import type { AdaptiveCard } from '../cards/render';
import type { Lang } from '../i18n';

/** Where an activity came from, reduced to what features need. Group keys never use the raw thread id. */
export interface Where {
  kind: 'personal' | 'groupChat' | 'channel';
  /** The conversation to post to: the channel or chat id, without a thread's `;messageid=` suffix. */
  conversationId: string;
  /** `team:<team id>` for channels, `chat:<chat id>` for group chats; undefined in personal chat. */
  groupKey?: string;
  teamId?: string;
  channelId?: string;
  tenantId?: string;
}

/** Who acts: identity is the Entra object id, never the display name. */
export interface Actor {
  aadObjectId?: string;
  /** Teams user id (`29:…`), needed for user-specific card views. */
  teamsUserId: string;
  /** Display name: may appear in cards, never in logs. */
  name?: string;
}

/** A person as the team's or chat's roster returns them. */
export interface RosterMember {
  /** Teams user id (`29:…`). */
  id: string;
  aadObjectId?: string;
  name?: string;
  userPrincipalName?: string;
  email?: string;
  userRole?: string;
}

/**
 * A stored way back into a conversation (a channel, a group chat or a person's 1:1 chat), as the edge
 * recorded it. Opaque to features: they store it and hand it back to the `GroupChannel`.
 */
export type StoredReference = Readonly<Record<string, unknown>>;

/** A parsed command: what followed the command words, in the user's original spelling and normalised. */
export interface CommandInput {
  /**
   * The language to answer in: the language of the alias the user typed; for an alias both languages
   * share (`observation`), the group's language in a group and the client's locale in personal chat.
   */
  lang: Lang;
  /** The alias that matched, normalised. */
  alias: string;
  /** Text after the alias, as typed (mention stripped, trimmed). */
  args: string;
  /** `args` normalised (lower case, no diacritics). */
  normalizedArgs: string;
  /** The whole message without the mention. */
  text: string;
}

/** What a card action answers: Teams shows it to the invoking user only. */
export type InvokeAnswer =
  | { kind: 'card'; card: AdaptiveCard }
  | { kind: 'message'; text: string }
  | { kind: 'error'; status: 400 | 401 | 403 | 404 | 409 | 412 | 500; code: string; message: string };

/** One turn as a feature sees it: who acts, where, in which language, and how to answer them. */
export interface Turn {
  readonly where: Where;
  readonly actor: Actor;
  /** The language to answer this user in: the typed alias's, the pressed card's, else the client's. */
  readonly lang: Lang;
  /** The language of the person's Teams client (its locale), whatever the alias or card said. */
  readonly clientLang: Lang;
  /** For a card action: the id of the message holding the pressed card; undefined otherwise. */
  readonly cardMessageId?: string;
  /** For a card action: true when Teams sent it as an automatic `refresh`, not as a press. */
  readonly automatic: boolean;
  /** A reference back into this conversation, to store for later posts (opaque). */
  readonly reference: StoredReference;
  /** Answers with text in this conversation; resolves to the id of the message sent. */
  reply(text: string): Promise<string | undefined>;
  /** Answers with one Adaptive Card in this conversation; resolves to the id of the message sent. */
  replyCard(card: AdaptiveCard): Promise<string | undefined>;
  /** The team's or chat's member by Teams user id or Entra object id; undefined when not a member. */
  rosterMember(userId: string): Promise<RosterMember | undefined>;
}

/** A chat command, declared as data. Aliases are matched case- and diacritic-insensitively, longest first. */
export interface CommandTrigger<D> {
  id: string;
  aliases: { sv: string[]; en: string[] };
  /** One line for the help card, per language. */
  help: { sv: string; en: string };
  /** Shown in the help card with this usage instead of the first alias. */
  usage?: { sv: string; en: string };
  /** Whether the help card lists it (false for aliases of another command's feature). */
  listed?: boolean;
  handler: (deps: D, turn: Turn, input: CommandInput) => Promise<void>;
}

/** A command as the help card and the manifest see it: its words and help lines, not its handler. */
export interface CommandInfo {
  id: string;
  aliases: { sv: string[]; en: string[] };
  help: { sv: string; en: string };
  usage?: { sv: string; en: string };
  listed?: boolean;
}

/** Every registered chat command, in registration order (the help card lists them). */
export interface CommandCatalog {
  list(): readonly CommandInfo[];
}

/** An `Action.Execute` verb, declared as data: the edge validates the card data before the handler runs. */
export interface VerbTrigger<D> {
  verb: string;
  /** Validates raw card data; malformed or hostile data gets a 400 and reaches no handler. */
  parse: (raw: unknown) => { success: true; data: unknown } | { success: false };
  handler: (deps: D, turn: Turn, data: unknown) => Promise<InvokeAnswer>;
}

/** Declares a verb with its schema; the handler gets the parsed data with the schema's type. */
export function verb<D, S extends z.ZodTypeAny>(
  name: string,
  schema: S,
  handler: (deps: D, turn: Turn, data: z.infer<S>) => Promise<InvokeAnswer>
): VerbTrigger<D> {
  return {
    verb: name,
    parse: (raw) => {
      const parsed = schema.safeParse(raw);
      return parsed.success ? { success: true, data: parsed.data as unknown } : { success: false };
    },
    handler: (deps, turn, data) => handler(deps, turn, data as z.infer<S>)
  };
}

/**
 * A scheduled job (cron syntax, in `timezone`). Schedule and time zone may be read from the feature's
 * dependencies (its configuration) when the edge registers the job.
 */
export interface JobTrigger<D> {
  name: string;
  schedule: string | ((deps: D) => string);
  timezone: string | ((deps: D) => string);
  run: (deps: D, now: Date) => Promise<void>;
}

/** Conversation events the edge reports: the bot added to or removed from a team or chat, members leaving. */
export type ConversationEvent =
  | { kind: 'botAdded' }
  | { kind: 'botRemoved' }
  | { kind: 'membersRemoved'; members: ReadonlyArray<{ teamsUserId: string; aadObjectId?: string }> };

export interface EventTrigger<D> {
  handler: (deps: D, turn: Turn, event: ConversationEvent) => Promise<void>;
}

/** A handler for messages no command matched; resolves true when it answered. */
export interface FallbackTrigger<D> {
  handler: (deps: D, turn: Turn, text: string, lang: Lang | undefined) => Promise<boolean>;
}

/** Where a group's cards go: its posting conversation, unless the bot was removed from it. */
export interface GroupTarget {
  id: string;
  postConversationId: string;
  botRemovedAt?: string;
}

/**
 * The outcome of a post or card update through the outbound queue. `failed`: certainly not posted
 * (`botRemoved` when the bot is no longer in the conversation); `uncertain`: Teams may or may not have
 * posted it, so it must not be resent automatically. `reason` is the connector's, without personal data.
 */
export type ChannelOutcome =
  | { status: 'sent'; activityId: string }
  | { status: 'notPosted'; reason: 'botRemoved' | 'noReference' }
  | { status: 'failed'; reason?: string; botRemoved?: boolean }
  | { status: 'uncertain'; reason?: string };

/**
 * The one way features post into a group and update posted cards: through the outbound queue (paced,
 * retried), marking a group whose bot was removed once, and updating a pressed card only when the
 * access layer's invoke-binding check (`src/access/card-binding.ts`) allows it.
 */
export interface GroupChannel {
  /** Posts a card into the group's channel or chat. */
  post(group: GroupTarget, card: AdaptiveCard): Promise<ChannelOutcome>;
  /** Sends a text or card to a person's or conversation's stored reference (1:1 reminders, a link request). */
  sendTo(reference: StoredReference, message: string | AdaptiveCard): Promise<ChannelOutcome>;
  /** Replaces a card posted earlier, for everyone, and waits for the outcome (jobs, retention). */
  replace(reference: StoredReference, activityId: string, card: AdaptiveCard): Promise<ChannelOutcome>;
  /**
   * Replaces, for everyone, the card the turn's invoke came from, if the binding check allows it for
   * `bound` (the object's group and recorded cards as stored). Runs after the invoke is answered and is
   * not awaited; failures are logged, never shown to the person who pressed. Returns the decision.
   */
  updatePressed(turn: Turn, groupId: string | undefined, bound: { groupId: string; cards: readonly CardRecord[] } | undefined, card: AdaptiveCard): { allowed: boolean; reason: string };
  /** Replaces a recorded card of a group for everyone, not awaited (a later state of the same object). */
  refresh(group: GroupTarget, posted: CardRecord, card: AdaptiveCard, what: string): void;
  /** Posts a text into the group's channel or chat, mentioning people (each mention's `text` occurs in `text`). */
  postText(group: GroupTarget, message: GroupText): Promise<ChannelOutcome>;
}

/** A person mentioned in a group text: Teams shows `text` (`<at>Name</at>`) as a link to them. */
export interface Mention {
  teamsUserId: string;
  name: string;
  text: string;
}

/** A text message for a group, with the people it mentions. */
export interface GroupText {
  text: string;
  mentions?: readonly Mention[];
}

/** What a model tool hands back: text (JSON) the model reads next, or `answered` when the tool answered the asker itself. */
export type ModelToolResult = { kind: 'result'; text: string } | { kind: 'answered' };

/**
 * A tool the prompt declares (`prompts/ask/actions.json`), run when the language model calls it. `args`
 * come from the model: untrusted, validate them; compute scope from the turn, never from the arguments.
 */
export interface ModelTool {
  name: string;
  run(turn: Turn, args: unknown): Promise<ModelToolResult>;
}

/** One free-text question for the language model. */
export interface ModelQuestion {
  text: string;
  /** Values the prompt reads as `temp.<name>` (the reply language, today's date). */
  promptValues: Record<string, string>;
  /** Longest the run may take; after it nothing more is sent and the caller answers deterministically. */
  deadlineMs: number;
  /** Whether the model's own text answer may be sent (no personal data, say); false drops it. */
  acceptAnswer(text: string): boolean;
}

/** How a question through the model ended: answered, or why not (the caller then answers deterministically). */
export type ModelOutcome =
  | { answered: true }
  | { answered: false; reason: 'timeout' | 'noAnswer' | 'failed'; failure?: { reason: string; status?: number } };

/**
 * The language model behind free-text questions (the host's planner on Azure OpenAI). A feature gets it
 * as `ctx.languageModel`, undefined when none is configured. The host logs each outcome (no question text).
 */
export interface LanguageModel {
  answer(turn: Turn, question: ModelQuestion, tools: readonly ModelTool[]): Promise<ModelOutcome>;
}
