import { renderCard, type AdaptiveCard } from '../../cards/render';
import type { Lang } from '../../i18n';
import { actionLabels, actionTexts } from '../../i18n/actions';
import { labelTexts } from '../../i18n/groups';
import { AGENCIES, type Group, type Member } from '../groups/model';
import { daysBetween, formatDate, formatInstant, isOverdue } from './dates';
import { ACTION_LEVELS, type Action } from './model';
import type { CitizenPromise, PromiseProgress } from './promise-repository';
import { availableCommands, type CommandType } from './status';

/** Card verbs of actions and citizen promises, shared by the card models and the handlers. */
export const ACTION_VERBS = {
  propose: 'actions.propose',
  approve: 'actions.approve',
  reject: 'actions.reject',
  start: 'actions.start',
  done: 'actions.done',
  cancel: 'actions.cancel',
  createPromise: 'promises.create'
} as const;

const VERB_OF: Record<CommandType, string> = {
  approve: ACTION_VERBS.approve,
  reject: ACTION_VERBS.reject,
  start: ACTION_VERBS.start,
  done: ACTION_VERBS.done,
  cancel: ACTION_VERBS.cancel
};

/**
 * What an action shows in a conversation. Indicated actions belong to a case: their title and description
 * are withheld and only the pseudonym is shown.
 *
 * Merge point (cases): when the cases feature exists, a caller that has checked the case's consent for the
 * conversation may pass `reveal: true`; posted group cards never do.
 */
export function actionDisplay(action: Pick<Action, 'level' | 'casePseudonym'> & { title?: string; description?: string }, lang: Lang, reveal = false): { title: string; description: string } {
  const t = actionTexts(lang);
  if (action.level === 'indikerad' && !reveal) return { title: t.indicatedTitle(action.casePseudonym ?? ''), description: t.indicatedWithheld };
  return { title: action.title ?? '', description: action.description ?? '' };
}

/** What a line of an action list shows: an action, or its read-model entry (`ActionEntry` fits). */
export type ActionListItem = Pick<Action, 'groupId' | 'level' | 'casePseudonym' | 'status' | 'ownerName' | 'dueDate'> & { title?: string };

/** Form values of the proposal card (strings, as the card returns them). */
export interface ProposalValues {
  title: string;
  description: string;
  level: string;
  area: string;
  casePseudonym: string;
  agency: string;
  ownerId: string;
  dueDate: string;
  promiseId: string;
}

export function proposalValues(data: Record<string, unknown>, defaults: Partial<ProposalValues> = {}): ProposalValues {
  const s = (k: keyof ProposalValues) => (typeof data[k] === 'string' ? (data[k] as string) : (defaults[k] ?? ''));
  return {
    title: s('title'),
    description: s('description'),
    level: s('level') || 'selektiv',
    area: s('area'),
    casePseudonym: s('casePseudonym'),
    agency: s('agency'),
    ownerId: s('ownerId'),
    dueDate: s('dueDate'),
    promiseId: s('promiseId')
  };
}

/** The proposal form: owners are the group's members, promises those of the group's municipality. */
export function proposalCard(lang: Lang, group: Group, members: readonly Member[], promises: readonly CitizenPromise[], values: ProposalValues, error: string): AdaptiveCard {
  const t = actionTexts(lang);
  const labels = actionLabels(lang);
  const agencyLabels = labelTexts(lang) as Record<string, string>;
  return renderCard('action-new', {
    t: {
      newTitle: t.newTitle,
      newIntro: t.newIntro,
      title: t.title,
      description: t.description,
      level: t.level,
      areaHint: t.areaHint,
      casePseudonym: t.casePseudonym,
      caseHint: t.caseHint,
      agency: t.agency,
      owner: t.owner,
      due: t.due,
      promise: t.promise,
      submit: t.submit,
      required: t.required
    },
    error,
    values,
    levels: ACTION_LEVELS.map((value) => ({ value, title: labels[value] })),
    areas: [{ value: '', title: '–' }, ...group.areas.map((a) => ({ value: a, title: a }))],
    agencies: AGENCIES.map((value) => ({ value, title: agencyLabels[value] })),
    owners: members.map((m) => ({ value: m.aadObjectId, title: m.name ?? m.aadObjectId })),
    promises: [{ value: '', title: t.noPromise }, ...promises.map((p) => ({ value: p.id, title: p.title }))],
    verb: ACTION_VERBS.propose
  }, lang);
}

/** The status lines of an action: who proposed, decided, started and finished it, and when. */
function statusLines(action: Action, lang: Lang): string[] {
  const t = actionTexts(lang);
  const when = (at: string) => formatInstant(at, lang);
  const lines = [t.proposedBy(action.created.byName, when(action.created.at))];
  const d = action.decision;
  if (d) lines.push(d.outcome === 'godkand' ? t.approvedBy(d.byName, when(d.at)) : t.rejectedBy(d.byName, when(d.at), d.reason ?? ''));
  if (action.started) lines.push(t.startedBy(action.started.byName, when(action.started.at)));
  const f = action.finished;
  if (f) lines.push(f.outcome === 'klar' ? t.doneBy(f.byName, when(f.at), f.text) : t.cancelledBy(f.byName, when(f.at), f.text));
  return lines;
}

