import type { Logger } from 'pino';
import { AccessLogLinks } from '../../audit/access-log-links';
import { AuditLog } from '../../audit/case-audit-repository';
import type { GroupChannel } from '../../bot/port';
import type { Clock } from '../../clock';
import type { FeatureContext } from '../feature';
import { PostedForms } from '../shared/posted-forms';
import type { AccessSource } from '../shared/guards';
import type { ConversationRepository } from './conversation-repository';
import { GroupLogService } from './group-log-service';
import type { GroupServiceDeps } from './group-service';
import { LinkService } from './link-service';
import { MembershipService } from './membership-service';
import { RegistrationService } from './registration-service';
import { RosterEventsService } from './roster-events-service';

/** What the groups handlers work with, built once by `setup`. */
export interface GroupsDeps {
  access: AccessSource;
  registration: RegistrationService;
  membership: MembershipService;
  rosterEvents: RosterEventsService;
  links: LinkService;
  groupLog: GroupLogService;
  /** Registration forms the bot posted, for the card-binding check of a settings save. */
  forms: PostedForms;
  channel: GroupChannel;
  conversations: ConversationRepository;
  clock: Clock;
  logger: Logger;
  /** Where the export download link points (PUBLIC_BASE_URL). */
  publicBaseUrl: string;
}

/** Builds the groups services from the feature context. */
export function groupsSetup(ctx: FeatureContext): GroupsDeps {
  const { repos, config, logger, clock, store } = ctx;
  const base: GroupServiceDeps = {
    repos, claims: ctx.claims, membershipEvents: ctx.membershipEvents, logger, isAdmin: (aad) => ctx.access.isAdmin(aad), allowedTenants: config.allowedTenants
  };
  return {
    access: ctx.access,
    registration: new RegistrationService(base),
    membership: new MembershipService({ ...base, clock }),
    rosterEvents: new RosterEventsService(base),
    links: new LinkService(base),
    groupLog: new GroupLogService({ ...base, exportLinks: new AccessLogLinks(store), caseAudit: new AuditLog(store) }),
    forms: new PostedForms(store),
    channel: ctx.channel,
    conversations: repos.conversations,
    clock,
    logger,
    publicBaseUrl: config.cases.publicBaseUrl
  };
}
