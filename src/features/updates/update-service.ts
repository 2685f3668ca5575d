import { DateTime } from 'luxon';
import { STOCKHOLM } from '../../time-zone';
import { checkCardBinding, type CardBindingReason, type CardRecord } from '../../access/card-binding';
import { type Lang, normalizeText } from '../../i18n';
import { updateTexts } from '../../i18n/updates';
import { findPersonalData } from '../../privacy/pii-guard';
import type { Agency, Group } from '../groups/model';
import { personalDataMessage } from './cards';
import { updateFormSchema, type SituationUpdate, type UpdateForm } from './model';
import type { UpdateRepository } from './update-repository';

const ZONE = STOCKHOLM;

/** Update forms the bot posted: only a recorded form may post an update, once (src/access/card-binding.ts). */
export interface UpdateFormLedger {
  remember(groupId: string, conversationId: string, activityId: string, now: Date): Promise<void>;
  find(groupId: string, conversationId: string, activityId: string | undefined): Promise<CardRecord[]>;
  take(groupId: string, conversationId: string, activityId: string): Promise<boolean>;
}

/** The posted-forms store as the updates feature uses it (its `update` kind); structural, so no `src/bot/` import. */
export interface PostedFormsOfKind {
  remember(kind: 'update', groupId: string, conversationId: string, activityId: string, now: Date): Promise<void>;
  find(kind: 'update', groupId: string, conversationId: string, activityId: string | undefined): Promise<CardRecord[]>;
  take(kind: 'update', groupId: string, conversationId: string, activityId: string): Promise<boolean>;
}

/** The update forms of the shared posted-forms store. */
export function updateFormLedger(forms: PostedFormsOfKind): UpdateFormLedger {
  return {
    remember: (groupId, conversationId, activityId, now) => forms.remember('update', groupId, conversationId, activityId, now),
    find: (groupId, conversationId, activityId) => forms.find('update', groupId, conversationId, activityId),
    take: (groupId, conversationId, activityId) => forms.take('update', groupId, conversationId, activityId)
  };
}

/** Where a card action came from: the conversation and the message holding the pressed card. */
export interface CardOrigin {
  kind: 'personal' | 'groupChat' | 'channel';
  conversationId: string;
  replyToId?: string;
}

/** Who acts: a registered member of the group (author of new updates). */
export interface UpdateActor {
  aadObjectId: string;
  agency: Agency;
  name?: string;
  coordinator: boolean;
}

/** Checks a submitted form; either the values to store or the reason to show in the form. */
export function checkUpdateForm(
  data: Record<string, unknown>,
  group: Pick<Group, 'areas'>,
  now: Date,
  lang: Lang
): { ok: true; form: UpdateForm; area: string } | { ok: false; error: string; personalData?: boolean } {
  const t = updateTexts(lang);
  if (data.level === 'indikerad') return { ok: false, error: t.indicated };
  const text = typeof data.text === 'string' ? data.text : '';
  const findings = findPersonalData(text);
  if (findings.length > 0) return { ok: false, error: personalDataMessage(lang, findings), personalData: true };
  const parsed = updateFormSchema.safeParse(data);
  if (!parsed.success) return { ok: false, error: t.invalid };
  const form = parsed.data;
  const area = group.areas.find((a) => normalizeText(a) === normalizeText(form.area));
  if (!area) return { ok: false, error: t.unknownArea(group.areas.join(', ')) };
  const observed = DateTime.fromISO(form.observedOn, { zone: ZONE });
  const today = DateTime.fromJSDate(now, { zone: ZONE }).startOf('day');
  if (!observed.isValid) return { ok: false, error: t.invalid };
  if (observed > today) return { ok: false, error: t.futureDate };
  if (observed < today.minus({ years: 1 })) return { ok: false, error: t.tooOld };
  return { ok: true, form, area };
}

/** The fields a submitted or edited form sets on an update: the same for both. */
function contentOf(form: UpdateForm, area: string) {
  return { area, areaKey: normalizeText(area), category: form.category, trend: form.trend, level: form.level, observedOn: form.observedOn, text: form.text };
}

/** The outcome of a submit: stored (or stored before, for a repeated press), refused with the form, or not from a recorded form. */
export type SubmitResult =
  | { ok: true; update: SituationUpdate; created: boolean }
  | { ok: false; reason: 'invalid'; error: string; personalData: boolean }
  | { ok: false; reason: 'foreignCard'; binding: Exclude<CardBindingReason, 'bound'> | 'formUsed' };

/** The outcome of a change (edit or withdraw) of a stored update. */
export type ChangeResult =
  | { ok: true; update: SituationUpdate; changed: boolean; posted: 'bound' | 'skip' }
  | { ok: false; reason: 'notFound' | 'notAuthor' | 'withdrawn' }
  | { ok: false; reason: 'invalid'; error: string; personalData: boolean }
  | { ok: false; reason: 'foreignCard'; binding: Exclude<CardBindingReason, 'bound'> };

/**
 * Situation updates as use cases on plain inputs: the group, the acting member, the card's origin, the
 * form values and the clock. Access beyond "a member of this group" and the card binding is decided by
 * the handlers' guards; every trigger (card verb, command) calls these.
 */
export class UpdateService {
  constructor(private readonly updates: UpdateRepository, private readonly forms: UpdateFormLedger) {}

