import { createHash, randomBytes } from 'node:crypto';
import type { TurnContext } from 'botbuilder';
import type { Request, Response } from 'restify';
import { decideGroupAct, type GroupDecision } from '../../access/group-access';
import { accessLogCsv } from '../../audit/access-log-csv';
import { AccessLogLinks } from '../../audit/access-log-links';
import type { GroupAuditEntry } from '../../audit/group-audit-repository';
import type { CommandInput } from '../../bot/commands';
import { actorOf, whereOf } from '../../bot/turn';
import { type Lang, normalizeText } from '../../i18n';
import { commonTexts } from '../../i18n/common';
import { groupLogTexts, groupTexts, labelTexts } from '../../i18n/groups';
import { AuditLog } from '../../audit/case-audit-repository';
import type { FeatureContext } from '../feature';
import type { Group, Member } from './model';

/** How many entries `grupplogg` shows in chat; the export has them all. */
const SHOWN = 40;
const LINK_MINUTES = 10;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** `[export] [from to] [group name]` after the command word. */
export function parseLogArgs(args: string): { exportPeriod: boolean; from?: string; to?: string; name: string; badPeriod: boolean } {
  const words = args.trim().split(/\s+/).filter(Boolean);
  const exportPeriod = words.length > 0 && normalizeText(words[0]) === 'export';
  if (exportPeriod) words.shift();
  const dates: string[] = [];
  while (words.length > 0 && /^\d/.test(words[0]) && dates.length < 2) dates.push(words.shift()!);
  const valid = dates.every((d) => DATE.test(d) && !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d));
  const badPeriod = (dates.length > 0 && !exportPeriod) || !valid || dates.length === 1 || (dates.length === 2 && dates[0] > dates[1]);
  return { exportPeriod, from: dates[0], to: dates[1], name: words.join(' '), badPeriod };
}

/**
 * `grupplogg` / `group log`: the group log for coordinators (and admins), and the one-time CSV export
 * of a group's whole access log (group log plus its cases' logs) for a period. Answered only in
 * personal chat; typed anywhere else, one neutral line that says nothing about any group.
 */
