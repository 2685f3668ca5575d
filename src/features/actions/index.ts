import { TurnContext, type ConversationReference } from 'botbuilder';
import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { checkCardBinding } from '../../access/card-binding';
import { onCardAction } from '../../bot/card-actions';
import { PostedForms } from '../../bot/posted-forms';
import { cardMessage, type InvokeAnswer } from '../../bot/invoke';
import type { AdaptiveCard } from '../../cards/render';
import { type Lang, normalizeText } from '../../i18n';
import { actionLabels, actionTexts } from '../../i18n/actions';
import { commonTexts } from '../../i18n/common';
import type { Feature, FeatureContext } from '../feature';
import type { Access } from '../groups/access';
import { personalLang } from '../groups/conversation-repository';
import type { Group } from '../groups/model';
import { reachOf } from '../groups/reach';
import { CaseRepository } from '../cases/case-repository';
import { checkCaseLink } from './case-link';
import {
  ACTION_VERBS,
  actionCard,
  actionDisplay,
  actionListCard,
  promiseFormCard,
  promiseValues,
  promisesCard,
  proposalCard,
  proposalValues
} from './cards';
import { checkDueDate, formatDate, isCalendarDate, reminderFor, swedishToday, ZONE } from './dates';
import { ACTION_LIMITS, PROMISE_LIMITS, actionRefSchema, promiseFormSchema, proposalSchema, type Action, type ActionRef, type Stamp } from './model';
import type { CitizenPromise } from './promise-repository';
import { actionsSummarySource, promisesSummarySource } from './summary-source';
import { ActionsReadApi } from './read-api';
import { applyCommand, type ActionCommand, type CommandType } from './status';
import { decideActionAct } from './action-access';
import { validateActionText, type TextCheck } from './text-guard';

export { ACTION_VERBS } from './cards';

/** The daily reminder job (08:00 Swedish time). */
export const REMINDER_JOB = 'actions.reminders';

/** How long one instance holds a reminder claim before another may take it over. */
const REMINDER_LEASE_MS = 5 * 60_000;

/** Raw card data: validated field by field in the handler so the user gets the form back with the draft. */
const rawForm = z.record(z.unknown());

