import { DateTime } from 'luxon';
import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import type { CommandInput, InvokeAnswer, Turn } from '../../bot/port';
import { caseTexts } from '../../i18n/cases';
import { groupLogTexts, labelTexts } from '../../i18n/groups';
import { viewerChangesText } from '../../audit/viewer-changes';
import { guardCommand, requireCoordinator } from '../shared/guards';
import { exportCard, retentionCard } from './cards';
import { handbookOf } from './case-deps';
import { caseActor, pseudonymOf, refusalText, refused } from './handlers-shared';
import { logCard } from './log-card';
import type { CasesDeps } from './setup';
import { STOCKHOLM } from '../../time-zone';

const ZONE = STOCKHOLM;

/** The export button's data: the group whose case log is exported. */
export const exportData = z.object({ groupId: z.string().min(1).max(300) });

/** `logg K-…`: coordinators of the owning group, personal chat only; reading the log is itself audited. */
export async function showLog(deps: CasesDeps, turn: Turn, input: CommandInput): Promise<void> {
  const pseudonym = await pseudonymOf(turn, input, { sv: 'logg', en: 'log' });
  if (!pseudonym) return;
  const t = caseTexts(input.lang);
  const result = await deps.logs.read(caseActor(turn), pseudonym);
  if (!result.ok) {
    const { reason } = result;
    return void (await turn.reply(reason === 'notCoordinator' ? t.coordinatorOnly : reason === 'personalChatOnly' ? t.logPersonalOnly : refusalText(input.lang, pseudonym, reason)));
  }
  const c = result.caseFile;
  await turn.replyCard(logCard(input.lang, c.id, c.groupId, result.entries, result.names, handbookOf(deps, c)));
  // Next to the log: viewers' agency/role changes from the group log in its period.
  if (result.viewerChanges.length > 0) await turn.reply(viewerChangesText(groupLogTexts(input.lang), labelTexts(input.lang), c.id, result.viewerChanges));
}

/** The export button: a one-time link, shown only to the coordinator who pressed it. */
export async function exportLog(deps: CasesDeps, turn: Turn, data: z.infer<typeof exportData>): Promise<InvokeAnswer> {
  const t = caseTexts(turn.lang);
  const result = await deps.logs.issueExportLink(caseActor(turn), data.groupId);
  if (!result.ok) return refused(result.reason === 'personalChatOnly' ? t.logPersonalOnly : t.coordinatorOnly);
  return { kind: 'card', card: exportCard(turn.lang, result.url) };
}

/** GET /api/cases/log-export?token=…: the CSV, once, after the role is checked again. */
export function mountLogExport(deps: CasesDeps, server: Server): void {
  server.get('/api/cases/log-export', async (req: Request, res: Response) => {
    const token = new URL(req.url ?? '/', 'http://localhost').searchParams.get('token') ?? '';
    const result = await deps.logs.download(token);
    if (!result.ok) {
      const error = { 403: 'Forbidden', 404: 'NotFound', 503: 'AuditUnavailable' }[result.status];
      return void res.send(result.status, { error });
    }
    res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${result.filename}"`, 'cache-control': 'no-store' });
    res.end(result.csv);
  });
}

/** `säkerhetslogg`: the tenant's security log (attempts to name a case one may not know of), admins, personal chat. */
export async function showSecurityLog(deps: CasesDeps, turn: Turn, input: CommandInput): Promise<void> {
  const t = caseTexts(input.lang);
  const result = await deps.logs.securityLog(caseActor(turn));
  if (!result.ok) return void (await turn.reply(result.reason === 'personalChatOnly' ? t.logPersonalOnly : t.securityLogAdminOnly));
  const lines = result.events.map((e) => `${DateTime.fromISO(e.at, { zone: ZONE }).toFormat('yyyy-MM-dd HH:mm')} · ${e.actorAadObjectId} · ${e.action} · ${e.target} · ${e.reason} · ${e.conversationType}`);
  await turn.reply(`**${t.securityLogTitle}**\n\n${lines.length > 0 ? lines.join('\n\n') : t.securityLogEmpty}`);
}

/** `gallring`: what is due and what was deleted, as counts (coordinators). */
export async function showRetention(deps: CasesDeps, turn: Turn, input: CommandInput): Promise<void> {
  const access = await guardCommand(deps.access, turn, input.lang, requireCoordinator);
  if (!access) return;
  const t = caseTexts(input.lang);
  const s = await deps.retention.status(access.group.id);
  const r = deps.config.cases;
  const last = s.last && t.retentionLast(DateTime.fromISO(s.last.at, { zone: ZONE }).toFormat('yyyy-MM-dd HH:mm'), s.last.caseDetails, s.last.consents, s.last.auditEntries);
  await turn.replyCard(retentionCard(input.lang, {
    due: t.retentionDue(s.dueDetails, s.dueConsents, s.dueAuditEntries),
    last: last ?? t.retentionNever,
    rules: t.retentionRules(r.detailsRetentionMonths, r.consentRetentionMonths, r.auditRetentionMonths)
  }));
}
