import { AuditLog } from '../../audit/case-audit-repository';
import { SecurityLog } from '../../audit/security-log-repository';
import type { FeatureContext } from '../feature';
import type { AccessSource } from '../shared/guards';
import { CaseConsentService } from './case-consent-service';
import type { CaseDeps } from './case-deps';
import { consentReadModelFamily } from './consent-read-model';
import { CaseLifecycleService } from './case-lifecycle-service';
import { CaseLogService } from './case-log-service';
import { CaseRepository } from './case-repository';
import { CaseRetentionService } from './case-retention-service';
import { CaseViewService } from './case-view-service';
import { CaseWorkService } from './case-work-service';
import { HandbookLibrary } from './handbook';

/** What the cases handlers get: the services, the access resolver and what the services read through. */
export interface CasesDeps extends CaseDeps {
  access: AccessSource;
  views: CaseViewService;
  consents: CaseConsentService;
  work: CaseWorkService;
  lifecycles: CaseLifecycleService;
  logs: CaseLogService;
  retention: CaseRetentionService;
}

/** Builds the cases feature once: repositories, services, the summary source, the consents read model and the membership listener. */
export function setupCases(ctx: FeatureContext): CasesDeps {
  const { repos, config } = ctx;
  const deps: CaseDeps = {
    cases: new CaseRepository(ctx.store, config.cases.youthConsentAge),
    audit: new AuditLog(ctx.store),
    security: new SecurityLog(ctx.store),
    handbooks: new HandbookLibrary(),
    groups: repos.groups,
    members: repos.members,
    conversations: repos.conversations,
    groupAudit: repos.groupAudit,
    channel: ctx.channel,
    store: ctx.store,
    clock: ctx.clock,
    logger: ctx.logger,
    config
  };
  ctx.summarySources.register({
    section: 'consents',
    read: async (scope) => ({ kind: 'consents', expiringWithin30Days: await deps.cases.countConsentsExpiringWithin(scope.groupIds, 30, scope.now) })
  });
  ctx.readModels.register(consentReadModelFamily(deps.cases.consentWindows));
  const retention = new CaseRetentionService(deps);
  ctx.membershipEvents.on(({ groupId }) => retention.membershipChanged(groupId));
  return {
    ...deps,
    access: ctx.access,
    views: new CaseViewService(deps),
    consents: new CaseConsentService(deps),
    work: new CaseWorkService(deps),
    lifecycles: new CaseLifecycleService(deps),
    logs: new CaseLogService(deps),
    retention
  };
}
