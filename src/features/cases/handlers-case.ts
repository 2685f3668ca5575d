import { z } from 'zod';
import type { CommandInput, InvokeAnswer, Turn } from '../../bot/port';
import type { AdaptiveCard } from '../../cards/render';
import type { Lang } from '../../i18n';
import { caseTexts } from '../../i18n/cases';
import { commonTexts } from '../../i18n/common';
import { detailsCard, newCaseCard, observationCard, personalCaseCard, reasonText, summaryCard, withheldCard } from './cards';
import { groupLang, handbookOf } from './case-deps';
import type { ViewResult } from './case-view-service';
import { mayOpenCase, type OpenRefusal } from './case-work-service';
import { pseudonymSchema } from './model';
import { refreshUsers } from './posted-cards';
import { boundCase, caseActor, pseudonymOf, refusalText, refused, refuseUnbound, replacePressed, replyCaseCard } from './handlers-shared';
import type { CasesDeps } from './setup';

/** The data every case card's verb carries: which case of which group. */
export const caseRef = z.object({ groupId: z.string().min(1).max(300), caseId: pseudonymSchema });

function openRefusalText(lang: Lang, reason: OpenRefusal): string {
  if (reason === 'notMember') return commonTexts(lang).notMember;
  return caseTexts(lang)[reason];
}

/** `ärende ny`: the new-case form, in a registered SSPF group, for coordinators and social services. */
export async function newCaseForm(deps: CasesDeps, turn: Turn, input: CommandInput): Promise<void> {
  const access = await deps.access.resolve(turn);
  const may = mayOpenCase(access, false);
  if (!may.ok) return void (await turn.reply(openRefusalText(input.lang, may.reason)));
  const id = await turn.replyCard(newCaseCard(access.groupLang));
  if (id) await deps.cases.rememberNewCaseForm(may.access.group.id, turn.where.conversationId, id);
}

/** The new-case form's submit: bound to a form the bot posted in this conversation of this group, used once. */
export async function createCase(deps: CasesDeps, turn: Turn, form: Record<string, unknown>): Promise<InvokeAnswer> {
  const access = await deps.access.resolve(turn);
  const lang = access.userLang;
  const t = caseTexts(lang);
  const may = mayOpenCase(access, true);
  if (!may.ok) return refused(openRefusalText(lang, may.reason));
  const { group } = may.access;
  const member = access.member;
  const formId = turn.cardMessageId;
  if (!member || !formId) return refused(t.foreignCard);
  const forms = { groupId: group.id, cards: await deps.cases.newCaseForms(group.id) };
  const unbound = await refuseUnbound(deps, turn, forms);
  if (unbound) return unbound;
  const result = await deps.work.create({ ...may.access, member }, formId, form);
  if (!result.ok) return result.reason === 'invalid' ? { kind: 'card', card: newCaseCard(lang, t.invalidCase) } : refused(t.foreignCard);
  const c = result.caseFile;
  const handbook = handbookOf(deps, c);
  await replacePressed(deps, turn, c, forms, summaryCard(access.groupLang, c, handbook, '', await refreshUsers(deps, c)), 'summary');
  return { kind: 'card', card: summaryCard(lang, c, handbook, t.created(c.id), [], 'Good') };
}

/**
 * A view's outcome in words or as a card: the same for the button and the chat command. In personal chat
 * the withheld view keeps a refresh for the viewer, so a later consent shows details without a new message;
 * a reveal by command sends the summary whose refresh fetches the details (audited then).
 */
function viewAnswer(deps: CasesDeps, turn: Turn, lang: Lang, pseudonym: string, result: ViewResult, byCommand: boolean): string | AdaptiveCard {
  const t = caseTexts(lang);
  const viewer = turn.actor.teamsUserId;
  switch (result.kind) {
    case 'hidden':
      return t.hidden(pseudonym);
    case 'auditFailed':
      return t.auditFailed;
    case 'notForYou':
      return t.nothingForYou(pseudonym, reasonText(lang, result.decision));
    case 'details': {
      const handbook = handbookOf(deps, result.caseFile);
      return byCommand ? personalCaseCard(lang, result.caseFile, handbook, viewer) : detailsCard(lang, result.caseFile, handbook, result.decision, viewer);
    }
    case 'withheld': {
      const refresh = turn.where.kind === 'personal' && viewer ? [viewer] : [];
      return withheldCard(lang, result.caseFile, handbookOf(deps, result.caseFile), result.decision, refresh, result.nextStep);
    }
  }
}

