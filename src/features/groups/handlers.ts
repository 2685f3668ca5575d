import type { CommandInput, ConversationEvent, InvokeAnswer, Turn } from '../../bot/port';
import type { AdaptiveCard } from '../../cards/render';
import type { Lang } from '../../i18n';
import { commonTexts, helpTexts } from '../../i18n/common';
import { groupTexts } from '../../i18n/groups';
import { membersCard, registeredCard, registrationCard } from './cards';
import type { GroupsDeps } from './deps';
import type { MemberChangeRequest, MemberChangeResult, MemberList } from './membership-service';
import type { Member } from './model';
import type { RegistrationResult } from './registration-service';

/** Posts the registration (or, for a coordinator, settings) form here, recorded for the binding check; or the refusal text. */
async function postRegistrationForm(deps: GroupsDeps, turn: Turn, lang: Lang): Promise<string | undefined> {
  const access = await deps.access.resolve(turn);
  const opened = deps.registration.open(access, lang, deps.clock.now());
  if (!opened.ok) return opened.reason === 'groupOnly' ? commonTexts(lang).groupOnly : groupTexts(lang).alreadyRegistered(opened.name);
  const sent = await turn.replyCard(registrationCard(lang, opened.values, '', opened.update));
  if (sent && opened.groupId) await deps.forms.remember('group', opened.groupId, access.where.conversationId, sent, deps.clock.now());
  return undefined;
}

/** `registrera`: the registration form, or the settings form for a coordinator. */
export async function openRegistration(deps: GroupsDeps, turn: Turn, input: CommandInput): Promise<void> {
  const refusal = await postRegistrationForm(deps, turn, input.lang);
  if (refusal) await turn.reply(refusal);
}

/** The help card's button for `registrera`: the same form, or the same refusal shown to the presser only. */
export async function openRegistrationFromHelp(deps: GroupsDeps, turn: Turn): Promise<InvokeAnswer> {
  const refusal = await postRegistrationForm(deps, turn, turn.lang);
  return { kind: 'message', text: refusal ?? helpTexts(turn.lang).formPosted };
}

function registrationAnswer(lang: Lang, result: RegistrationResult): InvokeAnswer {
  const t = groupTexts(lang);
  if (result.ok) return { kind: 'card', card: registeredCard(result.group.language, result.group, result.coordinatorName, result.updated) };
  switch (result.reason) {
    case 'groupOnly':
      return { kind: 'message', text: commonTexts(lang).groupOnly };
    case 'notMember':
      return { kind: 'message', text: commonTexts(lang).notMember };
    case 'memberNotFound':
      return { kind: 'message', text: t.memberNotFound };
    case 'invalid':
      return { kind: 'card', card: registrationCard(lang, result.values, t.invalidRegistration(t.fieldNames), result.update) };
    case 'alreadyRegistered':
      return { kind: 'message', text: t.alreadyRegistered(result.name) };
    case 'refused':
      return { kind: 'message', text: t.refused(result.denied) };
  }
}

/**
 * `groups.register`: the registration card, posted where anyone may edit and submit it. The store alone
 * decides whether it registers or changes settings; the posted card is replaced for everyone only when
 * it is a registration form the bot recorded for this group in this conversation (card binding).
 */
export async function submitRegistration(deps: GroupsDeps, turn: Turn, data: Record<string, unknown>): Promise<InvokeAnswer> {
  const access = await deps.access.resolve(turn);
  const lang = access.group?.language ?? access.userLang;
  const result = await deps.registration.submit(access, data, (id) => turn.rosterMember(id), deps.clock.now());
  const answer = registrationAnswer(lang, result);
  if (result.ok && answer.kind === 'card') {
    const groupId = result.group.id;
    const cards = await deps.forms.find('group', groupId, turn.where.conversationId, turn.cardMessageId);
    const binding = deps.channel.updatePressed(turn, groupId, { groupId, cards }, answer.card);
    if (!binding.allowed) deps.logger.warn({ reason: binding.reason }, 'group card not updated: not bound to a recorded registration card');
  }
  return answer;
}

function memberListAnswer(lang: Lang, listed: MemberList): { text: string } | { card: AdaptiveCard } {
  if (listed.ok) return { card: membersCard(lang, listed.group, listed.members, listed.canEdit) };
  const texts = commonTexts(lang);
  return { text: listed.reason === 'groupOnly' ? texts.groupOnly : listed.reason === 'notInGroup' ? texts.notInGroup : texts.coordinatorOnly };
}

