import { createHash, randomBytes } from 'node:crypto';
import { decideCaseLog, decideCaseLogPlace, type CaseLogDecision } from '../../access/case-access';
import type { GroupAuditEntry } from '../../audit/group-audit-repository';
import type { SecurityEvent } from '../../audit/security-log-repository';
import { auditCsv, type AuditEntry } from '../../privacy/audit';
import { viewerChangesDuring } from '../../audit/viewer-changes';
import { CaseAuditor } from './case-audit';
import { accessInput, findCase, isAdmin, membershipOf, type CaseActor, type CaseDeps } from './case-deps';
import type { CaseFile } from './model';

/** The outcome of `logg K-…`. */
export type ReadLogResult =
  | { ok: false; reason: Exclude<CaseLogDecision, { allowed: true }>['reason'] }
  | { ok: true; caseFile: CaseFile; entries: AuditEntry[]; names: Map<string, string>; viewerChanges: GroupAuditEntry[] };

/** The outcome of the export button: a one-time link (the token is shown once, only its hash is stored). */
export type ExportLinkResult = { ok: false; reason: Exclude<CaseLogDecision, { allowed: true }>['reason'] } | { ok: true; url: string };

/** The outcome of the export download: a CSV file, or an HTTP refusal. */
export type DownloadResult = { ok: false; status: 403 | 404 | 503 } | { ok: true; csv: string; filename: string };

/** The outcome of `säkerhetslogg`. */
export type SecurityLogResult = { ok: false; reason: 'personalChatOnly' | 'adminOnly' } | { ok: true; events: SecurityEvent[] };

const hashOf = (token: string) => `x:${createHash('sha256').update(token).digest('base64url')}`;

/** The case log: reading it (itself audited), its CSV export, and the tenant's security log. */
export class CaseLogService {
  private readonly auditor: CaseAuditor;

  constructor(private readonly deps: CaseDeps) {
    this.auditor = new CaseAuditor(deps);
  }

  /** `logg K-…`: coordinators of the owning group, in personal chat only (decided before anything is read). */
  async read(who: CaseActor, pseudonym: string): Promise<ReadLogResult> {
    const place = decideCaseLogPlace(who.where.kind);
    if (!place.allowed) return { ok: false, reason: place.reason };
    const a = await findCase(this.deps, who, pseudonym);
    const decision = decideCaseLog(accessInput(this.deps, a));
    if (!decision.allowed || !a.caseFile) {
      const reason = decision.allowed ? 'noAccess' : decision.reason;
      await this.auditor.recordRefusal(a, pseudonym, 'log', 'command', reason);
      return { ok: false, reason };
    }
    const c = a.caseFile;
    await this.auditor.record(a, c.id, { action: 'log', via: 'command', decision: 'allowed', reason: 'read' });
    const [entries, members] = await Promise.all([this.deps.audit.listForCase(c.groupId, c.id), this.deps.members.list(c.groupId)]);
    const names = new Map(members.map((m) => [m.aadObjectId, m.name ?? m.aadObjectId]));
    const viewerChanges = viewerChangesDuring(entries, await this.deps.groupAudit.listForGroup(c.groupId));
    return { ok: true, caseFile: c, entries, names, viewerChanges };
  }

  /** The export button: a one-time link valid for 10 minutes, for coordinators in personal chat. */
  async issueExportLink(who: CaseActor, groupId: string): Promise<ExportLinkResult> {
    const aad = who.actor.aadObjectId;
    const member = aad ? await this.deps.members.get(groupId, aad) : undefined;
    const group = await this.deps.groups.get(groupId);
    const decision = decideCaseLog({
      actor: { aadObjectId: aad, tenantId: who.where.tenantId, isAdmin: isAdmin(this.deps, aad) },
      membership: membershipOf(member),
      place: who.where.kind,
      caseFile: group && { groupId: group.id, tenantId: group.tenantId, status: 'open' },
      allowedTenants: this.deps.config.allowedTenants
    });
    await this.auditor.record({ ...who, member }, '*', {
      groupId, action: 'export', via: 'execute', decision: decision.allowed ? 'allowed' : 'refused', reason: decision.allowed ? 'linkIssued' : decision.reason
    });
    if (!decision.allowed || !aad) return { ok: false, reason: decision.allowed ? 'unregistered' : decision.reason };
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(this.deps.clock.now().getTime() + 10 * 60000).toISOString();
    await this.deps.cases.createExportLink({ id: hashOf(token), groupId, requestedBy: aad, expiresAt });
    return { ok: true, url: `${this.deps.config.cases.publicBaseUrl}/api/cases/log-export?token=${token}` };
  }

  /**
   * The download, outside Teams: the link works once; the place was checked when it was issued, role and
   * membership are re-checked now (a coordinator removed since the click gets nothing).
   */
  async download(token: string): Promise<DownloadResult> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return { ok: false, status: 404 };
    const now = this.deps.clock.now();
    const link = await this.deps.cases.consumeExportLink(hashOf(token), now);
    if (!link) return { ok: false, status: 404 };
    const [member, group] = await Promise.all([this.deps.members.get(link.groupId, link.requestedBy), this.deps.groups.get(link.groupId)]);
    const ok = decideCaseLog({
      actor: { aadObjectId: link.requestedBy, tenantId: group?.tenantId ?? 'local', isAdmin: isAdmin(this.deps, link.requestedBy) },
      membership: membershipOf(member),
      place: 'personal',
      caseFile: group && { groupId: group.id, tenantId: group.tenantId, status: 'open' },
      allowedTenants: group?.tenantId ? this.deps.config.allowedTenants : []
    }).allowed;
    try {
      await this.auditor.append({
        groupId: link.groupId, caseId: '*', at: now.toISOString(), actorAadObjectId: link.requestedBy, conversationId: '-', conversationType: 'system',
        action: 'export', via: 'http', decision: ok ? 'allowed' : 'refused', reason: ok ? 'downloaded' : 'notCoordinator', viewerAgency: member?.agency
      });
    } catch (err) {
      this.deps.logger.error({ err: (err as Error).message, groupId: link.groupId }, 'audit write failed; export refused');
      return { ok: false, status: 503 };
    }
    if (!ok) return { ok: false, status: 403 };
    const [entries, members] = await Promise.all([this.deps.audit.listForGroup(link.groupId), this.deps.members.list(link.groupId)]);
    return { ok: true, csv: auditCsv(entries, new Map(members.map((m) => [m.aadObjectId, m.name ?? '']))), filename: `trygg-logg-${now.toISOString().slice(0, 10)}.csv` };
  }

  /** `säkerhetslogg`: the tenant's last 50 attempts to reach a case without access; admins, personal chat only. */
  async securityLog(who: CaseActor): Promise<SecurityLogResult> {
    if (!decideCaseLogPlace(who.where.kind).allowed) return { ok: false, reason: 'personalChatOnly' };
    const tenantId = who.where.tenantId;
    const { allowedTenants } = this.deps.config;
    if (!tenantId || !isAdmin(this.deps, who.actor.aadObjectId) || (allowedTenants.length > 0 && !allowedTenants.includes(tenantId))) return { ok: false, reason: 'adminOnly' };
    return { ok: true, events: await this.deps.security.listForTenant(tenantId, 50) };
  }
}
