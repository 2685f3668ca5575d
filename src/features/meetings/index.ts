import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { TurnContext, type ConversationReference } from 'botbuilder';
import { DateTime } from 'luxon';
import type { Request, Response } from 'restify';
import { z } from 'zod';
import { checkCardBinding } from '../../access/card-binding';
import { PostedForms } from '../../bot/posted-forms';
import { onCardAction } from '../../bot/card-actions';
import { cardMessage, type InvokeAnswer } from '../../bot/invoke';
import type { Lang } from '../../i18n';
import { commonTexts } from '../../i18n/common';
import { meetingTexts } from '../../i18n/meetings';
import type { Feature, FeatureContext } from '../feature';
import type { Access } from '../groups/access';
import type { Group } from '../groups/model';
import { buildAgenda, type AgendaSource, type AgendaSourceFactory } from './agenda';
import { agendaText, icsUrl, locationText, meetingIcs, teamsMeetingLink, verifyIcsToken } from './calendar';
import { MEETING_VERBS, cadenceLabel, confirmedCard, pollCard, proposalCard } from './cards';
import { MeetingRepository } from './meeting-repository';
import { meetingsInPeriod } from './queries';
import { CADENCE_WEEKS, answerSchema, parseProposal, tallyAnswers, typeLabel, type Meeting, type MeetingAnswer, type TimeOption } from './model';
import { MEETING_ZONE, formatSpan, isNonWorkingDay, shiftToWorkingDay } from './time';

export { MEETING_VERBS } from './cards';
export type { AgendaSource, AgendaSourceFactory } from './agenda';
export { MeetingRepository } from './meeting-repository';
export { meetingsInPeriod, nextMeetingOf, type MeetingSummary } from './queries';

/** The reminder goes out from this local hour on the day before the meeting. */
export const REMINDER_HOUR = 9;
const REMINDER_LEASE_MS = 10 * 60_000;

/** The confirm button's data: the meeting, and the time chosen in the card's choice input. */
const confirmData = z.object({ meetingId: z.string().min(1).max(100), chosenOptionId: z.string().regex(/^o[1-5]$/) });
const rawForm = z.record(z.unknown());

export interface MeetingsOptions {
  /** Agenda sections other features provide (open actions, situation updates, cases by pseudonym). */
  agendaSources?: readonly AgendaSourceFactory[];
}

/** Which conversation and message a posted card lives in. */
interface PostedCard {
  reference: Partial<ConversationReference>;
  activityId: string;
}

/**
 * Meeting scheduling: `möte` (proposal card, coordinators), answers per time, confirmation with an .ics
 * link and the coordinator's Teams deep link, agenda, cadence, reminder the day before, `nästa möte`.
 */