async function postMembers(deps: GroupsDeps, turn: Turn, lang: Lang, withForm: boolean): Promise<string | undefined> {
  const answer = memberListAnswer(lang, await deps.membership.list(await deps.access.resolve(turn), withForm));
  if ('text' in answer) return answer.text;
  await turn.replyCard(answer.card);
  return undefined;
}

/** `medlemmar`: the roster, for everyone in the group. */
export async function listMembers(deps: GroupsDeps, turn: Turn, input: CommandInput): Promise<void> {
  const refusal = await postMembers(deps, turn, input.lang, false);
  if (refusal) await turn.reply(refusal);
}

/** `medlem`: the roster with the change form, for coordinators. */
export async function editMembers(deps: GroupsDeps, turn: Turn, input: CommandInput): Promise<void> {
  const refusal = await postMembers(deps, turn, input.lang, true);
  if (refusal) await turn.reply(refusal);
}

/** The help card's button for `medlem`: the same card, or the same refusal shown to the presser only. */
export async function editMembersFromHelp(deps: GroupsDeps, turn: Turn): Promise<InvokeAnswer> {
  const refusal = await postMembers(deps, turn, turn.lang, true);
  return { kind: 'message', text: refusal ?? helpTexts(turn.lang).formPosted };
}

function memberChangeAnswer(lang: Lang, result: MemberChangeResult): InvokeAnswer {
  const t = groupTexts(lang);
  const texts = commonTexts(lang);
  if (result.ok) return { kind: 'card', card: membersCard(lang, result.group, result.members, true, result.done === 'saved' ? t.memberSaved(result.name) : t.memberRemoved(result.name)) };
  switch (result.reason) {
    case 'groupOnly':
      return { kind: 'message', text: texts.groupOnly };
    case 'notMember':
      return { kind: 'message', text: texts.notMember };
    case 'notInGroup':
      return { kind: 'message', text: texts.notInGroup };
    case 'busy':
      return { kind: 'message', text: texts.conflict };
    case 'memberNotFound':
      return { kind: 'card', card: membersCard(lang, result.group, result.members, true, t.memberNotFound, false) };
    case 'refused': {
      if (result.denied === 'notCoordinator') return { kind: 'message', text: texts.coordinatorOnly };
      const status = result.denied === 'notMember' ? t.memberNotRegistered : result.denied === 'lastCoordinator' ? t.lastCoordinator : t.refused(result.denied);
      return { kind: 'card', card: membersCard(lang, result.group, result.members, true, status, false) };
    }
  }
}

/** `groups.setMember` / `groups.removeMember`: one change from the member card, under the group's roster lock. */
export async function changeMember(deps: GroupsDeps, turn: Turn, request: MemberChangeRequest): Promise<InvokeAnswer> {
  const result = await deps.membership.change(turn.where, turn.actor, request, (id) => turn.rosterMember(id), deps.clock.now());
  return memberChangeAnswer(turn.lang, result);
}

export const setMember = (deps: GroupsDeps, turn: Turn, data: { userId: string; agency: Member['agency']; role: Member['roles'][number] }) =>
  changeMember(deps, turn, { kind: 'set', ...data });

export const removeMember = (deps: GroupsDeps, turn: Turn, data: { userId: string }) => changeMember(deps, turn, { kind: 'remove', userId: data.userId });

/** The bot added or removed, people leaving: the group's state follows; the bot greets when added. */
export async function onConversationEvent(deps: GroupsDeps, turn: Turn, event: ConversationEvent): Promise<void> {
  const access = await deps.access.resolve(turn);
  const now = deps.clock.now();
  if (event.kind === 'botAdded') {
    await deps.rosterEvents.botAdded(access.group, now);
    const lang = access.group?.language ?? access.userLang;
    await turn.reply(access.where.kind === 'personal' ? groupTexts(lang).welcomePersonal : groupTexts(lang).welcome);
    return;
  }
  if (!access.group) return;
  if (event.kind === 'botRemoved') await deps.rosterEvents.botRemoved(access.group, now);
  else await deps.rosterEvents.membersLeft(access.group, event.members, now);
}