/** "Visa detaljer" and the card's refresh: the policy decides, the audit entry is stored, then the answer is sent. */
export async function viewCase(deps: CasesDeps, turn: Turn, data: z.infer<typeof caseRef>): Promise<InvokeAnswer> {
  const result = await deps.views.viewByButton(caseActor(turn), data.groupId, data.caseId, turn.automatic);
  const answer = viewAnswer(deps, turn, turn.lang, data.caseId, result, false);
  return typeof answer === 'string' ? refused(answer) : { kind: 'card', card: answer };
}

/**
 * `ärende K-…`: in a group the posted summary (never details) with a refresh for the members; in
 * personal chat the view use case decides. Details are never the stored body of a message.
 */
export async function showCase(deps: CasesDeps, turn: Turn, input: CommandInput): Promise<void> {
  const pseudonym = await pseudonymOf(turn, input, { sv: 'ärende', en: 'case' });
  if (!pseudonym) return;
  if (turn.where.kind !== 'personal') {
    const shown = await deps.views.showInGroup(caseActor(turn), pseudonym);
    if (!shown.ok) return void (await turn.reply(refusalText(input.lang, pseudonym, shown.reason, 'summary')));
    const c = shown.access.caseFile;
    const lang = shown.access.group?.language ?? 'sv';
    return replyCaseCard(deps, turn, c, summaryCard(lang, c, handbookOf(deps, c), '', await refreshUsers(deps, c)), 'summary');
  }
  const answer = viewAnswer(deps, turn, input.lang, pseudonym, await deps.views.viewInPersonalChat(caseActor(turn), pseudonym), true);
  await (typeof answer === 'string' ? turn.reply(answer) : turn.replyCard(answer));
}

/** `observation K-…`: the form; the agency comes from the author's role. */
export async function observationForm(deps: CasesDeps, turn: Turn, input: CommandInput): Promise<void> {
  const pseudonym = await pseudonymOf(turn, input, { sv: 'observation', en: 'observation' });
  if (!pseudonym) return;
  const checked = await deps.work.openObservation(caseActor(turn), pseudonym);
  if (!checked.ok) return void (await turn.reply(refusalText(input.lang, pseudonym, checked.reason, 'observe')));
  const { caseFile, member } = checked.access;
  await replyCaseCard(deps, turn, caseFile, observationCard(input.lang, caseFile, member.agency, deps.clock.now()), 'form');
}

/** An observation's submit, bound to the case's card in this conversation. */
export async function addObservation(deps: CasesDeps, turn: Turn, data: z.infer<typeof caseRef> & Record<string, unknown>): Promise<InvokeAnswer> {
  const lang = turn.lang;
  const t = caseTexts(lang);
  const before = await deps.cases.get(data.groupId, data.caseId);
  const unbound = await refuseUnbound(deps, turn, boundCase(before));
  if (unbound) return unbound;
  const result = await deps.work.observe(caseActor(turn), data.groupId, data.caseId, data);
  if (!result.ok && result.reason === 'invalid') {
    return { kind: 'card', card: observationCard(lang, result.access.caseFile, result.access.member.agency, deps.clock.now(), t.invalidObservation) };
  }
  if (!result.ok) return refused(refusalText(lang, data.caseId, result.reason, 'observe'));
  const c = result.caseFile;
  await replacePressed(deps, turn, c, boundCase(before), summaryCard(await groupLang(deps, c.groupId), c, handbookOf(deps, c), '', await refreshUsers(deps, c)), 'summary');
  return { kind: 'card', card: summaryCard(lang, c, handbookOf(deps, c), t.observationSaved(data.caseId), [], 'Good') };
}
