import type { Application, TurnState } from '@microsoft/teams-ai';
import { ActivityTypes, type TurnContext } from 'botbuilder';
import { onVerb } from './bot/card-actions';
import type { CommandRouter } from './bot/commands';
import type { ConversationEvent, Turn } from './bot/port';
import type { FeatureContext, FeatureDefinition, FeatureHost } from './features/feature';

/** Turns a Bot Framework turn into the `Turn` features see (see src/bot/turn-port.ts). */
export type TurnFor = (context: TurnContext) => Turn;

/** A conversation event bound to its feature's dependencies. */
type EventHandler = (turn: Turn, event: ConversationEvent) => Promise<void>;

/**
 * The host side of `FeatureDefinition`: registers each trigger of a definition with the Teams AI
 * application, the command router and the job list, with its feature's dependencies bound. Conversation
 * events are collected and dispatched by one route (`installEvents`) registered after every feature.
 */
export class TeamsFeatureHost implements FeatureHost {
  private readonly events: EventHandler[] = [];

  constructor(
    readonly ctx: FeatureContext,
    private readonly app: Application<TurnState>,
    private readonly router: CommandRouter,
    private readonly turnFor: TurnFor
  ) {}

  add<D>(definition: FeatureDefinition<D>, deps: D): void {
    const { turnFor } = this;
    for (const trigger of definition.commands ?? []) {
      const { handler, ...words } = trigger;
      this.router.register({ ...words, handler: (context, input) => handler(deps, turnFor(context), input) });
    }
    for (const trigger of definition.verbs ?? []) {
      onVerb(this.app, trigger.verb, trigger.parse, (context, data) => trigger.handler(deps, turnFor(context), data));
    }
    for (const trigger of definition.fallbacks ?? []) {
      this.router.fallback((context, text, lang) => trigger.handler(deps, turnFor(context), text, lang));
    }
    for (const job of definition.jobs ?? []) {
      const schedule = typeof job.schedule === 'function' ? job.schedule(deps) : job.schedule;
      const timezone = typeof job.timezone === 'function' ? job.timezone(deps) : job.timezone;
      this.ctx.jobs.add({ name: job.name, schedule, timezone, run: (now) => job.run(deps, now) });
    }
    for (const mount of definition.http ?? []) this.ctx.http.push((server) => mount(deps, server));
    for (const trigger of definition.events ?? []) this.events.push((turn, event) => trigger.handler(deps, turn, event));
  }

  /**
   * Routes `conversationUpdate` activities that add or remove members to the event triggers. Register it
   * after every feature: a not yet migrated feature's own `app.conversationUpdate` route still wins.
   */
  installEvents(): void {
    if (this.events.length === 0) return;
    this.app.addRoute(
      async (context) =>
        context.activity.type === ActivityTypes.ConversationUpdate &&
        ((context.activity.membersAdded?.length ?? 0) > 0 || (context.activity.membersRemoved?.length ?? 0) > 0),
      async (context) => {
        const turn = this.turnFor(context);
        for (const event of conversationEvents(context)) {
          for (const handler of this.events) await handler(turn, event);
        }
      }
    );
  }
}

/** The events one `conversationUpdate` carries: the bot added or removed, people leaving. */
export function conversationEvents(context: TurnContext): ConversationEvent[] {
  const botId = context.activity.recipient?.id;
  const added = context.activity.membersAdded ?? [];
  const removed = context.activity.membersRemoved ?? [];
  const events: ConversationEvent[] = [];
  if (added.some((m) => m.id === botId)) events.push({ kind: 'botAdded' });
  if (removed.some((m) => m.id === botId)) events.push({ kind: 'botRemoved' });
  const leaving = removed.filter((m) => m.id !== botId).map((m) => ({ teamsUserId: m.id, aadObjectId: m.aadObjectId?.toLowerCase() }));
  if (leaving.length > 0) events.push({ kind: 'membersRemoved', members: leaving });
  return events;
}
