import { ActionRepository } from '../actions/action-repository';
import type { Action } from '../actions/model';
import { MeetingRepository } from '../meetings/meeting-repository';
import type { Meeting } from '../meetings/model';
import type { Store } from '../../store/store';
import type { CaseFile } from './model';

/** What replaces a text that retention removed. */
export const REDACTED = '[gallrad]';

/** The texts of a case that retention removes: details, observation texts (at least 3 characters each). */
export function caseTexts(c: CaseFile): string[] {
  const texts = [c.details?.name, c.details?.area, c.details?.concern, ...c.observations.map((o) => o.text)];
  return texts.filter((t): t is string => typeof t === 'string' && t.trim().length >= 3).map((t) => t.trim());
}

/** `value` unless it contains one of `texts` (case-insensitive); then {@link REDACTED}. Pure. */
export function scrub(value: string, texts: readonly string[]): string {
  const lower = value.toLowerCase();
  return texts.some((t) => lower.includes(t.toLowerCase())) ? REDACTED : value;
}

/**
 * An indicated action of a case after retention: its free texts (title, description, outcome, decision
 * note) are gone; level, status, dates and the pseudonym stay, so counts and follow-up still work. Pure.
 */
export function redactAction(a: Action, pseudonym: string, now: Date): Action {
  const next: Action = { ...a, title: `Indikerad insats ${pseudonym}`, description: '', updatedAt: now.toISOString() };
  if (a.finished) next.finished = { ...a.finished, text: '' };
  if (a.decision) {
    const { reason: _reason, ...decision } = a.decision;
    next.decision = decision;
  }
  return next;
}

/** A meeting with every text that contains one of `texts` replaced. Pure; returns the same object when nothing matched. */
export function scrubMeeting(m: Meeting, texts: readonly string[]): Meeting {
  if (texts.length === 0) return m;
  const title = scrub(m.title, texts);
  const agendaNotes = scrub(m.agendaNotes, texts);
  const intro = m.intro === undefined ? undefined : scrub(m.intro, texts);
  const agenda = m.agenda?.map((s) => ({ ...s, items: s.items.map((i) => scrub(i, texts)) }));
  const changed = title !== m.title || agendaNotes !== m.agendaNotes || intro !== m.intro || JSON.stringify(agenda) !== JSON.stringify(m.agenda);
  return changed ? { ...m, title, agendaNotes, ...(intro === undefined ? {} : { intro }), ...(agenda ? { agenda } : {}) } : m;
}

/**
 * Retention of every copy of a case's text outside the case document: the indicated actions linked to
 * it (their own free texts, which are about the young person) and any meeting agenda or note that
 * repeats one of the case's or those actions' texts. `before` is the case as it was before its details
 * were removed. Returns how many documents were changed.
 */
export async function removeCaseCopies(store: Store, before: CaseFile, now: Date): Promise<{ actions: number; meetings: number }> {
  const actionsRepo = new ActionRepository(store);
  const meetingsRepo = new MeetingRepository(store);
  const texts = caseTexts(before);
  let actions = 0;
  for (const a of await actionsRepo.listForGroup(before.groupId)) {
    if (a.casePseudonym !== before.id) continue;
    texts.push(...[a.title, a.description, a.finished?.text, a.decision?.reason].filter((t): t is string => typeof t === 'string' && t.trim().length >= 3).map((t) => t.trim()));
    const { changed } = await actionsRepo.update(a.groupId, a.id, (cur) => cur && redactAction(cur, before.id, now));
    if (changed) actions++;
  }
  let meetings = 0;
  for (const m of await meetingsRepo.list(before.groupId)) {
    if (scrubMeeting(m, texts) === m) continue;
    const { changed } = await meetingsRepo.update(m.groupId, m.id, (cur) => {
      if (!cur) return undefined;
      const next = scrubMeeting(cur, texts);
      return next === cur ? undefined : next;
    });
    if (changed) meetings++;
  }
  return { actions, meetings };
}
