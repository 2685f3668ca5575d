import { randomUUID } from 'node:crypto';
import type { TurnContext } from 'botbuilder';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { checkCardBinding } from '../../access/card-binding';
import { updatePostedCard } from '../../bot/posted-card';
import { PostedForms } from '../../bot/posted-forms';
import { onCardAction } from '../../bot/card-actions';
import { cardMessage, type InvokeAnswer } from '../../bot/invoke';
import type { AdaptiveCard } from '../../cards/render';
import { type Lang, normalizeText } from '../../i18n';
import { commonTexts } from '../../i18n/common';
import { updateTexts } from '../../i18n/updates';
import { findPersonalData } from '../../privacy/pii-guard';
import type { Feature, FeatureContext } from '../feature';
import type { Access } from '../groups/access';
import type { Group } from '../groups/model';
import { personalDataMessage, updateCard, updateFormCard, UPDATE_VERBS } from './cards';
import { updateFormSchema, updateRefSchema, type SituationUpdate, type UpdateForm } from './model';
import { updatesSummarySource } from './summary-source';
import { UpdateRepository } from './update-repository';
import { STOCKHOLM } from '../../time-zone';

export { UPDATE_VERBS } from './cards';

const ZONE = STOCKHOLM;

/** The id of the command that posts a new update form; `lägesbild` without arguments in an SSPF group runs it. */
export const NEW_UPDATE_COMMAND = 'updates.new';

/** Raw form data: checked field by field so a refusal gives the form back with the draft. */
const rawForm = z.record(z.unknown()).and(z.object({ draftId: z.string().uuid() }));

/** Checks a submitted form; either the values to store or the reason to show in the form. */
export function checkUpdateForm(
  data: Record<string, unknown>,
  group: Group,
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
  return {
    area,
    areaKey: normalizeText(area),
    category: form.category,
    trend: form.trend,
    level: form.level,
    observedOn: form.observedOn,
    text: form.text
  };
}

