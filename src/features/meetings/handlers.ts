import type { Logger } from 'pino';
import type { Request, Response, Server } from 'restify';
import type { z } from 'zod';
import type { CommandInput, GroupChannel, InvokeAnswer, Turn } from '../../bot/port';
import type { AdaptiveCard } from '../../cards/render';
import type { Clock } from '../../clock';
import type { Lang } from '../../i18n';
import { commonTexts } from '../../i18n/common';
import { meetingTexts } from '../../i18n/meetings';
import { guardCommand, guardInvoke, requireCoordinator, requireGroup, requireMember, type AccessSource, type GroupAccess } from '../shared/guards';
import { confirmedCard, pollCard, proposalCard } from './cards';
import { locationText } from './calendar';
import type { MeetingJobs } from './meeting-jobs';
import { defaultMeetingType, type MeetingService, type NextMeeting, type PollView } from './meeting-service';
import { isConfirmed, typeLabel, type answerSchema, type confirmDataSchema } from './model';
import type { CardOrigin, MeetingActor } from './service-types';
import { formatSpan } from './time';

/** What the meeting handlers work with, built once by the feature's `setup`. */
export interface MeetingsDeps {
  service: MeetingService;
  jobs: MeetingJobs;
  access: AccessSource;
  channel: Pick<GroupChannel, 'replace'>;
  clock: Clock;
  logger: Logger;
}

type Refusal = 'notCoordinator' | 'notMember' | 'foreignForm' | 'foreignCard' | 'notFound' | 'optionPassed';

/** The answer to a refused card action, in the language of the person who pressed. */
function refusal(reason: Refusal, lang: Lang): InvokeAnswer {
  const common = commonTexts(lang);
  const t = meetingTexts(lang);
  const texts: Record<Refusal, string> = {
    notCoordinator: common.coordinatorOnly,
    notMember: common.notMember,
    foreignForm: common.foreignCard,
    foreignCard: common.foreignCard,
    notFound: t.meetingNotFound,
    optionPassed: t.optionPassed
  };
  return { kind: 'message', text: texts[reason] };
}

/** "Already confirmed (when)": answers are closed, or another coordinator confirmed first. */
function alreadyConfirmed(meeting: { start: string; end: string }, lang: Lang): InvokeAnswer {
  return { kind: 'message', text: meetingTexts(lang).alreadyConfirmed(formatSpan(meeting.start, meeting.end, lang)) };
}

function actorOf(access: GroupAccess): MeetingActor {
  const name = access.member?.name ?? access.actor.name ?? '';
  return { group: access.group, aadObjectId: access.actor.aadObjectId, name, coordinator: access.coordinator, member: !!access.member };
}

function originOf(turn: Turn): CardOrigin {
  return { kind: turn.where.kind, conversationId: turn.where.conversationId, cardMessageId: turn.cardMessageId };
}

/** The card a meeting shows to everyone in its group: the poll while open, the confirmation after. */
function postedCardOf(deps: MeetingsDeps, poll: PollView, lang: Lang): AdaptiveCard {
  const { meeting, tally } = poll;
  if (isConfirmed(meeting)) return confirmedCard(lang, meeting, { ics: deps.service.icsLink(meeting), teams: '' }, meeting.confirmedByName ?? '');
  return pollCard(lang, meeting, tally, meeting.createdByName ?? '', meeting.intro ?? '');
}

/**
 * After the invoke is answered: puts the meeting's stored state on the pressed card for everyone (the
 * service checked the card's binding before anything changed), again while answers changed during the
 * send, so concurrent answers converge on a card that shows them all.
 */