export function registerGroupLog(ctx: FeatureContext): void {
  const { router, repos, access: resolver, clock, logger, config, store } = ctx;
  const links = new AccessLogLinks(store);
  const caseAudit = new AuditLog(store);
  const rules = { allowedTenants: config.allowedTenants };

  /** The groups this person may read the log of: where they coordinate; for an admin, every group of their tenant. */
  const logGroups = async (aad: string, tenantId: string | undefined): Promise<Array<{ group: Group; member?: Member }>> => {
    const memberships = (await repos.members.membershipsOf(aad)).filter((m) => m.roles.includes('samordnare'));
    const found = await Promise.all(memberships.map(async (m) => ({ group: await repos.groups.get(m.groupId), member: m })));
    const out: Array<{ group: Group; member?: Member }> = found.filter((f): f is { group: Group; member: Member } => !!f.group);
    if (resolver.isAdmin(aad)) {
      for (const g of await repos.groups.listAll()) {
        if (g.tenantId === tenantId && !out.some((o) => o.group.id === g.id)) out.push({ group: g, member: undefined });
      }
    }
    return out.sort((a, b) => a.group.name.localeCompare(b.group.name, 'sv'));
  };

  const describe = async (lang: Lang, group: Group, entries: GroupAuditEntry[]): Promise<string> => {
    const t = groupLogTexts(lang);
    const labels = labelTexts(lang) as Record<string, string>;
    const members = await repos.members.list(group.id);
    const names = new Map(members.map((m) => [m.aadObjectId, m.name ?? m.aadObjectId]));
    const otherIds = [...new Set(entries.map((e) => e.linkedGroupId).filter((id): id is string => !!id))];
    const others = new Map((await Promise.all(otherIds.map((id) => repos.groups.get(id)))).filter((g): g is Group => !!g).map((g) => [g.id, g.name]));
    const state = (m?: { agency: string; roles: string[] }) => (m ? `${labels[m.agency] ?? m.agency}, ${m.roles.map((r) => labels[r] ?? r).join(', ')}` : '');
    return entries
      .map((e) => {
        const who = `${e.actorName ?? names.get(e.actorAadObjectId) ?? e.actorAadObjectId}${e.actingAs === 'admin' ? ` (${t.asAdmin})` : ''}`;
        const target = e.targetAadObjectId ? e.targetName ?? names.get(e.targetAadObjectId) ?? e.targetAadObjectId : '';
        const what = t.action(e.action, target, state(e.from), state(e.to), e.linkedGroupId ? others.get(e.linkedGroupId) ?? e.linkedGroupId : '', (e.changed ?? []).join(', '));
        const when = `${e.at.slice(0, 10)} ${e.at.slice(11, 16)} UTC`;
        return `- ${when} · ${who} · ${what}${e.decision === 'refused' ? ` · ${t.refusedBecause(e.reason)}` : ''}`;
      })
      .join('\n');
  };

  router.register({
    id: 'groups.log',
    aliases: { sv: ['grupplogg'], en: ['group log', 'grouplog'] },
    help: {
      sv: 'Samordnare: se gruppens logg (medlemmar, roller, kopplingar) och exportera åtkomstloggen, i personlig chatt.',
      en: "Coordinators: see the group's log (members, roles, links) and export the access log, in personal chat."
    },
    usage: { sv: 'grupplogg [export ÅÅÅÅ-MM-DD ÅÅÅÅ-MM-DD] [grupp]', en: 'group log [export YYYY-MM-DD YYYY-MM-DD] [group]' },
    async handler(context: TurnContext, input: CommandInput) {
      const t = groupLogTexts(input.lang);
      const where = whereOf(context.activity);
      // The same neutral line in every channel and group chat: it depends on nothing stored.
      if (where.kind !== 'personal') return void (await context.sendActivity(t.personalOnly));
      const actor = actorOf(context.activity);
      if (!actor.aadObjectId) return void (await context.sendActivity(commonTexts(input.lang).notMember));
      const args = parseLogArgs(input.args);
      if (args.badPeriod) return void (await context.sendActivity(t.badPeriod));
      let candidates = await logGroups(actor.aadObjectId, where.tenantId);
      if (args.name) candidates = candidates.filter((c) => normalizeText(c.group.name).includes(normalizeText(args.name)));
      if (candidates.length === 0) return void (await context.sendActivity(t.noGroups));
      if (candidates.length > 1) return void (await context.sendActivity(t.chooseGroup(candidates.map((c) => `**${c.group.name}**`).join(', '))));
      const { group } = candidates[0];
      // Decided again from the store: the membership as it is now, the admin flag from configuration.
      const member = await repos.members.get(group.id, actor.aadObjectId);
      const decision: GroupDecision = decideGroupAct({
        actor: { aadObjectId: actor.aadObjectId, tenantId: where.tenantId, admin: resolver.isAdmin(actor.aadObjectId) },
        membership: member,
        group,
        act: { kind: args.exportPeriod ? 'exportLog' : 'readLog' },
        where: 'personal',
        rules,
        now: clock.now()
      });
      const now = clock.now();
      const entry = {
        groupId: group.id, at: now.toISOString(), actorAadObjectId: actor.aadObjectId, conversationType: 'personal' as const, via: 'command' as const,
        action: args.exportPeriod ? ('export' as const) : ('log' as const)
      };
      if (!decision.allow) {
        await repos.groupAudit.append({ ...entry, actorName: actor.name, actingAs: member ? 'member' : 'none', decision: 'refused', reason: decision.reason });
        return void (await context.sendActivity(groupTexts(input.lang).refused(decision.reason)));
      }
      if (args.exportPeriod) {
        const from = args.from ?? '2000-01-01';
        const to = args.to ?? now.toISOString().slice(0, 10);
        await repos.groupAudit.append({ ...entry, actorName: actor.name, actingAs: decision.as, decision: 'allowed', reason: 'linkIssued' });
        const token = randomBytes(32).toString('base64url');
        await links.create({
          id: `ga:${createHash('sha256').update(token).digest('base64url')}`, groupId: group.id, requestedBy: actor.aadObjectId, tenantId: where.tenantId,
          from, to, expiresAt: new Date(now.getTime() + LINK_MINUTES * 60000).toISOString()
        });
        logger.info({ groupId: group.id, actingAs: decision.as }, 'access-log export link issued');
        return void (await context.sendActivity(t.exportLink(group.name, from, to, `${config.cases.publicBaseUrl}/api/groups/access-log?token=${token}`)));
      }
      await repos.groupAudit.append({ ...entry, actorName: actor.name, actingAs: decision.as, decision: 'allowed', reason: 'read' });
      const entries = await repos.groupAudit.listForGroup(group.id);
      const shown = entries.slice(-SHOWN);
      const text = shown.length === 0 ? t.empty(group.name) : `${t.title(group.name, shown.length, entries.length)}\n\n${await describe(input.lang, group, shown)}`;
      await context.sendActivity({ type: 'message', text: `${text}\n\n${t.exportHint}`, textFormat: 'markdown' });
    }
  });

  ctx.http.push((server) =>
    server.get('/api/groups/access-log', async (req: Request, res: Response) => {
      const token = new URL(req.url ?? '/', 'http://localhost').searchParams.get('token') ?? '';
      if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return void res.send(404, { error: 'NotFound' });
      const now = clock.now();
      const link = await links.consume(`ga:${createHash('sha256').update(token).digest('base64url')}`, now);
      if (!link) return void res.send(404, { error: 'NotFound' });
      // Decided again at download time: a coordinator removed since the link was issued gets nothing.
      const [group, member] = await Promise.all([repos.groups.get(link.groupId), repos.members.get(link.groupId, link.requestedBy)]);
      const decision = decideGroupAct({
        actor: { aadObjectId: link.requestedBy, tenantId: link.tenantId, admin: resolver.isAdmin(link.requestedBy) },
        membership: member,
        group,
        act: { kind: 'exportLog' },
        where: 'personal',
        rules,
        now
      });
      try {
        await repos.groupAudit.append({
          groupId: link.groupId, at: now.toISOString(), actorAadObjectId: link.requestedBy, actorName: member?.name, actingAs: decision.allow ? decision.as : member ? 'member' : 'none',
          action: 'export', decision: decision.allow ? 'allowed' : 'refused', reason: decision.allow ? 'downloaded' : decision.reason, conversationType: 'system', via: 'http'
        });
      } catch (err) {
        logger.error({ err: (err as Error).message, groupId: link.groupId }, 'group audit write failed; export refused');
        return void res.send(503, { error: 'AuditUnavailable' });
      }
      if (!decision.allow) return void res.send(403, { error: 'Forbidden' });
      const from = new Date(`${link.from}T00:00:00Z`);
      const to = new Date(Date.parse(`${link.to}T00:00:00Z`) + 24 * 3600 * 1000);
      const [groupEntries, caseEntries, members] = await Promise.all([
        repos.groupAudit.listForGroup(link.groupId, from, to),
        caseAudit.listForGroup(link.groupId),
        repos.members.list(link.groupId)
      ]);
      const inPeriod = caseEntries.filter((e) => e.at >= from.toISOString() && e.at < to.toISOString());
      const csv = accessLogCsv(groupEntries, inPeriod, new Map(members.map((m) => [m.aadObjectId, m.name ?? ''])));
      logger.info({ groupId: link.groupId, rows: groupEntries.length + inPeriod.length }, 'access log exported');
      res.writeHead(200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="trygg-atkomstlogg-${link.from}-${link.to}.csv"`,
        'cache-control': 'no-store'
      });
      res.end(csv);
    })
  );
}