  /** Records a form the bot just posted, so that only it can post an update. */
  rememberForm(groupId: string, conversationId: string, activityId: string, now: Date): Promise<void> {
    return this.forms.remember(groupId, conversationId, activityId, now);
  }

  get(groupId: string, id: string): Promise<SituationUpdate | undefined> {
    return this.updates.get(groupId, id);
  }

  /** Stores a new update from a recorded form of this conversation, at most once per form and draft. */
  async submit(group: Group, actor: UpdateActor, origin: CardOrigin, data: Record<string, unknown> & { draftId: string }, now: Date, lang: Lang): Promise<SubmitResult> {
    const existing = await this.updates.get(group.id, data.draftId);
    if (existing) return { ok: true, update: existing, created: false };
    const bound = { ...origin, groupId: group.id };
    const binding = checkCardBinding(bound, { groupId: group.id, cards: await this.forms.find(group.id, origin.conversationId, origin.replyToId) });
    if (!binding.allowed) return { ok: false, reason: 'foreignCard', binding: binding.reason };
    const checked = checkUpdateForm(data, group, now, lang);
    if (!checked.ok) return { ok: false, reason: 'invalid', error: checked.error, personalData: !!checked.personalData };
    if (!(await this.forms.take(group.id, origin.conversationId, origin.replyToId!))) {
      const made = await this.updates.get(group.id, data.draftId);
      return made ? { ok: true, update: made, created: false } : { ok: false, reason: 'foreignCard', binding: 'formUsed' };
    }
    const at = now.toISOString();
    const update: SituationUpdate = {
      id: data.draftId,
      groupId: group.id,
      municipalityKey: group.municipalityKey,
      ...contentOf(checked.form, checked.area),
      agency: actor.agency,
      authorAad: actor.aadObjectId,
      authorName: actor.name,
      status: 'active',
      history: [{ at, by: actor.aadObjectId, action: 'created' }],
      createdAt: at,
      updatedAt: at,
      posted: origin.replyToId ? { conversationId: origin.conversationId, activityId: origin.replyToId } : undefined
    };
    const stored = await this.updates.create(update);
    return { ok: true, update: stored ?? (await this.updates.get(group.id, update.id))!, created: !!stored };
  }

  /** May `actor` change `update`: its author or a coordinator. */
  mayChange(actor: UpdateActor | { aadObjectId?: string; coordinator: boolean }, update: SituationUpdate): boolean {
    return actor.coordinator || actor.aadObjectId?.toLowerCase() === update.authorAad;
  }

  /** Loads an update for a change by its author or a coordinator, checked against the card it is pressed on. */
  async forChange(group: Group, actor: { aadObjectId?: string; coordinator: boolean }, id: string, origin: CardOrigin, active = true) {
    const update = await this.updates.get(group.id, id);
    if (!update) return { ok: false as const, reason: 'notFound' as const };
    if (!this.mayChange(actor, update)) return { ok: false as const, reason: 'notAuthor' as const };
    if (active && update.status !== 'active') return { ok: false as const, reason: 'withdrawn' as const };
    if (!update.posted) return { ok: true as const, update, posted: 'skip' as const };
    const binding = checkCardBinding({ ...origin, groupId: group.id }, { groupId: update.groupId, cards: [update.posted] });
    return binding.allowed ? { ok: true as const, update, posted: 'bound' as const } : { ok: false as const, reason: 'foreignCard' as const, binding: binding.reason };
  }

  /** Corrects an active update (author or coordinator), from its own card. */
  async edit(group: Group, actor: { aadObjectId: string; coordinator: boolean }, origin: CardOrigin, data: Record<string, unknown> & { draftId: string }, now: Date, lang: Lang): Promise<ChangeResult> {
    const found = await this.forChange(group, actor, data.draftId, origin);
    if (!found.ok) return found;
    const checked = checkUpdateForm(data, group, now, lang);
    if (!checked.ok) return { ok: false, reason: 'invalid', error: checked.error, personalData: !!checked.personalData };
    const at = now.toISOString();
    const by = actor.aadObjectId.toLowerCase();
    const { doc, changed } = await this.updates.update(group.id, found.update.id, (u) =>
      u && u.status === 'active' ? { ...u, ...contentOf(checked.form, checked.area), updatedAt: at, history: [...u.history, { at, by, action: 'edited' }] } : undefined
    );
    if (!doc || doc.status !== 'active') return { ok: false, reason: 'withdrawn' };
    return { ok: true, update: doc, changed, posted: found.posted };
  }

  /** Withdraws an update (author or coordinator), from its own card; withdrawing twice changes nothing. */
  async withdraw(group: Group, actor: { aadObjectId: string; name?: string; coordinator: boolean }, origin: CardOrigin, id: string, now: Date): Promise<ChangeResult> {
    const found = await this.forChange(group, actor, id, origin, false);
    if (!found.ok) return found;
    const at = now.toISOString();
    const by = actor.aadObjectId.toLowerCase();
    const { doc, changed } = await this.updates.update(group.id, id, (u) =>
      u && u.status === 'active'
        ? { ...u, status: 'withdrawn', withdrawnBy: by, withdrawnByName: actor.name, withdrawnAt: at, updatedAt: at, history: [...u.history, { at, by, action: 'withdrawn' }] }
        : undefined
    );
    if (!doc) return { ok: false, reason: 'notFound' };
    return { ok: true, update: doc, changed, posted: found.posted };
  }
}
