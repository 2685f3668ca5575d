import type { Request, Response, Server } from 'restify';
import type { CommandInput, InvokeAnswer, Turn } from '../../bot/port';
import type { Lang } from '../../i18n';
import { commonTexts, helpTexts } from '../../i18n/common';
import { groupLogTexts, groupTexts } from '../../i18n/groups';
import type { GroupsDeps } from './deps';
import { parseLogArgs, type LogAnswer } from './group-log-service';
import { describeLog } from './group-log-text';

export { parseLogArgs } from './group-log-service';

/** The answer to `grupplogg` in the reader's language: the log, the link, or why not. */
function logText(deps: GroupsDeps, lang: Lang, answer: LogAnswer): string {
  const t = groupLogTexts(lang);
  if (answer.ok) {
    if (answer.kind === 'log') return describeLog(lang, answer.page);
    return t.exportLink(answer.group.name, answer.from, answer.to, `${deps.publicBaseUrl}/api/groups/access-log?token=${answer.token}`);
  }
  switch (answer.reason) {
    case 'personalOnly':
      return t.personalOnly;
    case 'notMember':
      return commonTexts(lang).notMember;
    case 'badPeriod':
      return t.badPeriod;
    case 'noGroups':
      return t.noGroups;
    case 'chooseGroup':
      return t.chooseGroup(answer.names.map((n) => `**${n}**`).join(', '));
    case 'refused':
      return groupTexts(lang).refused(answer.denied);
  }
}

/**
 * `grupplogg [export ÅÅÅÅ-MM-DD ÅÅÅÅ-MM-DD] [grupp]`: the group log for coordinators (and admins), or a
 * one-time CSV export link, in personal chat only; typed anywhere else, one neutral line.
 */
export async function readGroupLog(deps: GroupsDeps, turn: Turn, input: CommandInput): Promise<void> {
  const answer = await deps.groupLog.open(turn.where, turn.actor, parseLogArgs(input.args), deps.clock.now());
  await turn.reply(logText(deps, input.lang, answer));
}

/** The help card's per-group button in personal chat: the same log as `grupplogg <grupp>`. */
export async function readGroupLogFromHelp(deps: GroupsDeps, turn: Turn, data: { groupId: string }): Promise<InvokeAnswer> {
  const answer = await deps.groupLog.open(turn.where, turn.actor, parseLogArgs(''), deps.clock.now(), data.groupId);
  if (!answer.ok && answer.reason !== 'personalOnly' && answer.reason !== 'refused') return { kind: 'message', text: helpTexts(turn.lang).unknownGroup };
  if (!answer.ok) return { kind: 'message', text: logText(deps, turn.lang, answer) };
  await turn.reply(logText(deps, turn.lang, answer));
  return { kind: 'message', text: helpTexts(turn.lang).logPosted };
}

/** `GET /api/groups/access-log?token=…`: the one-time CSV download, decided again at download time. */
export function mountAccessLogExport(deps: GroupsDeps, server: Server): void {
  server.get('/api/groups/access-log', async (req: Request, res: Response) => {
    const token = new URL(req.url ?? '/', 'http://localhost').searchParams.get('token') ?? '';
    const result = await deps.groupLog.download(token, deps.clock.now());
    if (!result.ok) return void res.send(result.status, { error: result.status === 404 ? 'NotFound' : result.status === 403 ? 'Forbidden' : 'AuditUnavailable' });
    res.writeHead(200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="trygg-atkomstlogg-${result.from}-${result.to}.csv"`,
      'cache-control': 'no-store'
    });
    res.end(result.csv);
  });
}