/** A stable id derived from the card a form was posted in: a resent or double-clicked submit creates nothing twice. */
function idFromCard(groupId: string, replyToId: string | undefined): string {
  if (!replyToId) return randomUUID();
  const h = createHash('sha256').update(`${groupId}\n${replyToId}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

function textRefusal(check: TextCheck, lang: Lang): string | undefined {
  if (check.ok) return undefined;
  return check.reason === 'tooLong' ? actionTexts(lang).textTooLong(check.label, check.max) : actionTexts(lang).textPersonalData(check.label);
}

/** Actions (insatser): proposals, coordinator decisions from cards, follow-up, reminders and citizen promises. */
export const actionsFeature: Feature = {
  name: 'actions',
  register(ctx: FeatureContext) {
    const { app, router, repos, access: resolver, clock, logger, store, outbound, claims } = ctx;
    const reader = new ActionsReadApi(store, repos.groups);
    const caseFiles = new CaseRepository(store);
    ctx.summarySources.register(actionsSummarySource(reader));
    ctx.summarySources.register(promisesSummarySource(reader, repos.groups));
    const { actions, promises } = reader;
    const forms = new PostedForms(store);
    /** Identifies this instance as the holder of reminder claims. */
    const instance = randomUUID();

    const today = () => swedishToday(clock.now());

    /** Refuses where actions make no sense: personal chat, unregistered conversations, non-members. */
    function groupRefusal(access: Access, lang: Lang): string | undefined {
      if (access.where.kind === 'personal') return commonTexts(lang).groupOnly;
      if (!access.group) return commonTexts(lang).notInGroup;
      if (!access.member && !access.coordinator) return commonTexts(lang).notMember;
      return undefined;
    }

    async function promiseTitle(action: Action): Promise<string | undefined> {
      return action.promiseId ? (await promises.get(action.municipalityKey, action.promiseId))?.title : undefined;
    }

    async function cardOf(action: Action, lang: Lang, message?: string): Promise<AdaptiveCard> {
      return actionCard(lang, action, { today: today(), promiseTitle: await promiseTitle(action), message });
    }

    /** The reference of a group's channel or chat, or undefined when the bot cannot post there. */
    async function groupReference(group: Group): Promise<Partial<ConversationReference> | undefined> {
      if (group.botRemovedAt) return undefined;
      return (await repos.conversations.get(`conv:${group.postConversationId}`))?.reference;
    }

    async function markRemoved(group: Group): Promise<void> {
      await repos.groups.update(group.id, (g) => g && { ...g, botRemovedAt: clock.now().toISOString() });
      logger.warn({ groupId: group.id }, 'bot removed from group; proactive messages stop');
    }

    /**
     * Replaces the posted card for everyone through the outbound queue. Runs after the invoke is answered;
     * failures are logged, never shown to the user who clicked.
     */
    function refreshPosted(group: Group, action: Action, card: AdaptiveCard): void {
      const posted = action.posted;
      if (!posted) return;
      void (async () => {
        const base = await groupReference(group);
        if (!base) return;
        const reference = { ...base, conversation: { ...base.conversation!, id: posted.conversationId } };
        const outcome = await outbound.update(reference, posted.activityId, cardMessage(card));
        if (outcome.status === 'failed' && outcome.botRemoved) await markRemoved(group);
        if (outcome.status !== 'sent') logger.warn({ groupId: group.id, actionId: action.id, outcome: outcome.status }, 'posted action card not updated');
      })().catch((err) => logger.warn({ groupId: group.id, actionId: action.id, err: (err as Error).message }, 'posted action card not updated'));
    }

    // ----- proposing -----

    async function proposalForm(group: Group, lang: Lang, data: Record<string, unknown>, error: string, defaults: Parameters<typeof proposalValues>[1] = {}): Promise<AdaptiveCard> {
      const [members, list] = await Promise.all([repos.members.list(group.id), promises.listForMunicipality(group.municipalityKey)]);
      return proposalCard(lang, group, members, list, proposalValues(data, defaults), error);
    }

    router.register({
      id: 'actions.new',
      aliases: { sv: ['insats ny', 'ny insats'], en: ['new action', 'action new'] },
      help: { sv: 'Föreslå en insats (kort som en samordnare godkänner).', en: 'Propose an action (a card a coordinator approves).' },
      async handler(context, input) {
        const access = await resolver.resolve(context);
        const refused = groupRefusal(access, input.lang);
        if (refused) return void (await context.sendActivity(refused));
        const group = access.group!;
        const defaults = { agency: access.member?.agency ?? '', ownerId: access.actor.aadObjectId ?? '' };
        const sent = await context.sendActivity(cardMessage(await proposalForm(group, group.language, {}, '', defaults)));
        // Only a form recorded here may create an action and be replaced by its card (src/access/card-binding.ts).
        if (sent?.id) await forms.remember('action', group.id, access.where.conversationId, sent.id, clock.now());
      }
    });

    onCardAction(app, ACTION_VERBS.propose, rawForm, async (context, data): Promise<InvokeAnswer> => {
      const access = await resolver.resolve(context);
      const refused = groupRefusal(access, access.userLang);
      if (refused) return { kind: 'message', text: refused };
      const group = access.group!;
      const lang = group.language;
      const t = actionTexts(lang);
      const again = async (error: string): Promise<InvokeAnswer> => ({ kind: 'card', card: await proposalForm(group, lang, data, error) });

      // Bound to a proposal form the bot posted in this very conversation of this group, used once. A
      // repeated submit of the form that already created its action answers that action's card.
      const origin = { kind: access.where.kind, conversationId: access.where.conversationId, replyToId: context.activity.replyToId, groupId: group.id };
      const madeFromThisForm = async (): Promise<Action | undefined> => {
        const existing = await actions.get(group.id, idFromCard(group.id, origin.replyToId));
        return existing?.posted && checkCardBinding(origin, { groupId: existing.groupId, cards: [existing.posted] }).allowed ? existing : undefined;
      };
      const foreign = (reason: string): InvokeAnswer => {
        logger.warn({ groupId: group.id, reason }, 'action proposal refused: not from a recorded form');
        return { kind: 'message', text: commonTexts(access.userLang).foreignCard };
      };
      const binding = checkCardBinding(origin, { groupId: group.id, cards: await forms.find('action', group.id, access.where.conversationId, context.activity.replyToId) });
      if (!binding.allowed) {
        const made = origin.replyToId ? await madeFromThisForm() : undefined;
        return made ? { kind: 'card', card: await cardOf(made, lang) } : foreign(binding.reason);
      }

      const parsed = proposalSchema.safeParse(data);
      if (!parsed.success) return again(t.invalidProposal);
      const form = parsed.data;
      const textError = textRefusal(
        validateActionText([
          { label: t.title, value: form.title, max: ACTION_LIMITS.title },
          { label: t.description, value: form.description, max: ACTION_LIMITS.description }
        ]),
        lang
      );
      if (textError) return again(textError);

      let area: string | undefined;
      let casePseudonym: string | undefined;
      if (form.level === 'indikerad') {
        if (!form.casePseudonym) return again(t.caseRequired);
        const link = await checkCaseLink(caseFiles, group.id, form.casePseudonym);
        if (link === 'format') return again(t.caseRequired);
        if (link !== 'ok') return again(t.caseUnknown(form.casePseudonym));
        casePseudonym = form.casePseudonym;
      } else {
        if (form.casePseudonym) return again(t.caseOnlyIndicated);
        if (form.area) {
          area = group.areas.find((a) => normalizeText(a) === normalizeText(form.area));
          if (!area) return again(t.areaRequired);
        } else if (form.level === 'selektiv') {
          return again(t.areaRequired);
        }
      }
      const owner = await repos.members.get(group.id, form.ownerId);
      if (!owner) return again(t.ownerNotMember);
      const due = checkDueDate(form.dueDate, today());
      if (due !== 'ok') return again(due === 'past' ? t.duePast : due === 'tooFar' ? t.dueTooFar : t.dueInvalid);
      if (form.promiseId && !(await promises.get(group.municipalityKey, form.promiseId))) return again(t.promiseUnknown);

      if (!(await forms.take('action', group.id, access.where.conversationId, origin.replyToId!))) {
        const made = await madeFromThisForm();
        return made ? { kind: 'card', card: await cardOf(made, lang) } : foreign('formUsed');
      }
      const now = clock.now().toISOString();
      const by = access.actor.aadObjectId!;
      const replyToId = context.activity.replyToId;
      const action: Action = {
        id: idFromCard(group.id, replyToId),
        groupId: group.id,
        municipalityKey: group.municipalityKey,
        title: form.title,
        description: form.description,
        level: form.level,
        area,
        casePseudonym,
        agency: form.agency,
        ownerAad: owner.aadObjectId,
        ownerName: owner.name ?? '',
        dueDate: form.dueDate,
        promiseId: form.promiseId || undefined,
        status: 'foreslagen',
        created: { by, byName: access.actor.name ?? access.member?.name ?? '', at: now },
        history: [{ by, byName: access.actor.name ?? access.member?.name ?? '', at: now, from: null, to: 'foreslagen' }],
        posted: replyToId ? { conversationId: context.activity.conversation.id, activityId: replyToId } : undefined,
        updatedAt: now
      };
      const created = await actions.create(action);
      const stored = created ?? (await actions.get(group.id, action.id));
      if (!stored) throw new Error('action vanished after create');
      const card = await cardOf(stored, lang);
      if (created) {
        logger.info({ groupId: group.id, actionId: stored.id, level: stored.level, promise: !!stored.promiseId }, 'action proposed');
        refreshPosted(group, stored, card);
      }
      return { kind: 'card', card };
    });

    // ----- decisions and follow-up -----

    function commandOf(type: CommandType, note: string): ActionCommand {
      switch (type) {
        case 'reject':
        case 'cancel':
          return { type, reason: note };
        case 'done':
          return { type, outcome: note };
        default:
          return { type };
      }
    }

    async function followUp(context: TurnContext, type: CommandType, data: ActionRef): Promise<InvokeAnswer> {
      const access = await resolver.resolve(context);
      if (access.where.kind === 'personal') return { kind: 'message', text: commonTexts(access.userLang).groupOnly };
      if (!access.group) return { kind: 'message', text: commonTexts(access.userLang).notInGroup };
      const group = access.group;
      const lang = group.language;
      const t = actionTexts(lang);
      const current = await actions.get(group.id, data.actionId);
      if (!current) return { kind: 'message', text: t.notFound };
      // The server decides, whatever the card offered: role first, then the stored state.
      if (!decideActionAct({ aadObjectId: access.actor.aadObjectId, member: !!access.member, coordinator: access.coordinator }, { kind: 'command', type, ownerAad: current.ownerAad }).allow) {
        return { kind: 'message', text: type === 'approve' || type === 'reject' ? commonTexts(lang).coordinatorOnly : t.ownerOrCoordinator };
      }
      const note = (data.note ?? '').trim();
      if (note) {
        const textError = textRefusal(validateActionText([{ label: t.note, value: note, max: ACTION_LIMITS.note }]), lang);
        if (textError) return { kind: 'card', card: await cardOf(current, lang, textError) };
      }
      const who: Stamp = { by: access.actor.aadObjectId!, byName: access.actor.name ?? access.member?.name ?? '', at: clock.now().toISOString() };
      const command = commandOf(type, note);
      let result: ReturnType<typeof applyCommand> | undefined;
      const { doc, changed } = await actions.update(group.id, data.actionId, (stored) => {
        if (!stored) return undefined;
        result = applyCommand(stored, command, who);
        return result.kind === 'changed' ? result.action : undefined;
      });
      if (!doc || !result) return { kind: 'message', text: t.notFound };
      if (result.kind === 'refused') {
        if (result.reason === 'textRequired') return { kind: 'card', card: await cardOf(doc, lang, t.reasonRequired) };
        const labels = actionLabels(lang);
        return { kind: 'message', text: t.illegal(labels[result.from], labels[result.to]) };
      }
      const card = await cardOf(doc, lang);
      if (changed) {
        logger.info({ groupId: group.id, actionId: doc.id, status: doc.status }, 'action status changed');
        refreshPosted(group, doc, card);
      }
      return { kind: 'card', card };
    }

    for (const type of ['approve', 'reject', 'start', 'done', 'cancel'] as const) {
      onCardAction(app, ACTION_VERBS[type], actionRefSchema, (context, data) => followUp(context, type, data));
    }

    // ----- lists -----

    router.register({
      id: 'actions.list',
      aliases: { sv: ['insatser'], en: ['actions'] },
      help: { sv: 'Visa gruppens pågående insatser.', en: "Show the group's open actions." },
      async handler(context, input) {
        const access = await resolver.resolve(context);
        const refused = groupRefusal(access, input.lang);
        if (refused) return void (await context.sendActivity(refused));
        const group = access.group!;
        const list = await actions.openForGroup(group.id);
        await context.sendActivity(cardMessage(actionListCard(group.language, actionTexts(group.language).listTitle(group.name), list, today())));
      }
    });

    /** The groups a person is a member of, by id. */
    async function groupsOf(aad: string | undefined): Promise<Group[]> {
      if (!aad) return [];
      const memberships = await repos.members.membershipsOf(aad);
      const groups = await Promise.all(memberships.map((m) => repos.groups.get(m.groupId)));
      return groups.filter((g): g is Group => !!g);
    }

    router.register({
      id: 'actions.overdue',
      aliases: { sv: ['försenade', 'försenade insatser'], en: ['overdue', 'overdue actions'] },
      help: { sv: 'Visa försenade insatser (i gruppen, eller i dina grupper i personlig chatt).', en: 'Show overdue actions (of the group, or of your groups in personal chat).' },
      async handler(context, input) {
        const access = await resolver.resolve(context);
        const t = actionTexts(input.lang);
        if (access.where.kind === 'personal') {
          const groups = await groupsOf(access.actor.aadObjectId);
          const list = await actions.overdueForGroups(groups.map((g) => g.id), today());
          const names = new Map(groups.map((g) => [g.id, g.name]));
          return void (await context.sendActivity(cardMessage(actionListCard(input.lang, t.overdueTitle(groups.map((g) => g.name).join(', ') || '–'), list, today(), names))));
        }
        const refused = groupRefusal(access, input.lang);
        if (refused) return void (await context.sendActivity(refused));
        const group = access.group!;
        const list = await actions.overdueForGroups([group.id], today());
        await context.sendActivity(cardMessage(actionListCard(group.language, actionTexts(group.language).overdueTitle(group.name), list, today())));
      }
    });

    router.register({
      id: 'actions.mine',
      aliases: { sv: ['mina insatser'], en: ['my actions'] },
      help: { sv: 'Visa insatser där du är ansvarig, i alla dina grupper.', en: 'Show the actions you own, in all your groups.' },
      async handler(context, input) {
        const access = await resolver.resolve(context);
        const groups = await groupsOf(access.actor.aadObjectId);
        const list = await actions.openOwnedBy(groups.map((g) => g.id), access.actor.aadObjectId ?? '');
        const names = new Map(groups.map((g) => [g.id, g.name]));
        await context.sendActivity(cardMessage(actionListCard(input.lang, actionTexts(input.lang).mineTitle, list, today(), names)));
      }
    });

    // ----- citizen promises -----

    function steeringRefusal(access: Access, lang: Lang): string | undefined {
      if (access.where.kind === 'personal') return commonTexts(lang).groupOnly;
      if (!access.group) return commonTexts(lang).notInGroup;
      if (access.group.kind !== 'styrgrupp') return actionTexts(lang).steeringOnly;
      if (!access.coordinator) return commonTexts(lang).coordinatorOnly;
      return undefined;
    }

    /** Progress counts over what the group reaches (itself, and a steering group's linked SSPF groups). */
    const promisesWithProgress = async (group: Group) =>
      reader.promisesWithProgress(group.municipalityKey, (await reachOf(group, repos)).map((r) => r.group.id), today());

    router.register({
      id: 'promises.new',
      aliases: { sv: ['medborgarlöfte ny', 'nytt medborgarlöfte'], en: ['new citizen promise', 'citizen promise new'] },
      help: { sv: 'Samordnare i styrgruppen: skapa ett medborgarlöfte.', en: 'Steering group coordinators: create a citizen promise.' },
      async handler(context, input) {
        const access = await resolver.resolve(context);
        const refused = steeringRefusal(access, input.lang);
        if (refused) return void (await context.sendActivity(refused));
        await context.sendActivity(cardMessage(promiseFormCard(access.group!.language, access.group!, promiseValues({}), '')));
      }
    });

    onCardAction(app, ACTION_VERBS.createPromise, rawForm, async (context, data): Promise<InvokeAnswer> => {
      const access = await resolver.resolve(context);
      const refused = steeringRefusal(access, access.userLang);
      if (refused) return { kind: 'message', text: refused };
      const group = access.group!;
      const lang = group.language;
      const t = actionTexts(lang);
      const again = (error: string): InvokeAnswer => ({ kind: 'card', card: promiseFormCard(lang, group, promiseValues(data), error) });
      const parsed = promiseFormSchema.safeParse(data);
      if (!parsed.success) return again(t.invalidPromise);
      const form = parsed.data;
      if (!isCalendarDate(form.periodStart) || !isCalendarDate(form.periodEnd) || form.periodEnd < form.periodStart) return again(t.invalidPromise);
      const textError = textRefusal(
        validateActionText([
          { label: t.promiseTitle, value: form.title, max: PROMISE_LIMITS.title },
          { label: t.policeArea, value: form.policeArea, max: PROMISE_LIMITS.policeArea },
          ...form.commitments.map((value) => ({ label: t.commitments, value, max: PROMISE_LIMITS.commitment }))
        ]),
        lang
      );
      if (textError) return again(textError);
      const now = clock.now().toISOString();
      const promise: CitizenPromise = {
        id: idFromCard(group.id, context.activity.replyToId),
        municipalityKey: group.municipalityKey,
        municipality: group.municipality,
        groupId: group.id,
        title: form.title,
        periodStart: form.periodStart,
        periodEnd: form.periodEnd,
        policeArea: form.policeArea,
        commitments: form.commitments,
        created: { by: access.actor.aadObjectId!, byName: access.actor.name ?? '', at: now },
        updatedAt: now
      };
      const created = await promises.create(promise);
      if (created) logger.info({ groupId: group.id, promiseId: created.id }, 'citizen promise created');
      const card = promisesCard(lang, group.municipality, await promisesWithProgress(group), t.promiseSaved);
      return { kind: 'card', card };
    });

    router.register({
      id: 'promises.list',
      aliases: { sv: ['medborgarlöften'], en: ['citizen promises'] },
      help: { sv: 'Visa kommunens medborgarlöften och hur insatserna går.', en: "Show the municipality's citizen promises and their progress." },
      async handler(context, input) {
        const access = await resolver.resolve(context);
        if (access.where.kind === 'personal') return void (await context.sendActivity(commonTexts(input.lang).groupOnly));
        if (!access.group) return void (await context.sendActivity(commonTexts(input.lang).notInGroup));
        const group = access.group;
        await context.sendActivity(cardMessage(promisesCard(group.language, group.municipality, await promisesWithProgress(group))));
      }
    });

    // ----- reminders -----

    /** Sends one action's reminder; the caller holds its claim. Returns how it ended, for the claim. */
    async function remind(group: Group, action: Action, kind: 'soon' | 'overdue'): Promise<'done' | 'uncertain' | 'failed'> {
      const lang = group.language;
      const t = actionTexts(lang);
      const title = actionDisplay(action, lang).title;
      const due = formatDate(action.dueDate, lang);
      const outcomes: string[] = [];
      const personal = await repos.conversations.get(`user:${action.ownerAad}`);
      const groupRef = await groupReference(group);
      if (personal) {
        // A personal reminder speaks the owner's language (their last locale); the group's follows the group.
        const plang = personalLang(personal, lang);
        const pt = actionTexts(plang);
        const ptitle = actionDisplay(action, plang).title;
        const pdue = formatDate(action.dueDate, plang);
        const text = kind === 'soon' ? pt.remindSoonPersonal(ptitle, pdue) : pt.remindOverduePersonal(ptitle, pdue);
        outcomes.push((await outbound.send(personal.reference, { type: 'message', text })).status);
      }
      if (groupRef) {
        const owner = personal ? undefined : await repos.members.get(group.id, action.ownerAad);
        let activity: { type: 'message'; text: string; entities?: unknown[] };
        if (owner?.teamsUserId) {
          // The owner cannot be reached in personal chat: mention them in the group instead.
          const mention = `<at>${action.ownerName}</at>`;
          activity = {
            type: 'message',
            text: kind === 'soon' ? t.remindSoonMention(mention, title, due) : t.remindOverdueMention(mention, title, due),
            entities: [{ type: 'mention', text: mention, mentioned: { id: owner.teamsUserId, name: action.ownerName } }]
          };
        } else {
          activity = { type: 'message', text: kind === 'soon' ? t.remindSoonLine(title, due, action.ownerName) : t.remindOverdueLine(title, due, action.ownerName) };
        }
        const outcome = await outbound.send(groupRef, activity as Parameters<typeof outbound.send>[1]);
        if (outcome.status === 'failed' && outcome.botRemoved) await markRemoved(group);
        outcomes.push(outcome.status);
      }
      if (outcomes.includes('sent')) return 'done';
      return outcomes.includes('uncertain') ? 'uncertain' : 'failed';
    }

    /** Runs the reminders of one day: each action at most once per day, over all instances and restarts. */
    async function runReminders(now: Date): Promise<void> {
      const day = swedishToday(now);
      let sent = 0;
      for (const group of await repos.groups.listAll()) {
        if (group.botRemovedAt) continue;
        for (const action of await actions.activeForGroup(group.id)) {
          const kind = reminderFor(action, day);
          if (!kind) continue;
          const key = `reminder:${action.id}:${day}`;
          const claim = await claims.acquire(key, 'reminder', instance, now, REMINDER_LEASE_MS);
          if (!claim.acquired) continue;
          let state: 'done' | 'uncertain' | 'failed' = 'failed';
          try {
            state = await remind(group, action, kind);
          } catch (err) {
            // A store read failed before anything was sent (sends report outcomes, they do not throw): 'failed' lets a later run retry.
            logger.warn({ groupId: group.id, actionId: action.id, err: (err as Error).message }, 'action reminder failed');
          } finally {
            await claims.complete(key, instance, state, clock.now());
          }
          logger.info({ groupId: group.id, actionId: action.id, kind, state }, 'action reminder');
          if (state === 'done') sent++;
        }
      }
      logger.info({ day, sent }, 'action reminders run');
    }

    ctx.jobs.add({ name: REMINDER_JOB, schedule: '0 8 * * *', timezone: ZONE, run: runReminders });
  }
};
