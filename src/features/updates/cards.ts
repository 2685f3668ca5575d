import { DateTime } from 'luxon';
import { renderCard, type AdaptiveCard } from '../../cards/render';
import type { Lang } from '../../i18n';
import { labelTexts } from '../../i18n/groups';
import { updateLabels, updateTexts } from '../../i18n/updates';
import { personalDataKinds, type PiiFinding } from '../../privacy/pii-guard';
import type { Group } from '../groups/model';
import { CATEGORIES, TRENDS, type SituationUpdate } from './model';
import { STOCKHOLM } from '../../time-zone';

/** Card verbs of the updates feature, shared by the card models and the handlers. */
export const UPDATE_VERBS = {
  submit: 'updates.submit',
  save: 'updates.save',
  show: 'updates.show',
  edit: 'updates.edit',
  withdraw: 'updates.withdraw'
} as const;

const FORM_LEVELS = ['generell', 'selektiv', 'indikerad'] as const;

function options(keys: readonly string[], lang: Lang) {
  const labels = updateLabels(lang) as Record<string, string>;
  return keys.map((value) => ({ value, title: labels[value] }));
}

/** The update form, new or for a correction, with the user's draft and an error when refused. */
export function updateFormCard(
  lang: Lang,
  group: Group,
  draft: { draftId: string; values: Record<string, unknown>; today: string; error?: string; edit?: boolean }
): AdaptiveCard {
  const t = updateTexts(lang);
  const v = draft.values;
  const str = (x: unknown, fallback = '') => (typeof x === 'string' ? x : fallback);
  return renderCard('update-form', {
    t: {
      title: draft.edit ? t.editTitle : t.formTitle,
      intro: t.formIntro,
      area: t.area,
      category: t.category,
      trend: t.trend,
      level: t.level,
      observedOn: t.observedOn,
      text: t.text,
      textHint: t.textHint,
      submit: draft.edit ? t.save : t.submit,
      required: t.required
    },
    values: {
      area: str(v.area, group.areas.length === 1 ? group.areas[0] : ''),
      category: str(v.category),
      trend: str(v.trend),
      level: str(v.level, 'generell'),
      observedOn: str(v.observedOn, draft.today),
      text: str(v.text)
    },
    error: draft.error ?? '',
    areas: group.areas.map((a) => ({ value: a, title: a })),
    categories: options(CATEGORIES, lang),
    trends: options(TRENDS, lang),
    levels: options(FORM_LEVELS, lang),
    today: draft.today,
    draftId: draft.draftId,
    verb: draft.edit ? UPDATE_VERBS.save : UPDATE_VERBS.submit
  }, lang);
}

/** The refusal for text with personal data, naming what was found (never the found text itself). */
export function personalDataMessage(lang: Lang, findings: readonly PiiFinding[]): string {
  const t = updateTexts(lang);
  const names = personalDataKinds(findings).map(
    (k) => ({ personnummer: t.kindPersonnummer, samordningsnummer: t.kindSamordningsnummer, phone: t.kindPhone, email: t.kindEmail })[k]
  );
  const list = names.length > 1 ? `${names.slice(0, -1).join(', ')} ${t.and} ${names[names.length - 1]}` : names[0];
  return t.personalData(list);
}

function day(iso: string): string {
  return DateTime.fromISO(iso, { zone: STOCKHOLM }).toISODate() ?? iso.slice(0, 10);
}

/**
 * The posted update. The group sees the facts without the text (free text stays out of group-posted
 * cards); `showText` renders the view one member gets from "Visa text" or after writing it.
 */
export function updateCard(lang: Lang, update: SituationUpdate, showText: boolean): AdaptiveCard {
  const t = updateTexts(lang);
  const labels = updateLabels(lang);
  const agencies = labelTexts(lang);
  const edited = update.history.some((h) => h.action === 'edited');
  return renderCard('update-posted', {
    t: { show: t.show, edit: t.edit, withdraw: t.withdraw },
    title: t.postedTitle(update.area, labels[update.category]),
    facts: [
      { title: t.area, value: update.area },
      { title: t.category, value: labels[update.category] },
      { title: t.trend, value: labels[update.trend] },
      { title: t.level, value: labels[update.level] },
      { title: t.observedOn, value: update.observedOn },
      { title: t.agency, value: agencies[update.agency] },
      { title: t.author, value: update.authorName ?? '' }
    ],
    status: update.status === 'withdrawn' ? t.withdrawnBy(update.withdrawnByName ?? '', day(update.withdrawnAt ?? update.updatedAt)) : '',
    note: [edited ? t.edited(day(update.updatedAt)) : '', showText ? '' : t.textHidden].filter(Boolean).join(' '),
    text: showText ? update.text : '',
    showText,
    active: update.status === 'active',
    updateId: update.id,
    verbs: { show: UPDATE_VERBS.show, edit: UPDATE_VERBS.edit, withdraw: UPDATE_VERBS.withdraw }
  }, lang);
}
