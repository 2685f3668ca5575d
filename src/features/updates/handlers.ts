import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { CommandInput, GroupChannel, InvokeAnswer, Turn } from '../../bot/port';
import type { Clock } from '../../clock';
import type { Lang } from '../../i18n';
import { commonTexts } from '../../i18n/common';
import { updateTexts } from '../../i18n/updates';
import { STOCKHOLM } from '../../time-zone';
import { guardCommand, guardInvoke, requireMember, requireMemberOrCoordinator, type AccessSource, type GroupAccess } from '../shared/guards';
import { updateCard, updateFormCard } from './cards';
import type { SituationUpdate } from './model';
import type { CardOrigin, ChangeResult, UpdateService } from './update-service';

/** Raw form data: checked field by field so a refusal gives the form back with the draft. */
export const rawForm = z.record(z.unknown()).and(z.object({ draftId: z.string().uuid() }));
type RawForm = z.infer<typeof rawForm>;

/** What the update handlers work with, built once by the feature's `setup`. */
export interface UpdatesDeps {
  service: UpdateService;
  access: AccessSource;
  channel: GroupChannel;
  clock: Clock;
  logger: Logger;
}

function today(deps: UpdatesDeps): string {
  return DateTime.fromJSDate(deps.clock.now(), { zone: STOCKHOLM }).toISODate()!;
}

function originOf(turn: Turn): CardOrigin {
  return { kind: turn.where.kind, conversationId: turn.where.conversationId, replyToId: turn.cardMessageId };
}

/** A card not bound to what it acts on (another conversation, a forged or used form): the uniform refusal. */
function foreign(deps: UpdatesDeps, turn: Turn, groupId: string, reason: string, what: string): InvokeAnswer {
  deps.logger.warn({ groupId, reason }, what);
  return { kind: 'message', text: commonTexts(turn.clientLang).foreignCard };
}

/** Replaces the pressed card for everyone when it is the update's own recorded card. */
function refreshPressed(deps: UpdatesDeps, turn: Turn, update: SituationUpdate, card: ReturnType<typeof updateCard>): void {
  if (update.posted) deps.channel.updatePressed(turn, update.groupId, { groupId: update.groupId, cards: [update.posted] }, card);
}

/** `lägesbild ny` (and `lägesbild` alone in an SSPF group): posts a new, empty update form in the group. */
export async function postUpdateForm(deps: UpdatesDeps, turn: Turn, input: CommandInput): Promise<void> {
  const access = await guardCommand(deps.access, turn, input.lang, requireMember);
  if (!access) return;
  const { group } = access;
  const sent = await turn.replyCard(updateFormCard(group.language, group, { draftId: randomUUID(), values: {}, today: today(deps) }));
  // Only a form recorded here may post an update and be replaced by its card (src/access/card-binding.ts).
  if (sent) await deps.service.rememberForm(group.id, access.where.conversationId, sent, deps.clock.now());
}

/** The form's submit: stores the update once, turns the form into the update's card, shows the author the text. */
export async function submitUpdate(deps: UpdatesDeps, turn: Turn, data: RawForm): Promise<InvokeAnswer> {
  const guarded = await guardInvoke(deps.access, turn, requireMember);
  if (!guarded.ok) return guarded.answer;
  const { group, member, actor } = guarded.access;
  const lang = group.language;
  const author = { aadObjectId: member.aadObjectId, agency: member.agency, name: member.name ?? actor.name, coordinator: guarded.access.coordinator };
  const result = await deps.service.submit(group, author, originOf(turn), data, deps.clock.now(), lang);
  if (!result.ok && result.reason === 'foreignCard') return foreign(deps, turn, group.id, result.binding, 'situation update refused: not from a recorded form');
  if (!result.ok) {
    if (result.personalData) deps.logger.info({ groupId: group.id }, 'situation update refused: personal data in text');
    return { kind: 'card', card: updateFormCard(lang, group, { draftId: data.draftId, values: data, today: today(deps), error: result.error }) };
  }
  const stored = result.update;
  if (result.created) {
    deps.logger.info({ groupId: group.id, updateId: stored.id, category: stored.category, trend: stored.trend }, 'situation update posted');
    refreshPressed(deps, turn, stored, updateCard(lang, stored, false));
    return { kind: 'card', card: updateCard(lang, stored, true) };
  }
  return { kind: 'card', card: updateCard(lang, stored, stored.authorAad === member.aadObjectId) };
}

