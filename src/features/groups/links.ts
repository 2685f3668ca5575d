import type { CommandInput, Turn } from '../../bot/port';
import { type Lang } from '../../i18n';
import { commonTexts } from '../../i18n/common';
import { groupTexts, linkTexts } from '../../i18n/groups';
import type { GroupsDeps } from './deps';
import type { EndLinkResult, LinkList, LinkResult, NotHere } from './link-service';
import type { Group } from './model';

export { matchByName } from './link-service';

const bold = (names: readonly string[]) => names.map((n) => `**${n}**`).join(', ');

function notHereText(lang: Lang, result: NotHere): string {
  const texts = commonTexts(lang);
  return result.reason === 'groupOnly' ? texts.groupOnly : result.reason === 'notInGroup' ? texts.notInGroup : texts.notMember;
}

/** Posts a short notice into the other group's conversation; a failure is logged, the link stands. */
async function notify(deps: GroupsDeps, group: Group, text: string): Promise<void> {
  if (group.botRemovedAt) return;
  const stored = await deps.conversations.get(`conv:${group.postConversationId}`);
  if (!stored) return;
  const outcome = await deps.channel.sendTo(stored.reference, text);
  if (outcome.status !== 'sent') deps.logger.warn({ groupId: group.id, outcome: outcome.status }, 'link notice not delivered');
}

function linkText(lang: Lang, result: Exclude<LinkResult, { ok: true }>): string {
  const t = linkTexts(lang);
  if (result.reason === 'refused') return groupTexts(lang).refused(result.denied);
  if (result.reason === 'choose') return t.chooseSteering(bold(result.names));
  if (result.reason === 'ambiguous') return t.ambiguous(bold(result.names));
  return notHereText(lang, result);
}

/** `koppla <styrgrupp>`: an SSPF group's coordinator links it to a steering group; both groups hear it. */
export async function linkGroup(deps: GroupsDeps, turn: Turn, input: CommandInput): Promise<void> {
  const result = await deps.links.link(await deps.access.resolve(turn), input.args, deps.clock.now());
  if (!result.ok) return void (await turn.reply(linkText(input.lang, result)));
  await turn.reply(linkTexts(input.lang).linked(result.sspf.name, result.steering.name));
  await notify(deps, result.steering, linkTexts(result.steering.language).notifySteering(result.sspf.name));
}

function endLinkText(lang: Lang, result: Exclude<EndLinkResult, { ok: true }>, typed: string): string {
  const t = linkTexts(lang);
  if (result.reason === 'whichLink') return t.whichLink;
  if (result.reason === 'noSuchLink') return t.noSuchLink(typed.trim());
  if (result.reason === 'refused') return groupTexts(lang).refused(result.denied);
  return notHereText(lang, result);
}

async function endLink(deps: GroupsDeps, turn: Turn, input: CommandInput, side: 'declineLink' | 'unlink'): Promise<void> {
  const result = await deps.links.end(await deps.access.resolve(turn), input.args, side, deps.clock.now());
  if (!result.ok) return void (await turn.reply(endLinkText(input.lang, result, input.args)));
  const { sspf, steering } = result;
  if (side === 'declineLink') {
    await turn.reply(linkTexts(input.lang).declined(sspf.name));
    await notify(deps, sspf, linkTexts(sspf.language).notifyDeclined(steering.name));
  } else {
    await turn.reply(linkTexts(input.lang).unlinked(steering.name));
    await notify(deps, steering, linkTexts(steering.language).notifyUnlinked(sspf.name));
  }
}

/** `koppla bort <styrgrupp>`: the SSPF group removes its link. */
export const unlinkGroup = (deps: GroupsDeps, turn: Turn, input: CommandInput) => endLink(deps, turn, input, 'unlink');

/** `avböj <SSPF-grupp>`: the steering group declines a link. */
export const declineLink = (deps: GroupsDeps, turn: Turn, input: CommandInput) => endLink(deps, turn, input, 'declineLink');

function linkListText(lang: Lang, listed: Extract<LinkList, { ok: true }>): string {
  const t = linkTexts(lang);
  const { group, rows } = listed;
  if (rows.length === 0) return t.listEmpty(group.name);
  const lines = rows.map((r) => {
    const what = group.kind === 'styrgrupp' ? t.fromSspf(r.otherName) : t.toSteering(r.otherName);
    return `- ${what}${r.endedAt ? t.ended(r.endedAt.slice(0, 10), r.endReason ?? 'removed') : t.since(r.linkedAt.slice(0, 10))}`;
  });
  return `${t.listTitle(group.name)}\n\n${lines.join('\n')}`;
}

/** `kopplingar`: the group's links, ended ones included. */
export async function listLinks(deps: GroupsDeps, turn: Turn, input: CommandInput): Promise<void> {
  const listed = await deps.links.list(await deps.access.resolve(turn));
  await turn.reply(listed.ok ? linkListText(input.lang, listed) : notHereText(input.lang, listed));
}
