import type { CommandInput, InvokeAnswer, Turn } from '../../bot/port';
import { actionTexts } from '../../i18n/actions';
import { guardCommand, guardInvoke, requireGroup } from '../shared/guards';
import { decideActionAct } from './action-access';
import { deniedText, promiseProblemText } from './answers';
import { promiseFormCard, promisesCard, promiseValues } from './cards';
import { actingPerson, type ActionsDeps } from './deps';

/** `medborgarlöfte ny`: the promise form, for a steering group's coordinators (`action-access.ts` decides). */
export async function showPromiseForm(deps: ActionsDeps, turn: Turn, input: CommandInput): Promise<void> {
  const access = await guardCommand(deps.access, turn, input.lang, requireGroup);
  if (!access) return;
  const decision = decideActionAct(actingPerson(access), { kind: 'createPromise', groupKind: access.group.kind });
  if (!decision.allow) return void (await turn.reply(deniedText(decision.reason, input.lang)));
  await turn.replyCard(promiseFormCard(access.group.language, access.group, promiseValues({}), ''));
}

/** The promise form's submit: saves the promise and answers the municipality's promises with progress. */
export async function createPromise(deps: ActionsDeps, turn: Turn, data: Record<string, unknown>): Promise<InvokeAnswer> {
  const guarded = await guardInvoke(deps.access, turn, requireGroup);
  if (!guarded.ok) return guarded.answer;
  const { group } = guarded.access;
  const lang = group.language;
  const now = deps.clock.now();
  const result = await deps.promises.create({ actor: actingPerson(guarded.access), group, form: data, formId: turn.cardMessageId, now });
  if (!result.ok && result.reason === 'denied') return { kind: 'message', text: deniedText(result.denied, turn.lang) };
  if (!result.ok) return { kind: 'card', card: promiseFormCard(lang, group, promiseValues(data), promiseProblemText(result.problem, lang)) };
  return { kind: 'card', card: promisesCard(lang, group.municipality, await deps.promises.withProgress(group, now), actionTexts(lang).promiseSaved) };
}

/** `medborgarlöften`: the municipality's promises with progress over the groups this group reaches. */
export async function listPromises(deps: ActionsDeps, turn: Turn, input: CommandInput): Promise<void> {
  const access = await guardCommand(deps.access, turn, input.lang, requireGroup);
  if (!access) return;
  const { group } = access;
  await turn.replyCard(promisesCard(group.language, group.municipality, await deps.promises.withProgress(group, deps.clock.now())));
}
