import type { Logger } from 'pino';
import type { Server } from 'restify';
import type { Clock } from '../clock';
import type { Config } from '../config';
import type { CommandCatalog, CommandTrigger, EventTrigger, FallbackTrigger, GroupChannel, JobTrigger, LanguageModel, VerbTrigger } from '../bot/port';
import type { Claims } from '../store/claims';
import type { Store } from '../store/store';
import type { AccessResolver } from './groups/access';
import type { ConversationRepository } from './groups/conversation-repository';
import type { GroupRepository, MemberRepository } from './groups/group-repository';
import type { LinkRepository } from './groups/link-repository';
import type { GroupAuditLog } from '../audit/group-audit-repository';
import type { Jobs } from '../jobs';
import type { AskTopicRegistry } from './ask/topics';
import type { SummarySourceRegistry } from './summaries/sources';
import type { MembershipEvents } from './membership-events';
import type { ReadModelRegistry } from '../store/read-models';

/** The repositories every feature may read through. */
export interface Repositories {
  groups: GroupRepository;
  members: MemberRepository;
  conversations: ConversationRepository;
  /** Links from SSPF groups to steering groups: the only reach a steering group has. */
  links: LinkRepository;
  /** The append-only group audit log (registration, settings, membership, links, admin acts). */
  groupAudit: GroupAuditLog;
}

/** What a feature gets to register its commands, card verbs, events, HTTP routes and jobs. */
export interface FeatureContext {
  /** Every chat command of every feature (the help card, the ask feature's topics). */
  commands: CommandCatalog;
  /** The one way to post into a group and update posted cards (outbound queue, removal, binding check). */
  channel: GroupChannel;
  /** The language model for free-text questions; undefined without Azure OpenAI settings. */
  languageModel?: LanguageModel;
  config: Config;
  logger: Logger;
  clock: Clock;
  store: Store;
  repos: Repositories;
  access: AccessResolver;
  /** Scheduled jobs: features only add theirs (prefer `jobs` in a `FeatureDefinition`). */
  jobs: Pick<Jobs, 'add'>;
  /** Exactly-once claims (summaries, reminders) shared by all instances. */
  claims: Claims;
  /** Adds HTTP routes next to /api/messages (e.g. an endpoint an external scheduler calls). */
  http: Array<(server: Server) => void>;
  /** Questions staff can ask in chat (overdue actions, next meeting…): register a topic to answer one. */
  askTopics: AskTopicRegistry;
  /** Where features register the figures their section of the weekly summary shows (counts only). */
  summarySources: SummarySourceRegistry;
  /** Membership changes (groups emits, cases listens: views and refresh lists follow at once). */
  membershipEvents: MembershipEvents;
  /** Where features register their read models: one sweep job (start + every few minutes) and `npm run rebuild-read-models` reach them all. */
  readModels: ReadModelRegistry;
}

/**
 * A feature as data: `setup` builds its dependencies (services, repositories) once from the context,
 * and each trigger points to a named module-level handler `(deps, turn, input)`. The edge (app.ts)
 * registers the triggers; a feature never sees the Teams SDK.
 */
export interface FeatureDefinition<D> {
  name: string;
  setup(ctx: FeatureContext): D;
  commands?: CommandTrigger<D>[];
  verbs?: VerbTrigger<D>[];
  jobs?: JobTrigger<D>[];
  events?: EventTrigger<D>[];
  fallbacks?: FallbackTrigger<D>[];
  /** HTTP routes next to /api/messages (e.g. an endpoint an external scheduler calls). */
  http?: Array<(deps: D, server: Server) => void>;
}

/** What installs a definition's triggers: app.ts implements it. */
export interface FeatureHost {
  readonly ctx: FeatureContext;
  add<D>(definition: FeatureDefinition<D>, deps: D): void;
}

/** A definition ready for the feature list, its dependency type kept inside (see `defineFeature`). */
export interface DefinedFeature {
  name: string;
  install(host: FeatureHost): void;
}

/** Wraps a definition for the feature list (`FEATURES`): setup runs once, then the host adds the triggers. */
export function defineFeature<D>(definition: FeatureDefinition<D>): DefinedFeature & { definition: FeatureDefinition<D> } {
  return { name: definition.name, definition, install: (host) => host.add(definition, definition.setup(host.ctx)) };
}

/** An entry of the feature list. */
export type AnyFeature = DefinedFeature;