function showOnPressedCard(deps: MeetingsDeps, turn: Turn, first: PollView, lang: Lang): void {
  const activityId = turn.cardMessageId;
  if (!activityId) return;
  const { groupId, id: meetingId } = first.meeting;
  const run = async () => {
    let poll: PollView | undefined = first;
    for (let round = 0; round < 3 && poll; round++) {
      const outcome = await deps.channel.replace(turn.reference, activityId, postedCardOf(deps, poll, lang));
      if (outcome.status !== 'sent') return deps.logger.warn({ meetingId, status: outcome.status }, 'could not update the posted meeting card');
      const shown: string = poll.version;
      poll = await deps.service.poll(groupId, meetingId);
      if (poll?.version === shown) return;
    }
  };
  run().catch((err: Error) => deps.logger.warn({ meetingId, err: err.message }, 'meeting card update failed'));
}

/** `möte`: a coordinator gets the proposal form, recorded so that only it can propose (once). */
export async function openProposalForm(deps: MeetingsDeps, turn: Turn, input: CommandInput): Promise<void> {
  const access = await guardCommand(deps.access, turn, input.lang, requireCoordinator);
  if (!access) return;
  const form = deps.service.openForm(actorOf(access));
  if (!form.ok) return void (await turn.reply(commonTexts(input.lang).coordinatorOnly));
  const sent = await turn.replyCard(proposalCard(input.lang, {}, [], form.defaultType));
  if (sent) await deps.service.rememberForm(access.group, turn.where.conversationId, sent, deps.clock.now());
}

/** The form's submit: the form becomes the poll for everyone, or comes back with what was wrong. */
export async function proposeMeeting(deps: MeetingsDeps, turn: Turn, data: Record<string, unknown>): Promise<InvokeAnswer> {
  const guarded = await guardInvoke(deps.access, turn, requireCoordinator);
  if (!guarded.ok) return guarded.answer;
  const { group, groupLang } = guarded.access;
  const result = await deps.service.propose(actorOf(guarded.access), originOf(turn), data, deps.clock.now());
  if (!result.ok && result.reason === 'invalid') return { kind: 'card', card: proposalCard(groupLang, data, result.problems, defaultMeetingType(group)) };
  if (!result.ok) return refusal(result.reason, turn.lang);
  if (result.created) showOnPressedCard(deps, turn, result.poll, groupLang);
  const { meeting, tally } = result.poll;
  return { kind: 'card', card: pollCard(groupLang, meeting, tally, meeting.createdByName ?? '') };
}

/** A member's yes / maybe / no to one time. */
export async function answerPoll(deps: MeetingsDeps, turn: Turn, data: z.infer<typeof answerSchema>): Promise<InvokeAnswer> {
  const guarded = await guardInvoke(deps.access, turn, requireMember);
  if (!guarded.ok) return guarded.answer;
  const { groupLang } = guarded.access;
  const result = await deps.service.answer(actorOf(guarded.access), originOf(turn), data, deps.clock.now());
  if (!result.ok) return result.reason === 'closed' ? alreadyConfirmed(result.meeting, turn.lang) : refusal(result.reason, turn.lang);
  showOnPressedCard(deps, turn, result.poll, groupLang);
  const { meeting, tally } = result.poll;
  return { kind: 'card', card: pollCard(groupLang, meeting, tally, meeting.createdByName ?? '', meeting.intro ?? '') };
}

/** A coordinator confirms a time: everyone sees it with the .ics link; only they get the Teams deep link. */
export async function confirmMeeting(deps: MeetingsDeps, turn: Turn, data: z.infer<typeof confirmDataSchema>): Promise<InvokeAnswer> {
  const guarded = await guardInvoke(deps.access, turn, requireCoordinator);
  if (!guarded.ok) return guarded.answer;
  const { groupLang } = guarded.access;
  const input = { meetingId: data.meetingId, optionId: data.chosenOptionId };
  const result = await deps.service.confirm(actorOf(guarded.access), originOf(turn), input, groupLang, deps.clock.now());
  if (!result.ok) return result.reason === 'alreadyConfirmed' ? alreadyConfirmed(result.meeting, turn.lang) : refusal(result.reason, turn.lang);
  showOnPressedCard(deps, turn, result.poll, groupLang);
  const links = { ics: result.icsLink, teams: result.teamsLink };
  return { kind: 'card', card: confirmedCard(groupLang, result.meeting, links, result.meeting.confirmedByName ?? '') };
}

