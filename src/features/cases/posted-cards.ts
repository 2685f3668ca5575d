import type { CardRecord } from '../../access/card-binding';
import { personalLang } from '../groups/conversation-repository';
import { MAX_REFRESH_USERS, summaryCard, withheldCard } from './cards';
import { decideView, groupLang, handbookOf, isAdmin, type CaseDeps } from './case-deps';
import type { CaseFile, PostedCard } from './model';
import { consentNextStep } from './next-step';

/** The messages the store records as this case's cards, for the binding check. */
export function recordedCards(c: CaseFile): CardRecord[] {
  return c.postedCards.filter((p) => p.conversationKey.startsWith('conv:')).map((p) => ({ conversationId: p.conversationKey.slice(5), activityId: p.activityId }));
}

/**
 * The refresh list of a posted case card: every registered member of the owning group, whatever the
 * consent says (the list must not tell who is covered; each refresh is decided afresh). Above Teams'
 * limit of 60 nobody is listed and the "Visa detaljer" button is the way in. Depends on membership
 * only, so it is recomputed on membership changes, never on consent changes.
 */
export async function refreshUsers(deps: CaseDeps, c: CaseFile): Promise<string[]> {
  const ids = (await deps.members.list(c.groupId)).map((m) => m.teamsUserId).filter((id): id is string => !!id);
  return ids.length > MAX_REFRESH_USERS ? [] : ids;
}

/** Records a message the bot posted in a group conversation as this case's card (of a kind: only summaries are re-rendered). */
export async function rememberPosted(deps: CaseDeps, c: CaseFile, conversationId: string, activityId: string, kind: PostedCard['kind']): Promise<void> {
  const conversationKey = `conv:${conversationId}`;
  await deps.cases.update(c.groupId, c.id, (cur) => {
    if (!cur) return undefined;
    const existing = cur.postedCards.find((p) => p.activityId === activityId && p.conversationKey === conversationKey);
    if (existing && (existing.kind ?? 'summary') === kind) return undefined;
    const others = cur.postedCards.filter((p) => p !== existing);
    return { ...cur, postedCards: [...others, { conversationKey, activityId, kind }].slice(-40) };
  });
}

/**
 * Makes revocation, expiry, membership changes and retention take effect on what was already shown:
 * every personal-chat message that showed details to someone the policy now refuses is replaced by the
 * withheld view, and (with `refreshPosted`) the posted summary cards get a fresh refresh list. Returns
 * how many earlier detail messages could not be replaced yet (the next run retries them).
 */
export async function reconcile(deps: CaseDeps, groupId: string, pseudonym: string, refreshPosted: boolean): Promise<number> {
  const c = await deps.cases.get(groupId, pseudonym);
  if (!c) return 0;
  const lang = await groupLang(deps, groupId);
  const dropped: string[] = [];
  let failed = 0;
  for (const view of c.shownViews) {
    const outcome = await replaceView(deps, c, view, lang);
    if (outcome === 'replaced') dropped.push(view.activityId);
    if (outcome === 'failed') failed++;
  }
  if (dropped.length > 0) {
    await deps.cases.update(groupId, pseudonym, (cur) => cur && { ...cur, shownViews: cur.shownViews.filter((v) => !dropped.includes(v.activityId)) });
  }
  if (refreshPosted && c.postedCards.length > 0) await refreshPostedSummaries(deps, c, lang);
  return failed;
}

/** Replaces one personal detail message by the withheld view when the policy now refuses its viewer. */
async function replaceView(deps: CaseDeps, c: CaseFile, view: CaseFile['shownViews'][number], lang: 'sv' | 'en'): Promise<'kept' | 'replaced' | 'failed'> {
  const member = await deps.members.get(c.groupId, view.aadObjectId);
  const conversation = await deps.conversations.get(view.conversationKey);
  const tenantId = conversation?.reference.conversation?.tenantId ?? c.tenantId;
  const d = decideView(deps, c, member, view.aadObjectId, tenantId, 'personal');
  if (d.decision === 'reveal') return 'kept';
  try {
    if (conversation) {
      const next = consentNextStep(d, member, c, isAdmin(deps, view.aadObjectId));
      const card = withheldCard(personalLang(conversation, lang), c, handbookOf(deps, c), d, [], next);
      const outcome = await deps.channel.replace(conversation.reference, view.activityId, card);
      if (outcome.status !== 'sent') throw new Error(`update ${outcome.status}`);
    }
    deps.logger.info({ caseId: c.id, groupId: c.groupId, reason: d.reason }, 'personal detail view replaced by the withheld view');
    return 'replaced';
  } catch (err) {
    deps.logger.warn({ err: (err as Error).message, caseId: c.id }, 'could not replace a personal detail view; will retry');
    return 'failed';
  }
}

/** Every posted summary card of the case, re-rendered with the current refresh list. */
async function refreshPostedSummaries(deps: CaseDeps, c: CaseFile, lang: 'sv' | 'en'): Promise<void> {
  const card = summaryCard(lang, c, handbookOf(deps, c), '', await refreshUsers(deps, c));
  for (const posted of c.postedCards.filter((p) => (p.kind ?? 'summary') === 'summary')) {
    const conversation = await deps.conversations.get(posted.conversationKey);
    if (!conversation) continue;
    try {
      const outcome = await deps.channel.replace(conversation.reference, posted.activityId, card);
      if (outcome.status !== 'sent') throw new Error(`update ${outcome.status}`);
    } catch (err) {
      deps.logger.warn({ err: (err as Error).message, caseId: c.id }, 'could not update a posted case card');
    }
  }
}
