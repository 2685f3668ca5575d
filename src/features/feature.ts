import type { Application, TurnState } from '@microsoft/teams-ai';
import type { Logger } from 'pino';
import type { Server } from 'restify';
import type { Clock } from '../clock';
import type { Config } from '../config';
import type { CommandRouter } from '../bot/commands';
import type { OutboundQueue } from '../bot/outbound';
import type { Messenger } from '../bot/proactive';
import type { Roster } from '../bot/roster';
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
  app: Application<TurnState>;
  router: CommandRouter;
  config: Config;
  logger: Logger;
  clock: Clock;
  store: Store;
  repos: Repositories;
  access: AccessResolver;
  messenger: Messenger;
  /** Roster look-ups (who is in the team or chat) for the current turn. */
  roster: Roster;
  /** The paced, retrying path for proactive messages and card updates: use it rather than `messenger`. */
  outbound: OutboundQueue;
  jobs: Jobs;
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
}

/** A feature: one folder under src/features that registers itself. */
export interface Feature {
  name: string;
  register(ctx: FeatureContext): void;
}
