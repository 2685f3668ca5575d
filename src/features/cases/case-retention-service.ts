import { CaseAuditor } from './case-audit';
import type { CaseDeps } from './case-deps';
import type { CaseFile } from './model';
import { reconcile } from './posted-cards';
import { applyRetention, auditCutoff, retentionDue } from './retention';
import { removeCaseCopies } from './retention-copies';

/** What is due now and what the last run deleted, as counts (never case data). */
export interface RetentionStatus {
  dueDetails: number;
  dueConsents: number;
  dueAuditEntries: number;
  last?: { at: string; caseDetails: number; consents: number; auditEntries: number };
}

/** Retention (gallring) and the jobs that make consent expiry and membership changes take effect. */
export class CaseRetentionService {
  private readonly auditor: CaseAuditor;

  constructor(private readonly deps: CaseDeps) {
    this.auditor = new CaseAuditor(deps);
  }

  /** `gallring`: what is due in the group and what the last run deleted (the caller checked the coordinator). */
  async status(groupId: string): Promise<RetentionStatus> {
    const now = this.deps.clock.now();
    const rules = this.deps.config.cases;
    let dueDetails = 0;
    let dueConsents = 0;
    for (const c of await this.deps.cases.listByGroup(groupId)) {
      const due = retentionDue(c, rules, now);
      if (due.details) dueDetails++;
      dueConsents += due.consentIds.length;
    }
    const dueAuditEntries = await this.deps.audit.countOlderThan(groupId, auditCutoff(rules, now));
    const last = (await this.deps.cases.retentionReport(groupId))?.runs[0];
    return { dueDetails, dueConsents, dueAuditEntries, last };
  }

  /** Daily: details of closed cases, ended consents and old audit entries are deleted, with every copy of the text. */
  async run(now: Date): Promise<void> {
    for (const group of await this.deps.groups.listAll()) await this.runForGroup(group.id, now);
    // Older copies in local persistence (snapshots, journal segments) must not keep what was deleted.
    await this.deps.store.compact();
  }

  private async runForGroup(groupId: string, now: Date): Promise<void> {
    let caseDetails = 0;
    let consents = 0;
    for (const c of await this.deps.cases.listByGroup(groupId)) {
      const planned = retentionDue(c, this.deps.config.cases, now);
      if (!planned.details && planned.consentIds.length === 0) continue;
      const applied = await this.applyTo(c, now);
      if (applied.details) caseDetails++;
      consents += applied.consentIds;
    }
    const auditEntries = await this.deps.audit.deleteOlderThan(groupId, auditCutoff(this.deps.config.cases, now));
    if (caseDetails + consents + auditEntries > 0) {
      await this.auditor.append({
        groupId, caseId: '*', at: now.toISOString(), actorAadObjectId: 'system', conversationId: '-', conversationType: 'system',
        action: 'retention', via: 'job', decision: 'allowed', reason: `deleted:details=${caseDetails},consents=${consents},audit=${auditEntries}`
      });
      this.deps.logger.info({ groupId, caseDetails, consents, auditEntries }, 'retention deleted case data');
    }
    await this.deps.cases.recordRetention(groupId, { at: now.toISOString(), caseDetails, consents, auditEntries });
  }

  private async applyTo(c: CaseFile, now: Date): Promise<{ details: boolean; consentIds: number }> {
    let applied = { details: false, consentIds: [] as string[] };
    let before: CaseFile | undefined;
    await this.deps.cases.update(c.groupId, c.id, (cur) => {
      if (!cur) return undefined;
      before = cur;
      applied = retentionDue(cur, this.deps.config.cases, now);
      return applied.details || applied.consentIds.length > 0 ? applyRetention(cur, applied, now) : undefined;
    });
    if (applied.details && before) {
      // Every copy of the case's text goes too: linked indicated actions, agendas and notes repeating it.
      const copies = await removeCaseCopies(this.deps.store, before, now);
      if (copies.actions + copies.meetings > 0) this.deps.logger.info({ groupId: c.groupId, caseId: c.id, ...copies }, 'retention removed copies of case text');
      await reconcile(this.deps, c.groupId, c.id, false);
    }
    return { details: applied.details, consentIds: applied.consentIds.length };
  }

  /** Hourly: expired consents take effect on personal-chat messages that showed details. */
  async applyConsentExpiry(): Promise<void> {
    for (const group of await this.deps.groups.listAll()) {
      for (const c of await this.deps.cases.listByGroup(group.id)) {
        if (c.shownViews.length > 0) await reconcile(this.deps, group.id, c.id, false);
      }
    }
  }

  /**
   * A membership change takes effect at once: earlier detail messages to someone who lost access are
   * replaced, and every posted case card of the group gets the new refresh list (membership, not consent).
   */
  async membershipChanged(groupId: string): Promise<void> {
    for (const c of await this.deps.cases.listByGroup(groupId)) {
      if (c.shownViews.length > 0 || c.postedCards.length > 0) await reconcile(this.deps, groupId, c.id, true);
    }
  }
}