/** One line about a group's next confirmed meeting, with its calendar link. */
function nextLine(next: Extract<NextMeeting, { kind: 'confirmed' }>, lang: Lang, group?: string): string {
  const t = meetingTexts(lang);
  const m = next.meeting;
  const parts = [typeLabel(m.type, lang), m.title, formatSpan(m.start, m.end, lang), locationText(m, lang)] as const;
  const line = group === undefined ? t.nextMeeting(...parts) : t.nextMeetingInGroup(group, ...parts);
  return `${line} ${t.calendarLink(next.icsLink)}`;
}

/** The free-text question "när är nästa möte?" / "when is the next meeting?" asks for the next meeting. */
export function asksForNextMeeting(normalized: string): boolean {
  return /\b(nasta|next|kommande|upcoming)\b/.test(normalized) && /\b(mote\w*|meetings?|traff\w*)\b/.test(normalized);
}

/**
 * The next meeting, in `lang`: in a group its next meeting; in personal chat the next meeting of each of
 * the person's groups. Shared by the command and the ask topic `meetings.next`.
 */
export async function answerNextMeeting(deps: MeetingsDeps, turn: Turn, lang: Lang): Promise<void> {
  const t = meetingTexts(lang);
  const now = deps.clock.now();
  if (turn.where.kind === 'personal') {
    const found = await deps.service.nextForPerson(turn.actor.aadObjectId, now);
    const lines = found.map(({ group, next }) => (next.kind === 'confirmed' ? nextLine(next, lang, group.name) : t.noGroupMeeting(group.name)));
    return void (await turn.reply(lines.length > 0 ? lines.join('\n\n') : t.personalNoGroups));
  }
  const access = await guardCommand(deps.access, turn, lang, requireGroup);
  if (!access) return;
  const next = await deps.service.nextInGroup(access.group.id, now);
  if (next.kind === 'confirmed') return void (await turn.reply(nextLine(next, lang)));
  await turn.reply(next.kind === 'proposal' ? t.noMeetingButProposal(next.title) : t.noMeeting);
}

/** `nästa möte`: see `answerNextMeeting`. */
export async function showNextMeeting(deps: MeetingsDeps, turn: Turn, input: CommandInput): Promise<void> {
  await answerNextMeeting(deps, turn, input.lang);
}

/** Job: the reminder the day before a meeting. */
export async function remindTomorrow(deps: MeetingsDeps, now: Date): Promise<void> {
  await deps.jobs.remindTomorrow(now);
}

/** Job: the next proposal of a recurring meeting after it ended. */
export async function proposeNextOfCadence(deps: MeetingsDeps, now: Date): Promise<void> {
  await deps.jobs.proposeNextOfCadence(now);
}

/** HTTP: `GET /api/meetings/:id/ics?token=…`, the calendar file behind a signed, expiring link. */
export function mountCalendarRoute(deps: MeetingsDeps, server: Server): void {
  server.get('/api/meetings/:id/ics', async (req: Request, res: Response) => {
    const meetingId = String(req.params?.id ?? '');
    const token = new URL(req.url ?? '/', 'http://localhost').searchParams.get('token') ?? '';
    const file = await deps.service.calendarFile(meetingId, token, deps.clock.now());
    res.setHeader('cache-control', 'no-store');
    res.setHeader('referrer-policy', 'no-referrer');
    if (!file.ok) return void res.send(file.reason === 'forbidden' ? 403 : 404, { error: file.reason === 'forbidden' ? 'Forbidden' : 'NotFound' });
    res.setHeader('content-type', 'text/calendar; charset=utf-8');
    res.setHeader('content-disposition', 'attachment; filename="trygg-meeting.ics"');
    res.sendRaw(200, file.body);
  });
}