export function createMeetingsFeature(options: MeetingsOptions = {}): Feature {
  return {
    name: 'meetings',
    register(ctx: FeatureContext) {
      const { app, router, repos, access: resolver, clock, logger, outbound, claims, config } = ctx;
      const meetings = new MeetingRepository(ctx.store);
      const forms = new PostedForms(ctx.store);
      ctx.summarySources.register({
        section: 'meetings',
        async read(scope) {
          const held = (await meetingsInPeriod(ctx.store, scope.groupIds, new Date(scope.week.start), new Date(scope.week.end), scope.now)).held;
          const horizon = new Date(scope.now.getTime() + 30 * 86400000);
          const coming = (await meetingsInPeriod(ctx.store, scope.groupIds, scope.now, horizon, scope.now)).coming;
          return { kind: 'meetings', held: held.length, upcoming: coming.length };
        }
      });
      const sources: AgendaSource[] = (options.agendaSources ?? []).map((make) => make(ctx));
      const instance = randomUUID();
      let secret = config.meetings.icsSigningSecret;
      if (!secret) {
        secret = randomBytes(32).toString('base64url');
        logger.warn('ICS_SIGNING_SECRET is not set: calendar links are signed with a random key and stop working at restart');
      }
      const signingSecret = secret;
      const linkOf = (m: Meeting) => icsUrl(config.meetings.publicBaseUrl, signingSecret, m);

      const refuseOutsideGroup = (access: Access, lang: Lang): string | undefined => {
        if (access.where.kind === 'personal') return commonTexts(lang).groupOnly;
        if (!access.group) return commonTexts(lang).notInGroup;
        return undefined;
      };

      const postedCardOf = (context: TurnContext): PostedCard | undefined => {
        const activityId = context.activity.replyToId;
        if (!activityId) return undefined;
        const reference = TurnContext.getConversationReference(context.activity);
        delete reference.activityId;
        return { reference, activityId };
      };

      /**
       * src/access/card-binding.ts: a poll invoke acts only from the meeting's recorded poll card, in that
       * conversation, of that conversation's group; anything else is refused before anything changes.
       */
      const refuseUnbound = (context: TurnContext, access: Access, meeting: Meeting, lang: Lang): InvokeAnswer | undefined => {
        const binding = checkCardBinding(
          { kind: access.where.kind, conversationId: access.where.conversationId, replyToId: context.activity.replyToId, groupId: access.group?.id },
          { groupId: meeting.groupId, cards: meeting.card ? [meeting.card] : [] }
        );
        if (binding.allowed) return undefined;
        logger.warn({ meetingId: meeting.id, reason: binding.reason }, 'meeting card action refused: not bound to its card');
        return { kind: 'message', text: commonTexts(lang).foreignCard };
      };

      async function agendaFor(meeting: Meeting, start: Date, lang: Lang) {
        const from = (await meetings.previousStart(meeting.groupId, start)) ?? new Date(start.getTime() - 30 * 24 * 3600_000);
        return buildAgenda(meeting, sources, { from, to: start }, lang, meetingTexts(lang).notesTitle, logger);
      }

      const fingerprint = (answers: MeetingAnswer[]) =>
        answers
          .map((a) => `${a.id}@${a.updatedAt}:${JSON.stringify(a.answers)}`)
          .sort()
          .join('|');

      /**
       * Puts the current state of a meeting on its posted card for everyone. Rebuilt from storage and
       * repeated while answers or the status changed during the send, so concurrent answers converge.
       */
      async function refreshPostedCard(groupId: string, meetingId: string, lang: Lang, posted: PostedCard): Promise<void> {
        for (let round = 0; round < 3; round++) {
          const meeting = await meetings.get(groupId, meetingId);
          if (!meeting) return;
          const answers = await meetings.answers(groupId, meetingId);
          const card =
            meeting.status === 'confirmed'
              ? confirmedCard(lang, meeting, { ics: linkOf(meeting), teams: '' }, meeting.confirmedByName ?? '')
              : pollCard(lang, meeting, tallyAnswers(meeting, answers), meeting.createdByName ?? '', meeting.intro ?? '');
          const outcome = await outbound.update(posted.reference, posted.activityId, cardMessage(card));
          if (outcome.status !== 'sent') {
            logger.warn({ meetingId, status: outcome.status }, 'could not update the posted meeting card');
            return;
          }
          const after = await meetings.get(groupId, meetingId);
          if (after?.status === meeting.status && (meeting.status === 'confirmed' || fingerprint(await meetings.answers(groupId, meetingId)) === fingerprint(answers))) return;
        }
      }

      const inBackground = (work: Promise<void>, what: string) => {
        work.catch((err) => logger.warn({ err: (err as Error).message }, `${what} failed`));
      };

      // --- proposal ---------------------------------------------------------------------------
      router.register({
        id: 'meetings.propose',
        aliases: { sv: ['möte', 'nytt möte', 'boka möte'], en: ['meeting', 'new meeting', 'schedule meeting'] },
        help: { sv: 'Samordnare: föreslå ett möte med 2–5 tider som medlemmarna svarar på.', en: 'Coordinators: propose a meeting with 2–5 times for members to answer.' },
        async handler(context, input) {
          const access = await resolver.resolve(context);
          const lang = input.lang;
          const refused = refuseOutsideGroup(access, lang) ?? (access.coordinator ? undefined : commonTexts(lang).coordinatorOnly);
          if (refused) return void (await context.sendActivity(refused));
          const defaultType = access.group!.kind === 'styrgrupp' ? 'styrgrupp' : 'sspf';
          const sent = await context.sendActivity(cardMessage(proposalCard(lang, {}, [], defaultType)));
          // Only a form recorded here may propose a meeting and be replaced by its poll (src/access/card-binding.ts).
          if (sent?.id) await forms.remember('meeting', access.group!.id, access.where.conversationId, sent.id, clock.now());
        }
      });

      onCardAction(app, MEETING_VERBS.propose, rawForm, async (context, data): Promise<InvokeAnswer> => {
        const access = await resolver.resolve(context);
        const lang = access.groupLang;
        const refused = refuseOutsideGroup(access, access.userLang) ?? (access.coordinator ? undefined : commonTexts(access.userLang).coordinatorOnly);
        if (refused) return { kind: 'message', text: refused };
        const group = access.group!;
        // Bound to a proposal form the bot posted in this very conversation of this group, used once. A
        // repeated submit of the form that already proposed its meeting answers that meeting's poll.
        const origin = { kind: access.where.kind, conversationId: access.where.conversationId, replyToId: context.activity.replyToId, groupId: group.id };
        const formMeetingId = (activityId: string) => `m-${createHash('sha256').update(`${group.id}|${access.where.conversationId}|${activityId}`).digest('base64url').slice(0, 20)}`;
        const madeFromThisForm = async (): Promise<InvokeAnswer | undefined> => {
          if (!origin.replyToId) return undefined;
          const existing = await meetings.get(group.id, formMeetingId(origin.replyToId));
          if (!existing?.card || !checkCardBinding(origin, { groupId: existing.groupId, cards: [existing.card] }).allowed) return undefined;
          return { kind: 'card', card: pollCard(lang, existing, tallyAnswers(existing, await meetings.answers(group.id, existing.id)), existing.createdByName ?? '') };
        };
        const foreign = (reason: string): InvokeAnswer => {
          logger.warn({ groupId: group.id, reason }, 'meeting proposal refused: not from a recorded form');
          return { kind: 'message', text: commonTexts(access.userLang).foreignCard };
        };
        const binding = checkCardBinding(origin, { groupId: group.id, cards: await forms.find('meeting', group.id, access.where.conversationId, context.activity.replyToId) });
        if (!binding.allowed) return (await madeFromThisForm()) ?? foreign(binding.reason);
        const now = clock.now();
        const parsed = parseProposal(data, now);
        if (!parsed.ok) {
          logger.info({ groupId: group.id, problems: parsed.problems.map((p) => p.kind) }, 'meeting proposal refused');
          return { kind: 'card', card: proposalCard(lang, data, parsed.problems, group.kind === 'styrgrupp' ? 'styrgrupp' : 'sspf') };
        }
        if (!(await forms.take('meeting', group.id, access.where.conversationId, origin.replyToId!))) return (await madeFromThisForm()) ?? foreign('formUsed');
        const posted = postedCardOf(context);
        // The same form submitted twice (a double click, a Teams retry) proposes one meeting.
        const id = posted ? formMeetingId(posted.activityId) : `m-${randomUUID()}`;
        const meeting: Meeting = {
          id,
          groupId: group.id,
          docType: 'meeting',
          ...parsed.proposal,
          status: 'open',
          card: posted && { conversationId: context.activity.conversation.id, activityId: posted.activityId },
          seriesId: id,
          seq: 1,
          createdBy: access.actor.aadObjectId!,
          createdByName: access.member?.name ?? access.actor.name ?? '',
          createdAt: now.toISOString(),
          updatedAt: now.toISOString()
        };
        const stored = (await meetings.create(meeting)) ?? (await meetings.get(group.id, id));
        if (!stored) throw new Error('meeting vanished after create');
        logger.info({ groupId: group.id, meetingId: id, options: stored.options.length, cadence: stored.cadence }, 'meeting proposed');
        if (posted) inBackground(refreshPostedCard(group.id, id, lang, posted), 'meeting card update');
        return { kind: 'card', card: pollCard(lang, stored, tallyAnswers(stored, await meetings.answers(group.id, id)), stored.createdByName ?? '') };
      });

      // --- answers ----------------------------------------------------------------------------
      onCardAction(app, MEETING_VERBS.answer, answerSchema, async (context, data): Promise<InvokeAnswer> => {
        const access = await resolver.resolve(context);
        const ulang = access.userLang;
        const refused = refuseOutsideGroup(access, ulang) ?? (access.member ? undefined : commonTexts(ulang).notMember);
        if (refused) return { kind: 'message', text: refused };
        const group = access.group!;
        const lang = access.groupLang;
        const meeting = await meetings.get(group.id, data.meetingId);
        if (!meeting || !meeting.options.some((o) => o.id === data.optionId)) return { kind: 'message', text: meetingTexts(ulang).meetingNotFound };
        const unbound = refuseUnbound(context, access, meeting, ulang);
        if (unbound) return unbound;
        if (meeting.status !== 'open') return { kind: 'message', text: meetingTexts(ulang).alreadyConfirmed(formatSpan(meeting.start!, meeting.end!, ulang)) };
        const member = access.member!;
        await meetings.setAnswer(meeting, member.aadObjectId, member.name ?? access.actor.name ?? '', data.optionId, data.answer, clock.now());
        logger.info({ groupId: group.id, meetingId: meeting.id, member: member.aadObjectId }, 'meeting answer saved');
        const posted = postedCardOf(context);
        if (posted) inBackground(refreshPostedCard(group.id, meeting.id, lang, posted), 'meeting card update');
        const answers = await meetings.answers(group.id, meeting.id);
        return { kind: 'card', card: pollCard(lang, meeting, tallyAnswers(meeting, answers), meeting.createdByName ?? '', meeting.intro ?? '') };
      });

      // --- confirmation -----------------------------------------------------------------------
      const deepLinkFor = async (group: Group, meeting: Meeting, lang: Lang) => {
        const members = await repos.members.list(group.id);
        const attendees = [...new Set(members.map((m) => m.upn).filter((u): u is string => !!u))];
        const content = [locationText(meeting, lang), agendaText(meeting.agenda)].filter(Boolean).join('\n\n');
        return teamsMeetingLink({ subject: `${typeLabel(meeting.type, lang)}: ${meeting.title}`, start: meeting.start!, end: meeting.end!, content, attendees });
      };

      onCardAction(app, MEETING_VERBS.confirm, confirmData, async (context, data): Promise<InvokeAnswer> => {
        const access = await resolver.resolve(context);
        const ulang = access.userLang;
        const refused = refuseOutsideGroup(access, ulang) ?? (access.coordinator ? undefined : commonTexts(ulang).coordinatorOnly);
        if (refused) return { kind: 'message', text: refused };
        const group = access.group!;
        const lang = access.groupLang;
        const aad = access.actor.aadObjectId!;
        const now = clock.now();
        const current = await meetings.get(group.id, data.meetingId);
        const option = current?.options.find((o) => o.id === data.chosenOptionId);
        if (!current || !option) return { kind: 'message', text: meetingTexts(ulang).meetingNotFound };
        const unbound = refuseUnbound(context, access, current, ulang);
        if (unbound) return unbound;
        const sameConfirmation = (m: Meeting) => m.status === 'confirmed' && m.confirmedBy === aad && m.chosenOptionId === option.id;
        let confirmed: Meeting | undefined;
        if (current.status === 'open') {
          if (Date.parse(option.start) <= now.getTime()) return { kind: 'message', text: meetingTexts(ulang).optionPassed };
          const agenda = await agendaFor(current, new Date(option.start), lang);
          const result = await meetings.update(group.id, current.id, (m) =>
            m && m.status === 'open'
              ? {
                  ...m,
                  status: 'confirmed',
                  chosenOptionId: option.id,
                  start: option.start,
                  end: option.end,
                  agenda,
                  confirmedBy: aad,
                  confirmedByName: access.member?.name ?? access.actor.name ?? '',
                  confirmedAt: now.toISOString(),
                  updatedAt: now.toISOString()
                }
              : undefined
          );
          confirmed = result.doc;
          if (result.changed) logger.info({ groupId: group.id, meetingId: current.id, optionId: option.id }, 'meeting confirmed');
        } else {
          confirmed = current;
        }
        if (!confirmed) return { kind: 'message', text: meetingTexts(ulang).meetingNotFound };
        // Only the coordinator who confirmed gets the deep link (also when Teams repeats the invoke).
        if (!sameConfirmation(confirmed)) return { kind: 'message', text: meetingTexts(ulang).alreadyConfirmed(formatSpan(confirmed.start!, confirmed.end!, ulang)) };
        const posted = postedCardOf(context);
        if (posted) inBackground(refreshPostedCard(group.id, confirmed.id, lang, posted), 'meeting card update');
        const teams = await deepLinkFor(group, confirmed, lang);
        return { kind: 'card', card: confirmedCard(lang, confirmed, { ics: linkOf(confirmed), teams }, confirmed.confirmedByName ?? '') };
      });

      // --- calendar file ----------------------------------------------------------------------
      ctx.http.push((server) =>
        server.get('/api/meetings/:id/ics', async (req: Request, res: Response) => {
          const meetingId = String(req.params?.id ?? '');
          const token = new URL(req.url ?? '/', 'http://localhost').searchParams.get('token') ?? '';
          const verdict = verifyIcsToken(signingSecret, token, meetingId, clock.now());
          res.setHeader('cache-control', 'no-store');
          res.setHeader('referrer-policy', 'no-referrer');
          if (!verdict.ok) {
            logger.warn({ meetingId: meetingId.slice(0, 64), reason: verdict.reason }, 'calendar link refused');
            res.send(403, { error: 'Forbidden' });
            return;
          }
          const meeting = await meetings.get(verdict.grant.groupId, meetingId);
          if (!meeting || meeting.status !== 'confirmed') {
            res.send(404, { error: 'NotFound' });
            return;
          }
          const group = await repos.groups.get(meeting.groupId);
          const body = meetingIcs(meeting, group?.language ?? 'sv', clock.now());
          res.setHeader('content-type', 'text/calendar; charset=utf-8');
          res.setHeader('content-disposition', 'attachment; filename="trygg-meeting.ics"');
          res.sendRaw(200, body);
        })
      );

      // --- next meeting -----------------------------------------------------------------------
      const describe = (m: Meeting, lang: Lang) => ({ type: typeLabel(m.type, lang), title: m.title, when: formatSpan(m.start!, m.end!, lang), where: locationText(m, lang) });

      router.register({
        id: 'meetings.next',
        aliases: { sv: ['nästa möte', 'när är nästa möte'], en: ['next meeting', 'when is the next meeting'] },
        help: { sv: 'När och var är nästa möte?', en: 'When and where is the next meeting?' },
        async handler(context, input) {
          const access = await resolver.resolve(context);
          const lang = input.lang;
          const t = meetingTexts(lang);
          const now = clock.now();
          if (access.where.kind === 'personal') {
            const memberships = access.actor.aadObjectId ? await repos.members.membershipsOf(access.actor.aadObjectId) : [];
            if (memberships.length === 0) return void (await context.sendActivity(t.personalNoGroups));
            const lines: string[] = [];
            for (const membership of memberships) {
              const group = await repos.groups.get(membership.groupId);
              if (!group) continue;
              const next = await meetings.next(group.id, now);
              if (!next) lines.push(t.noGroupMeeting(group.name));
              else {
                const d = describe(next, lang);
                lines.push(`${t.nextMeetingInGroup(group.name, d.type, d.title, d.when, d.where)} ${t.calendarLink(linkOf(next))}`);
              }
            }
            return void (await context.sendActivity(lines.length > 0 ? lines.join('\n\n') : t.personalNoGroups));
          }
          if (!access.group) return void (await context.sendActivity(commonTexts(lang).notInGroup));
          const next = await meetings.next(access.group.id, now);
          if (next) {
            const d = describe(next, lang);
            return void (await context.sendActivity(`${t.nextMeeting(d.type, d.title, d.when, d.where)} ${t.calendarLink(linkOf(next))}`));
          }
          const open = await meetings.openProposals(access.group.id, now);
          await context.sendActivity(open.length > 0 ? t.noMeetingButProposal(open[open.length - 1].title) : t.noMeeting);
        }
      });

      // --- proactive: reminder and cadence ----------------------------------------------------
      async function groupReference(group: Group): Promise<Partial<ConversationReference> | undefined> {
        if (group.botRemovedAt) return undefined;
        return (await repos.conversations.get(`conv:${group.postConversationId}`))?.reference;
      }

      const markRemoved = (group: Group, now: Date) =>
        repos.groups.update(group.id, (g) => g && { ...g, botRemovedAt: now.toISOString() });

      ctx.jobs.add({
        name: 'meetings.reminders',
        schedule: '5 * * * *',
        timezone: MEETING_ZONE,
        async run(now) {
          const local = DateTime.fromJSDate(now).setZone(MEETING_ZONE);
          if (local.hour < REMINDER_HOUR) return;
          const tomorrow = local.startOf('day').plus({ days: 1 });
          const due = await meetings.confirmedStartingBetween(tomorrow.toJSDate(), tomorrow.plus({ days: 1 }).toJSDate());
          for (const found of due) {
            const group = await repos.groups.get(found.groupId);
            if (!group || group.botRemovedAt) continue;
            const key = `meeting-reminder:${found.id}`;
            const claim = await claims.acquire(key, 'meeting-reminder', instance, now, REMINDER_LEASE_MS);
            if (!claim.acquired) continue;
            try {
              const reference = await groupReference(group);
              if (!reference) {
                await claims.complete(key, instance, 'failed', now, 'no conversation reference');
                continue;
              }
              const lang = group.language;
              const agenda = await agendaFor(found, new Date(found.start!), lang);
              const meeting = (await meetings.update(group.id, found.id, (m) => m && { ...m, agenda, updatedAt: now.toISOString() })).doc ?? found;
              const t = meetingTexts(lang);
              const card = confirmedCard(lang, meeting, { ics: linkOf(meeting), teams: '' }, meeting.confirmedByName ?? '', t.reminderTitle(typeLabel(meeting.type, lang), meeting.title));
              const outcome = await outbound.send(reference, cardMessage(card));
              const state = outcome.status === 'sent' ? 'done' : outcome.status;
              await claims.complete(key, instance, state, now, outcome.status === 'sent' ? undefined : outcome.reason);
              if (outcome.status === 'failed' && outcome.botRemoved) await markRemoved(group, now);
              logger.info({ groupId: group.id, meetingId: meeting.id, outcome: outcome.status }, 'meeting reminder');
            } catch (err) {
              await claims.complete(key, instance, 'failed', now, (err as Error).message).catch(() => undefined);
              throw err;
            }
          }
        }
      });

      /** The next meeting of a cadence: the same weekday and local time after the interval, past holidays. */
      function nextOptions(meeting: Meeting, now: Date): TimeOption[] {
        const weeks = CADENCE_WEEKS[meeting.cadence];
        const duration = Math.round((Date.parse(meeting.end!) - Date.parse(meeting.start!)) / 60_000);
        let first = shiftToWorkingDay(new Date(meeting.start!), duration, weeks);
        while (first.start.getTime() <= now.getTime()) first = shiftToWorkingDay(first.start, duration, weeks);
        // A second choice: the next working day at the same time.
        let local = DateTime.fromJSDate(first.start).setZone(MEETING_ZONE).plus({ days: 1 });
        while (isNonWorkingDay(local.toISODate()!)) local = local.plus({ days: 1 });
        return [
          { id: 'o1', start: first.start.toISOString(), end: first.end.toISOString() },
          { id: 'o2', start: local.toUTC().toISO()!, end: local.plus({ minutes: duration }).toUTC().toISO()! }
        ].map((o) => ({ ...o, start: new Date(o.start).toISOString(), end: new Date(o.end).toISOString() }));
      }

      ctx.jobs.add({
        name: 'meetings.cadence',
        schedule: '35 * * * *',
        timezone: MEETING_ZONE,
        async run(now) {
          for (const previous of await meetings.cadenceDue(now)) {
            const group = await repos.groups.get(previous.groupId);
            if (!group) continue;
            const lang = group.language;
            const id = `${previous.seriesId}-${previous.seq + 1}`;
            const next: Meeting = {
              id,
              groupId: group.id,
              docType: 'meeting',
              type: previous.type,
              title: previous.title,
              place: previous.place,
              online: previous.online,
              agendaNotes: previous.agendaNotes,
              cadence: previous.cadence,
              options: nextOptions(previous, now),
              status: 'open',
              seriesId: previous.seriesId,
              seq: previous.seq + 1,
              intro: meetingTexts(lang).cadenceIntro(cadenceLabel(previous.cadence, lang)),
              createdBy: previous.confirmedBy ?? previous.createdBy,
              createdByName: 'Trygg',
              createdAt: now.toISOString(),
              updatedAt: now.toISOString()
            };
            const stored = (await meetings.create(next)) ?? (await meetings.get(group.id, id));
            if (!stored) continue;
            const key = `meeting-proposal:${id}`;
            const reference = await groupReference(group);
            if (reference && (await claims.acquire(key, 'meeting-proposal', instance, now, REMINDER_LEASE_MS)).acquired) {
              const card = pollCard(lang, stored, tallyAnswers(stored, []), stored.createdByName ?? '', stored.intro ?? '');
              const outcome = await outbound.send(reference, cardMessage(card));
              await claims.complete(key, instance, outcome.status === 'sent' ? 'done' : outcome.status, now, outcome.status === 'sent' ? undefined : outcome.reason);
              if (outcome.status === 'sent' && outcome.id) {
                await meetings.update(group.id, id, (m) => m && { ...m, card: { conversationId: String(reference.conversation?.id ?? ''), activityId: outcome.id! } });
              }
              if (outcome.status === 'failed' && outcome.botRemoved) await markRemoved(group, now);
            }
            await meetings.update(group.id, previous.id, (m) => m && !m.nextProposedId ? { ...m, nextProposedId: id, updatedAt: now.toISOString() } : undefined);
            logger.info({ groupId: group.id, meetingId: id, previous: previous.id }, 'next meeting of cadence proposed');
          }
        }
      });
    }
  };
}

/** The feature as registered in FEATURES; agenda sources are added there when their features exist. */
export const meetingsFeature = createMeetingsFeature();
