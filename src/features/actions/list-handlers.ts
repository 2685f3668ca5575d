import type { CommandInput, Turn } from '../../bot/port';
import type { Lang } from '../../i18n';
import { actionTexts } from '../../i18n/actions';
import { guardCommand, requireMemberOrCoordinator } from '../shared/guards';
import { actionListCard } from './cards';
import { swedishToday } from './dates';
import type { ActionsDeps } from './deps';
import type { PersonalList } from './action-service';

/** A list over several groups names each action's group. */
function personalListCard(deps: ActionsDeps, lang: Lang, heading: string, list: PersonalList) {
  const names = new Map(list.groups.map((g) => [g.id, g.name]));
  return actionListCard(lang, heading, list.actions, swedishToday(deps.clock.now()), names);
}

/** `insatser`: the group's open actions. */
export async function listOpenActions(deps: ActionsDeps, turn: Turn, input: CommandInput): Promise<void> {
  const access = await guardCommand(deps.access, turn, input.lang, requireMemberOrCoordinator);
  if (!access) return;
  const { group } = access;
  const list = await deps.service.openInGroup(group);
  await turn.replyCard(actionListCard(group.language, actionTexts(group.language).listTitle(group.name), list, swedishToday(deps.clock.now())));
}

/** Overdue actions as the asker may see them: the group's in a group, their groups' in personal chat. */
export async function answerOverdue(deps: ActionsDeps, turn: Turn, lang: Lang): Promise<void> {
  const now = deps.clock.now();
  if (turn.where.kind === 'personal') {
    const list = await deps.service.overdueForPerson(turn.actor.aadObjectId, now);
    const heading = actionTexts(lang).overdueTitle(list.groups.map((g) => g.name).join(', ') || '–');
    return void (await turn.replyCard(personalListCard(deps, lang, heading, list)));
  }
  const access = await guardCommand(deps.access, turn, lang, requireMemberOrCoordinator);
  if (!access) return;
  const { group } = access;
  const list = await deps.service.overdueInGroup(group, now);
  await turn.replyCard(actionListCard(group.language, actionTexts(group.language).overdueTitle(group.name), list, swedishToday(now)));
}

/** `försenade`: overdue actions (of the group, or of the asker's groups in personal chat). */
export async function listOverdueActions(deps: ActionsDeps, turn: Turn, input: CommandInput): Promise<void> {
  await answerOverdue(deps, turn, input.lang);
}

/** `mina insatser`: open actions the asker owns, in all their groups. */
export async function listMyActions(deps: ActionsDeps, turn: Turn, input: CommandInput): Promise<void> {
  const list = await deps.service.ownedBy(turn.actor.aadObjectId);
  await turn.replyCard(personalListCard(deps, input.lang, actionTexts(input.lang).mineTitle, list));
}