/** The action card, built only from the stored action: it is both the invoke answer and the posted card. */
export function actionCard(lang: Lang, action: Action, options: { today: string; promiseTitle?: string; message?: string }): AdaptiveCard {
  const t = actionTexts(lang);
  const labels = actionLabels(lang);
  const agencyLabels = labelTexts(lang) as Record<string, string>;
  const shown = actionDisplay(action, lang);
  const facts = [
    { title: t.level, value: labels[action.level] },
    action.level === 'indikerad' ? { title: t.casePseudonym, value: action.casePseudonym ?? '' } : { title: t.area, value: action.area || '–' },
    { title: t.agency, value: agencyLabels[action.agency] ?? action.agency },
    { title: t.owner, value: action.ownerName },
    { title: t.due, value: formatDate(action.dueDate, lang) }
  ];
  if (options.promiseTitle) facts.push({ title: t.promise, value: options.promiseTitle });
  const overdue = isOverdue(action, options.today);
  const lines = statusLines(action, lang);
  if (overdue) lines.push(t.overdueLine(daysBetween(action.dueDate, options.today)));
  const commands = availableCommands(action.status);
  const title: Record<CommandType, string> = { approve: t.approve, reject: t.reject, start: t.start, done: t.done, cancel: t.cancel };
  return renderCard('action', {
    t: { note: t.note, notePlaceholder: t.notePlaceholder },
    title: shown.title,
    description: shown.description,
    message: options.message ?? '',
    facts,
    statusLine: `${t.status}: ${labels[action.status]}`,
    statusColor: overdue || action.status === 'avslagen' || action.status === 'avbruten' ? 'Attention' : action.status === 'klar' ? 'Good' : 'Default',
    lines: lines.map((line) => ({ line })),
    showNote: commands.some((c) => c === 'reject' || c === 'done' || c === 'cancel'),
    buttons: commands.map((c) => ({ title: title[c], verb: VERB_OF[c] })),
    actionId: action.id
  }, lang);
}

/**
 * At most this many actions in a list card, the earliest due first: a list of every open action would pass
 * Teams' message size limit (413 MessageSizeTooBig) in a group with a hundred or more.
 */
export const LIST_LIMIT = 25;
/** A title in a list card is cut to this many characters (titles may be up to 5 000); the action's own card shows it whole. */
export const LIST_TITLE_CHARS = 200;

/** `text` cut to `max` characters, the cut marked with an ellipsis. */
export function shorten(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}

/**
 * A list of actions, already sorted by due date: the first `LIST_LIMIT` are shown, and a line says how many
 * of how many. `groupNames` adds the group's name when the list spans several groups.
 */
export function actionListCard(lang: Lang, heading: string, actions: readonly ActionListItem[], today: string, groupNames?: ReadonlyMap<string, string>): AdaptiveCard {
  const t = actionTexts(lang);
  const labels = actionLabels(lang);
  const shown = actions.slice(0, LIST_LIMIT);
  return renderCard('action-list', {
    heading,
    empty: t.listEmpty,
    more: actions.length > shown.length ? t.listMore(shown.length, actions.length) : '',
    items: shown.map((a) => {
      const detail = t.listItem(labels[a.status], a.ownerName, formatDate(a.dueDate, lang));
      const group = groupNames?.get(a.groupId);
      return {
        title: shorten(actionDisplay(a, lang).title, LIST_TITLE_CHARS),
        detail: group ? `${group} · ${detail}` : detail,
        warning: isOverdue(a, today) ? t.overdueLine(daysBetween(a.dueDate, today)) : ''
      };
    })
  }, lang);
}

export interface PromiseValues {
  title: string;
  policeArea: string;
  periodStart: string;
  periodEnd: string;
  commitments: string;
}

export function promiseValues(data: Record<string, unknown>): PromiseValues {
  const s = (k: keyof PromiseValues) => (typeof data[k] === 'string' ? (data[k] as string) : '');
  return { title: s('title'), policeArea: s('policeArea'), periodStart: s('periodStart'), periodEnd: s('periodEnd'), commitments: s('commitments') };
}

export function promiseFormCard(lang: Lang, group: Group, values: PromiseValues, error: string): AdaptiveCard {
  const t = actionTexts(lang);
  return renderCard('promise-new', {
    t: {
      promiseNewTitle: t.promiseNewTitle,
      promiseNewIntro: t.promiseNewIntro,
      promiseTitle: t.promiseTitle,
      municipality: t.municipality,
      policeArea: t.policeArea,
      periodStart: t.periodStart,
      periodEnd: t.periodEnd,
      commitments: t.commitments,
      promiseSubmit: t.promiseSubmit,
      required: t.required
    },
    municipality: group.municipality,
    values,
    error,
    verb: ACTION_VERBS.createPromise
  }, lang);
}

/** Citizen promises of a municipality with their progress over linked actions. */
export function promisesCard(lang: Lang, municipality: string, entries: ReadonlyArray<{ promise: CitizenPromise; progress: PromiseProgress }>, status = ''): AdaptiveCard {
  const t = actionTexts(lang);
  return renderCard('promises', {
    t: { parties: t.parties, period: t.period, progress: t.progress },
    heading: t.promisesTitle(municipality),
    status,
    empty: t.promisesEmpty,
    promises: entries.map(({ promise, progress }) => ({
      title: promise.title,
      parties: `${promise.municipality} · ${promise.policeArea}`,
      period: `${formatDate(promise.periodStart, lang)} – ${formatDate(promise.periodEnd, lang)}`,
      progress: [t.progressText(progress.done, progress.total), ...(progress.proposed ? [t.progressProposed(progress.proposed)] : [])].join(' · '),
      warning: progress.overdue ? t.progressOverdue(progress.overdue) : '',
      commitments: promise.commitments.map((text) => ({ text }))
    }))
  }, lang);
}
