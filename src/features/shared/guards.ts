/**
 * The guards every handler starts with: each takes an `Access` and the answer language and returns either
 * the access narrowed to what it checked (a group, a member, a coordinator: no `!` afterwards) or the
 * refusal text. They fail closed and in order: personal chat, an unregistered conversation, then the
 * person's standing in the group. `guardCommand` / `guardInvoke` resolve, check and answer in one call.
 */
import type { InvokeAnswer, Turn } from '../../bot/port';
import type { Lang } from '../../i18n';
import { commonTexts } from '../../i18n/common';
import type { Access } from '../groups/access';
import type { Group, Member } from '../groups/model';

/** The access of a turn in a registered group. */
export type GroupAccess = Access & { group: Group };
/** The access of a registered member of the group (not only a configured administrator). */
export type MemberAccess = GroupAccess & { member: Member };
/** The access of a coordinator of the group, or of a configured administrator. */
export type CoordinatorAccess = GroupAccess & { coordinator: true };

/** A guard's outcome: the narrowed access, or the text to refuse with. */
export type Guarded<A> = { ok: true; access: A } | { ok: false; refusal: string };

/** A guard: checks one standing and narrows the access type. */
export type Guard<A> = (access: Access, lang: Lang) => Guarded<A>;

/** Where guards get the access of a turn (the `AccessResolver`). */
export interface AccessSource {
  resolve(turn: Turn): Promise<Access>;
}

/** In a team channel or group chat that is registered as a group. */
export const requireGroup: Guard<GroupAccess> = (access, lang) => {
  if (access.where.kind === 'personal') return { ok: false, refusal: commonTexts(lang).groupOnly };
  if (!access.group) return { ok: false, refusal: commonTexts(lang).notInGroup };
  return { ok: true, access: access as GroupAccess };
};

/** A registered member of the group. */
export const requireMember: Guard<MemberAccess> = (access, lang) => {
  const inGroup = requireGroup(access, lang);
  if (!inGroup.ok) return inGroup;
  if (!access.member) return { ok: false, refusal: commonTexts(lang).notMember };
  return { ok: true, access: access as MemberAccess };
};

/** A registered member, or a coordinator/administrator who need not be one (the `member` may be missing). */
export const requireMemberOrCoordinator: Guard<GroupAccess> = (access, lang) => {
  const inGroup = requireGroup(access, lang);
  if (!inGroup.ok) return inGroup;
  if (!access.member && !access.coordinator) return { ok: false, refusal: commonTexts(lang).notMember };
  return inGroup;
};

/** A coordinator of the group, or a configured administrator. */
export const requireCoordinator: Guard<CoordinatorAccess> = (access, lang) => {
  const inGroup = requireGroup(access, lang);
  if (!inGroup.ok) return inGroup;
  if (!access.coordinator) return { ok: false, refusal: commonTexts(lang).coordinatorOnly };
  return { ok: true, access: access as CoordinatorAccess };
};

/** A refusal as a card action's answer (Teams shows it to the person who pressed only). */
export function refusalAnswer(refusal: string): InvokeAnswer {
  return { kind: 'message', text: refusal };
}

/**
 * For a chat command: resolves the turn's access and checks it; on a refusal replies with its text in
 * `lang` (the command's language) and resolves undefined.
 */
export async function guardCommand<A>(source: AccessSource, turn: Turn, lang: Lang, guard: Guard<A>): Promise<A | undefined> {
  const guarded = guard(await source.resolve(turn), lang);
  if (guarded.ok) return guarded.access;
  await turn.reply(guarded.refusal);
  return undefined;
}

/**
 * For a card action: resolves the turn's access and checks it in the turn's language (the pressed card's);
 * on a refusal the answer to return.
 */
export async function guardInvoke<A>(source: AccessSource, turn: Turn, guard: Guard<A>): Promise<{ ok: true; access: A } | { ok: false; answer: InvokeAnswer }> {
  const guarded = guard(await source.resolve(turn), turn.lang);
  return guarded.ok ? guarded : { ok: false, answer: refusalAnswer(guarded.refusal) };
}
