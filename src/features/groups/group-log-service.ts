import { createHash, randomBytes } from 'node:crypto';
import type { GroupDenyReason } from '../../access/group-access';
import { accessLogCsv } from '../../audit/access-log-csv';
import type { AccessLogLinks } from '../../audit/access-log-links';
import type { AuditLog } from '../../audit/case-audit-repository';
import type { GroupAuditEntry } from '../../audit/group-audit-repository';
import type { Actor, Where } from '../../bot/port';
import { normalizeText } from '../../i18n';
import { decideInScope, type GroupServiceDeps } from './group-service';
import type { Group, Member } from './model';

/** How many entries `grupplogg` shows in chat; the export has them all. */
export const LOG_SHOWN = 40;
const LINK_MINUTES = 10;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** `grupplogg [export [from to]] [group name]`, read from what follows the command word. */
export interface LogArgs {
  exportPeriod: boolean;
  from?: string;
  to?: string;
  name: string;
  badPeriod: boolean;
}

/** `[export] [from to] [group name]` after the command word. */
export function parseLogArgs(args: string): LogArgs {
  const words = args.trim().split(/\s+/).filter(Boolean);
  const exportPeriod = words.length > 0 && normalizeText(words[0]) === 'export';
  if (exportPeriod) words.shift();
  const dates: string[] = [];
  while (words.length > 0 && /^\d/.test(words[0]) && dates.length < 2) dates.push(words.shift() ?? '');
  const valid = dates.every((d) => DATE.test(d) && !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d));
  const badPeriod = (dates.length > 0 && !exportPeriod) || !valid || dates.length === 1 || (dates.length === 2 && dates[0] > dates[1]);
  return { exportPeriod, from: dates[0], to: dates[1], name: words.join(' '), badPeriod };
}

/** What the log reader needs to name people and linked groups in the entries shown. */
export interface LogPage {
  group: Group;
  entries: GroupAuditEntry[];
  total: number;
  /** Display names of current members by Entra id, for entries stored without a name. */
  names: ReadonlyMap<string, string>;
  /** Names of linked groups by id. */
  others: ReadonlyMap<string, string>;
}

export type LogAnswer =
  | { ok: true; kind: 'log'; page: LogPage }
  | { ok: true; kind: 'export'; group: Group; from: string; to: string; token: string }
  | { ok: false; reason: 'personalOnly' | 'notMember' | 'badPeriod' | 'noGroups' }
  | { ok: false; reason: 'chooseGroup'; names: string[] }
  | { ok: false; reason: 'refused'; denied: GroupDenyReason };

export type DownloadResult =
  | { ok: true; csv: string; from: string; to: string }
  | { ok: false; status: 404 | 403 | 503 };

const tokenId = (token: string) => `ga:${createHash('sha256').update(token).digest('base64url')}`;

/**
 * The group log for coordinators (and admins) and the one-time CSV export of a group's whole access log
 * (group log plus its cases' logs). Answered only in personal chat; reading and exporting are logged too.
 */
export class GroupLogService {
  constructor(private readonly deps: GroupServiceDeps & { exportLinks: AccessLogLinks; caseAudit: AuditLog }) {}

  /** The groups this person may read the log of: where they coordinate; for an admin, every group of their tenant. */
  async logGroups(aad: string, tenantId: string | undefined): Promise<Group[]> {
    const { repos, isAdmin } = this.deps;
    const memberships = (await repos.members.membershipsOf(aad)).filter((m) => m.roles.includes('samordnare'));
    const out = (await Promise.all(memberships.map((m) => repos.groups.get(m.groupId)))).filter((g): g is Group => !!g);
    if (isAdmin(aad)) for (const g of await repos.groups.listAll()) if (g.tenantId === tenantId && !out.some((o) => o.id === g.id)) out.push(g);
    return out.sort((a, b) => a.name.localeCompare(b.name, 'sv'));
  }