/** Situation updates: the update card, its refusals, and correcting or withdrawing from the card. */
export const updatesFeature: Feature = {
  name: 'updates',
  register(ctx: FeatureContext) {
    const { app, router, access: resolver, clock, logger, store } = ctx;
    const updates = new UpdateRepository(store);
    const forms = new PostedForms(store);
    ctx.summarySources.register(updatesSummarySource(updates));
    const today = () => DateTime.fromJSDate(clock.now(), { zone: ZONE }).toISODate()!;

    const replacePostedCard = (context: TurnContext, card: AdaptiveCard) => updatePostedCard(ctx.outbound, context, card, logger);

    /** Refusals shared by every verb: a registered group and a registered member. */
    function refuse(access: Access, lang: Lang): InvokeAnswer | undefined {
      if (access.where.kind === 'personal') return { kind: 'message', text: commonTexts(lang).groupOnly };
      if (!access.group) return { kind: 'message', text: commonTexts(lang).notInGroup };
      if (!access.member && !access.coordinator) return { kind: 'message', text: commonTexts(lang).notMember };
      return undefined;
    }

    router.register({
      id: NEW_UPDATE_COMMAND,
      aliases: { sv: ['lägesbild ny', 'ny lägesbild', 'ny lägesrapport', 'lägesrapport'], en: ['new update', 'situation update'] },
      help: {
        sv: 'Skriv en lägesrapport för ett område (i en SSPF-grupp räcker **lägesbild**).',
        en: 'Post a situation update for an area (in an SSPF group **situation** is enough).'
      },
      async handler(context, input) {
        await sendUpdateForm(context, input.lang);
      }
    });

    /** Posts a new, empty update form in the group's conversation. */
    async function sendUpdateForm(context: TurnContext, lang: Lang): Promise<void> {
      const access = await resolver.resolve(context);
      if (access.where.kind === 'personal') return void (await context.sendActivity(commonTexts(lang).groupOnly));
      if (!access.group) return void (await context.sendActivity(commonTexts(lang).notInGroup));
      if (!access.member) return void (await context.sendActivity(commonTexts(lang).notMember));
      const card = updateFormCard(access.group.language, access.group, { draftId: randomUUID(), values: {}, today: today() });
      const sent = await context.sendActivity(cardMessage(card));
      // Only a form recorded here may post an update and be replaced by its card (src/access/card-binding.ts).
      if (sent?.id) await forms.remember('update', access.group.id, access.where.conversationId, sent.id, clock.now());
    }

    onCardAction(app, UPDATE_VERBS.submit, rawForm, async (context, data) => {
      const access = await resolver.resolve(context);
      const lang = access.group?.language ?? access.userLang;
      const refused = refuse(access, lang);
      if (refused) return refused;
      if (!access.member) return { kind: 'message', text: commonTexts(lang).notMember };
      const group = access.group!;
      const member = access.member;
      const existing = await updates.get(group.id, data.draftId);
      if (existing) return { kind: 'card', card: updateCard(lang, existing, existing.authorAad === member.aadObjectId) };
      // Bound to an update form the bot posted in this very conversation of this group, used once.
      const origin = { kind: access.where.kind, conversationId: access.where.conversationId, replyToId: context.activity.replyToId, groupId: group.id };
      const binding = checkCardBinding(origin, { groupId: group.id, cards: await forms.find('update', group.id, access.where.conversationId, context.activity.replyToId) });
      const foreign = (reason: string): InvokeAnswer => {
        logger.warn({ groupId: group.id, reason }, 'situation update refused: not from a recorded form');
        return { kind: 'message', text: commonTexts(access.userLang).foreignCard };
      };
      if (!binding.allowed) return foreign(binding.reason);
      const checked = checkUpdateForm(data, group, clock.now(), lang);
      if (!checked.ok) {
        if (checked.personalData) logger.info({ groupId: group.id }, 'situation update refused: personal data in text');
        return { kind: 'card', card: updateFormCard(lang, group, { draftId: data.draftId, values: data, today: today(), error: checked.error }) };
      }
      if (!(await forms.take('update', group.id, access.where.conversationId, origin.replyToId!))) {
        const made = await updates.get(group.id, data.draftId);
        return made ? { kind: 'card', card: updateCard(lang, made, made.authorAad === member.aadObjectId) } : foreign('formUsed');
      }
      const now = clock.now().toISOString();
      const { form, area } = checked;
      const update: SituationUpdate = {
        id: data.draftId,
        groupId: group.id,
        municipalityKey: group.municipalityKey,
        ...contentOf(form, area),
        agency: member.agency,
        authorAad: member.aadObjectId,
        authorName: member.name ?? access.actor.name,
        status: 'active',
        history: [{ at: now, by: member.aadObjectId, action: 'created' }],
        createdAt: now,
        updatedAt: now,
        posted: context.activity.replyToId ? { conversationId: access.where.conversationId, activityId: context.activity.replyToId } : undefined
      };
      const stored = (await updates.create(update)) ?? (await updates.get(group.id, update.id))!;
      logger.info({ groupId: group.id, updateId: stored.id, category: stored.category, trend: stored.trend }, 'situation update posted');
      replacePostedCard(context, updateCard(lang, stored, false));
      return { kind: 'card', card: updateCard(lang, stored, true) };
    });

    /** Loads the update a card button names, in this group, for a member. */
    async function loadForMember(
      context: TurnContext,
      updateId: string
    ): Promise<{ refused: InvokeAnswer } | { access: Access; update: SituationUpdate; lang: Lang; group: Group }> {
      const access = await resolver.resolve(context);
      const lang = access.group?.language ?? access.userLang;
      const refused = refuse(access, lang);
      if (refused) return { refused };
      const update = await updates.get(access.group!.id, updateId);
      if (!update) return { refused: { kind: 'message', text: updateTexts(lang).notFound } };
      return { access, update, lang, group: access.group! };
    }

    /**
     * src/access/card-binding.ts for a change of a stored update: it may update only the update's own
     * recorded card, in that conversation, of that conversation's group. `skip`: an update stored before
     * cards were recorded, changed without touching any message.
     */
    function bindingOf(context: TurnContext, access: Access, update: SituationUpdate, lang: Lang): 'bound' | 'skip' | InvokeAnswer {
      if (!update.posted) return 'skip';
      const binding = checkCardBinding(
        { kind: access.where.kind, conversationId: access.where.conversationId, replyToId: context.activity.replyToId, groupId: access.group?.id },
        { groupId: update.groupId, cards: [update.posted] }
      );
      if (binding.allowed) return 'bound';
      logger.warn({ updateId: update.id, reason: binding.reason }, 'update card action refused: not bound to its card');
      return { kind: 'message', text: commonTexts(lang).foreignCard };
    }

    function mayChange(access: Access, update: SituationUpdate): boolean {
      return access.coordinator || access.actor.aadObjectId?.toLowerCase() === update.authorAad;
    }

    onCardAction(app, UPDATE_VERBS.show, updateRefSchema, async (context, data) => {
      const r = await loadForMember(context, data.updateId);
      if ('refused' in r) return r.refused;
      return { kind: 'card', card: updateCard(r.lang, r.update, true) };
    });

    onCardAction(app, UPDATE_VERBS.edit, updateRefSchema, async (context, data) => {
      const r = await loadForMember(context, data.updateId);
      if ('refused' in r) return r.refused;
      const t = updateTexts(r.lang);
      if (!mayChange(r.access, r.update)) return { kind: 'message', text: t.notAuthor };
      if (r.update.status !== 'active') return { kind: 'message', text: t.alreadyWithdrawn };
      const values = { ...r.update };
      return { kind: 'card', card: updateFormCard(r.lang, r.group, { draftId: r.update.id, values, today: today(), edit: true }) };
    });

    onCardAction(app, UPDATE_VERBS.save, rawForm, async (context, data) => {
      const r = await loadForMember(context, data.draftId);
      if ('refused' in r) return r.refused;
      const t = updateTexts(r.lang);
      if (!mayChange(r.access, r.update)) return { kind: 'message', text: t.notAuthor };
      if (r.update.status !== 'active') return { kind: 'message', text: t.alreadyWithdrawn };
      const bound = bindingOf(context, r.access, r.update, r.lang);
      if (typeof bound !== 'string') return bound;
      const checked = checkUpdateForm(data, r.group, clock.now(), r.lang);
      if (!checked.ok) {
        if (checked.personalData) logger.info({ groupId: r.group.id, updateId: r.update.id }, 'situation update change refused: personal data in text');
        return { kind: 'card', card: updateFormCard(r.lang, r.group, { draftId: data.draftId, values: data, today: today(), error: checked.error, edit: true }) };
      }
      const now = clock.now().toISOString();
      const by = r.access.actor.aadObjectId!.toLowerCase();
      const { form, area } = checked;
      const { doc } = await updates.update(r.group.id, r.update.id, (u) =>
        u && u.status === 'active'
          ? {
              ...u,
              ...contentOf(form, area),
              updatedAt: now,
              history: [...u.history, { at: now, by, action: 'edited' }]
            }
          : undefined
      );
      if (!doc || doc.status !== 'active') return { kind: 'message', text: t.alreadyWithdrawn };
      logger.info({ groupId: r.group.id, updateId: doc.id, by }, 'situation update edited');
      if (bound === 'bound') replacePostedCard(context, updateCard(r.lang, doc, false));
      return { kind: 'card', card: updateCard(r.lang, doc, true) };
    });

    onCardAction(app, UPDATE_VERBS.withdraw, updateRefSchema, async (context, data) => {
      const r = await loadForMember(context, data.updateId);
      if ('refused' in r) return r.refused;
      const t = updateTexts(r.lang);
      if (!mayChange(r.access, r.update)) return { kind: 'message', text: t.notAuthor };
      const bound = bindingOf(context, r.access, r.update, r.lang);
      if (typeof bound !== 'string') return bound;
      const now = clock.now().toISOString();
      const by = r.access.actor.aadObjectId!.toLowerCase();
      const byName = r.access.member?.name ?? r.access.actor.name;
      const { doc, changed } = await updates.update(r.group.id, r.update.id, (u) =>
        u && u.status === 'active'
          ? { ...u, status: 'withdrawn', withdrawnBy: by, withdrawnByName: byName, withdrawnAt: now, updatedAt: now, history: [...u.history, { at: now, by, action: 'withdrawn' }] }
          : undefined
      );
      if (!doc) return { kind: 'message', text: t.notFound };
      if (changed) logger.info({ groupId: r.group.id, updateId: doc.id, by }, 'situation update withdrawn');
      const card = updateCard(r.lang, doc, false);
      if (bound === 'bound') replacePostedCard(context, card);
      return { kind: 'card', card };
    });
  }
};