/** Loads the update a card button names, in this group, for a member (or a coordinator). */
async function loadForMember(deps: UpdatesDeps, turn: Turn, updateId: string): Promise<{ ok: false; answer: InvokeAnswer } | { ok: true; access: GroupAccess; update: SituationUpdate; lang: Lang }> {
  const guarded = await guardInvoke(deps.access, turn, requireMemberOrCoordinator);
  if (!guarded.ok) return guarded;
  const lang = guarded.access.group.language;
  const update = await deps.service.get(guarded.access.group.id, updateId);
  if (!update) return { ok: false, answer: { kind: 'message', text: updateTexts(lang).notFound } };
  return { ok: true, access: guarded.access, update, lang };
}

/** "Visa text": the update with its text, for the member who pressed only. */
export async function showUpdate(deps: UpdatesDeps, turn: Turn, data: { updateId: string }): Promise<InvokeAnswer> {
  const r = await loadForMember(deps, turn, data.updateId);
  return r.ok ? { kind: 'card', card: updateCard(r.lang, r.update, true) } : r.answer;
}

/** "Ändra": the form with the update's values, for its author or a coordinator. */
export async function editUpdate(deps: UpdatesDeps, turn: Turn, data: { updateId: string }): Promise<InvokeAnswer> {
  const r = await loadForMember(deps, turn, data.updateId);
  if (!r.ok) return r.answer;
  const t = updateTexts(r.lang);
  if (!deps.service.mayChange({ aadObjectId: r.access.actor.aadObjectId, coordinator: r.access.coordinator }, r.update)) return { kind: 'message', text: t.notAuthor };
  if (r.update.status !== 'active') return { kind: 'message', text: t.alreadyWithdrawn };
  return { kind: 'card', card: updateFormCard(r.lang, r.access.group, { draftId: r.update.id, values: { ...r.update }, today: today(deps), edit: true }) };
}

/** The answer to a refused change, in the group's language. */
function changeRefusal(deps: UpdatesDeps, turn: Turn, access: GroupAccess, result: Exclude<ChangeResult, { ok: true }>, lang: Lang, data?: RawForm): InvokeAnswer {
  const t = updateTexts(lang);
  switch (result.reason) {
    case 'notFound':
      return { kind: 'message', text: t.notFound };
    case 'notAuthor':
      return { kind: 'message', text: t.notAuthor };
    case 'withdrawn':
      return { kind: 'message', text: t.alreadyWithdrawn };
    case 'foreignCard':
      return foreign(deps, turn, access.group.id, result.binding, 'update card action refused: not bound to its card');
    case 'invalid':
      if (result.personalData) deps.logger.info({ groupId: access.group.id }, 'situation update change refused: personal data in text');
      return { kind: 'card', card: updateFormCard(lang, access.group, { draftId: data?.draftId ?? '', values: data ?? {}, today: today(deps), error: result.error, edit: true }) };
  }
}

/** The correction form's save: the author or a coordinator changes an active update from its own card. */
export async function saveUpdate(deps: UpdatesDeps, turn: Turn, data: RawForm): Promise<InvokeAnswer> {
  const r = await loadForMember(deps, turn, data.draftId);
  if (!r.ok) return r.answer;
  const actor = { aadObjectId: r.access.actor.aadObjectId ?? '', coordinator: r.access.coordinator };
  const result = await deps.service.edit(r.access.group, actor, originOf(turn), data, deps.clock.now(), r.lang);
  if (!result.ok) return changeRefusal(deps, turn, r.access, result, r.lang, data);
  deps.logger.info({ groupId: r.access.group.id, updateId: result.update.id, by: actor.aadObjectId.toLowerCase() }, 'situation update edited');
  if (result.posted === 'bound') refreshPressed(deps, turn, result.update, updateCard(r.lang, result.update, false));
  return { kind: 'card', card: updateCard(r.lang, result.update, true) };
}

/** "Dra tillbaka": the author or a coordinator withdraws an update; its card says so for everyone. */
export async function withdrawUpdate(deps: UpdatesDeps, turn: Turn, data: { updateId: string }): Promise<InvokeAnswer> {
  const r = await loadForMember(deps, turn, data.updateId);
  if (!r.ok) return r.answer;
  const actor = { aadObjectId: r.access.actor.aadObjectId ?? '', name: r.access.member?.name ?? r.access.actor.name, coordinator: r.access.coordinator };
  const result = await deps.service.withdraw(r.access.group, actor, originOf(turn), data.updateId, deps.clock.now());
  if (!result.ok) return changeRefusal(deps, turn, r.access, result, r.lang);
  if (result.changed) deps.logger.info({ groupId: r.access.group.id, updateId: result.update.id, by: actor.aadObjectId.toLowerCase() }, 'situation update withdrawn');
  const card = updateCard(r.lang, result.update, false);
  if (result.posted === 'bound') refreshPressed(deps, turn, result.update, card);
  return { kind: 'card', card };
}