  /**
   * `grupplogg` with its arguments: the latest entries, or a one-time export link. `groupId` (a help card
   * button) narrows the choice to that group, among those the person may read anyway.
   */
  async open(where: Where, actor: Actor, args: LogArgs, now: Date, groupId?: string): Promise<LogAnswer> {
    // The same neutral answer in every channel and group chat: it depends on nothing stored.
    if (where.kind !== 'personal') return { ok: false, reason: 'personalOnly' };
    const aad = actor.aadObjectId;
    if (!aad) return { ok: false, reason: 'notMember' };
    if (args.badPeriod) return { ok: false, reason: 'badPeriod' };
    let candidates = await this.logGroups(aad, where.tenantId);
    if (args.name) candidates = candidates.filter((g) => normalizeText(g.name).includes(normalizeText(args.name)));
    if (groupId !== undefined) candidates = candidates.filter((g) => g.id === groupId);
    if (candidates.length === 0) return { ok: false, reason: 'noGroups' };
    if (candidates.length > 1) return { ok: false, reason: 'chooseGroup', names: candidates.map((g) => g.name) };
    const group = candidates[0];
    // Decided again from the store: the membership as it is now, the admin flag from configuration.
    const member = await this.deps.repos.members.get(group.id, aad);
    const decision = decideInScope(this.deps, { where, actor, group, member }, { kind: args.exportPeriod ? 'exportLog' : 'readLog' }, 'personal', now);
    const entry = {
      groupId: group.id, at: now.toISOString(), actorAadObjectId: aad, actorName: actor.name, conversationType: 'personal' as const, via: 'command' as const,
      action: args.exportPeriod ? ('export' as const) : ('log' as const)
    };
    if (!decision.allow) {
      await this.deps.repos.groupAudit.append({ ...entry, actingAs: member ? 'member' : 'none', decision: 'refused', reason: decision.reason });
      return { ok: false, reason: 'refused', denied: decision.reason };
    }
    await this.deps.repos.groupAudit.append({ ...entry, actingAs: decision.as, decision: 'allowed', reason: args.exportPeriod ? 'linkIssued' : 'read' });
    return args.exportPeriod ? this.issueLink(group, aad, where.tenantId, args, now, decision.as) : { ok: true, kind: 'log', page: await this.page(group) };
  }

  private async issueLink(group: Group, aad: string, tenantId: string | undefined, args: LogArgs, now: Date, as: string): Promise<LogAnswer> {
    const from = args.from ?? '2000-01-01';
    const to = args.to ?? now.toISOString().slice(0, 10);
    const token = randomBytes(32).toString('base64url');
    await this.deps.exportLinks.create({
      id: tokenId(token), groupId: group.id, requestedBy: aad, tenantId, from, to, expiresAt: new Date(now.getTime() + LINK_MINUTES * 60000).toISOString()
    });
    this.deps.logger.info({ groupId: group.id, actingAs: as }, 'access-log export link issued');
    return { ok: true, kind: 'export', group, from, to, token };
  }

  private async page(group: Group): Promise<LogPage> {
    const { repos } = this.deps;
    const all = await repos.groupAudit.listForGroup(group.id);
    const entries = all.slice(-LOG_SHOWN);
    const members: Member[] = await repos.members.list(group.id);
    const otherIds = [...new Set(entries.map((e) => e.linkedGroupId).filter((id): id is string => !!id))];
    const others = (await Promise.all(otherIds.map((id) => repos.groups.get(id)))).filter((g): g is Group => !!g);
    return {
      group, entries, total: all.length,
      names: new Map(members.map((m) => [m.aadObjectId, m.name ?? m.aadObjectId])),
      others: new Map(others.map((g) => [g.id, g.name]))
    };
  }

  /** The export download: the link works once, and the act is decided again now and logged first. */
  async download(token: string, now: Date): Promise<DownloadResult> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return { ok: false, status: 404 };
    const { repos, logger } = this.deps;
    const link = await this.deps.exportLinks.consume(tokenId(token), now);
    if (!link) return { ok: false, status: 404 };
    // A coordinator removed since the link was issued gets nothing.
    const [group, member] = await Promise.all([repos.groups.get(link.groupId), repos.members.get(link.groupId, link.requestedBy)]);
    const where: Where = { kind: 'personal', conversationId: '', tenantId: link.tenantId };
    const decision = decideInScope(this.deps, { where, actor: { aadObjectId: link.requestedBy, teamsUserId: '' }, group, member }, { kind: 'exportLog' }, 'personal', now);
    try {
      await repos.groupAudit.append({
        groupId: link.groupId, at: now.toISOString(), actorAadObjectId: link.requestedBy, actorName: member?.name, actingAs: decision.allow ? decision.as : member ? 'member' : 'none',
        action: 'export', decision: decision.allow ? 'allowed' : 'refused', reason: decision.allow ? 'downloaded' : decision.reason, conversationType: 'system', via: 'http'
      });
    } catch (err) {
      logger.error({ err: (err as Error).message, groupId: link.groupId }, 'group audit write failed; export refused');
      return { ok: false, status: 503 };
    }
    if (!decision.allow) return { ok: false, status: 403 };
    const from = new Date(`${link.from}T00:00:00Z`);
    const to = new Date(Date.parse(`${link.to}T00:00:00Z`) + 24 * 3600 * 1000);
    const [groupEntries, caseEntries, members] = await Promise.all([
      repos.groupAudit.listForGroup(link.groupId, from, to), this.deps.caseAudit.listForGroup(link.groupId), repos.members.list(link.groupId)
    ]);
    const inPeriod = caseEntries.filter((e) => e.at >= from.toISOString() && e.at < to.toISOString());
    logger.info({ groupId: link.groupId, rows: groupEntries.length + inPeriod.length }, 'access log exported');
    return { ok: true, csv: accessLogCsv(groupEntries, inPeriod, new Map(members.map((m) => [m.aadObjectId, m.name ?? '']))), from: link.from, to: link.to };
  }
}
