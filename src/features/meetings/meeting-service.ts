import { createHash } from 'node:crypto';
import { checkCardBinding, type CardRecord, type InvokeOrigin } from '../../access/card-binding';
import type { Lang } from '../../i18n';
import { meetingTexts } from '../../i18n/meetings';
import type { Group } from '../groups/model';
import { buildAgenda } from './agenda';
import { agendaText, icsUrl, locationText, meetingIcs, teamsMeetingLink, verifyIcsToken } from './calendar';
import { isConfirmed, parseProposal, tallyAnswers, typeLabel, type AgendaSection, type AnswerValue, type ConfirmedMeeting, type Meeting, type MeetingAnswer } from './model';
import type { AnswerResult, CalendarResult, CardOrigin, ConfirmResult, MeetingActor, MeetingForms, MeetingServiceDeps, NextMeeting, PollView, ProposeResult } from './service-types';

export type * from './service-types';

/** The poll's answers as one comparable string: a change of any answer changes it. */
function versionOf(meeting: Meeting, answers: readonly MeetingAnswer[]): string {
  const parts = answers.map((a) => `${a.id}@${a.updatedAt}:${JSON.stringify(a.answers)}`).sort();
  return `${meeting.status}|${parts.join('|')}`;
}

/** The meeting type a group's form starts with. */
export function defaultMeetingType(group: Pick<Group, 'kind'>): Meeting['type'] {
  return group.kind === 'styrgrupp' ? 'styrgrupp' : 'sspf';
}

/**
 * The meeting use cases, each written once for every trigger: proposing from a recorded form, answering,
 * confirming, the calendar file, the next meeting. Access is decided here, failing closed.
 */
export class MeetingService {
  constructor(private readonly deps: MeetingServiceDeps) {}

  /** Whether the actor may open a proposal form, and the meeting type it starts with. */
  openForm(actor: MeetingActor): { ok: true; defaultType: Meeting['type'] } | { ok: false; reason: 'notCoordinator' } {
    if (!actor.coordinator || !actor.aadObjectId) return { ok: false, reason: 'notCoordinator' };
    return { ok: true, defaultType: defaultMeetingType(actor.group) };
  }

  /** Records a posted proposal form: only a recorded form may propose, once. */
  rememberForm(group: Group, conversationId: string, activityId: string, now: Date): Promise<void> {
    return this.deps.forms.remember(group.id, conversationId, activityId, now);
  }

  /**
   * Proposes a meeting from a recorded form of this group and conversation (src/access/card-binding.ts),
   * used once. A repeated submit of the form that already proposed its meeting returns that meeting.
   */
  async propose(actor: MeetingActor, origin: CardOrigin, form: Record<string, unknown>, now: Date): Promise<ProposeResult> {
    if (!actor.coordinator || !actor.aadObjectId) return { ok: false, reason: 'notCoordinator' };
    const { group } = actor;
    const cards = await this.deps.forms.find(group.id, origin.conversationId, origin.cardMessageId);
    const binding = checkCardBinding(this.originOf(actor, origin), { groupId: group.id, cards });
    if (!binding.allowed || !origin.cardMessageId) return this.repeatedSubmit(actor, origin, binding.reason);
    const parsed = parseProposal(form, now);
    if (!parsed.ok) {
      this.deps.logger.info({ groupId: group.id, problems: parsed.problems.map((p) => p.kind) }, 'meeting proposal refused');
      return { ok: false, reason: 'invalid', problems: parsed.problems };
    }
    if (!(await this.deps.forms.take(group.id, origin.conversationId, origin.cardMessageId))) return this.repeatedSubmit(actor, origin, 'formUsed');
    // The same form submitted twice (a double click, a Teams retry) proposes one meeting.
    const id = this.formMeetingId(group.id, origin.conversationId, origin.cardMessageId);
    const meeting: Meeting = {
      id,
      groupId: group.id,
      docType: 'meeting',
      ...parsed.proposal,
      status: 'open',
      card: { conversationId: origin.conversationId, activityId: origin.cardMessageId },
      seriesId: id,
      seq: 1,
      createdBy: actor.aadObjectId,
      createdByName: actor.name,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString()
    };
    const created = await this.deps.meetings.create(meeting);
    const poll = await this.poll(group.id, id);
    if (!poll) throw new Error('meeting vanished after create');
    if (created) this.deps.logger.info({ groupId: group.id, meetingId: id, options: meeting.options.length, cadence: meeting.cadence }, 'meeting proposed');
    return { ok: true, poll, created: !!created };
  }

  /** A member's answer to one time of an open poll, from that meeting's own card. */
  async answer(actor: MeetingActor, origin: CardOrigin, input: { meetingId: string; optionId: string; answer: AnswerValue }, now: Date): Promise<AnswerResult> {
    if (!actor.member || !actor.aadObjectId) return { ok: false, reason: 'notMember' };
    const meeting = await this.deps.meetings.get(actor.group.id, input.meetingId);
    if (!meeting || !meeting.options.some((o) => o.id === input.optionId)) return { ok: false, reason: 'notFound' };
    if (!this.bound(actor, origin, meeting)) return { ok: false, reason: 'foreignCard' };
    if (meeting.status !== 'open') return isConfirmed(meeting) ? { ok: false, reason: 'closed', meeting } : { ok: false, reason: 'notFound' };
    await this.deps.meetings.setAnswer(meeting, actor.aadObjectId, actor.name, input.optionId, input.answer, now);
    this.deps.logger.info({ groupId: meeting.groupId, meetingId: meeting.id, member: actor.aadObjectId }, 'meeting answer saved');
    const poll = await this.poll(meeting.groupId, meeting.id);
    return poll ? { ok: true, poll } : { ok: false, reason: 'notFound' };
  }

  /**
   * A coordinator confirms one time: the agenda is built, the meeting closed. Only the coordinator who
   * confirmed gets the Teams deep link (also when Teams repeats the invoke); anyone else is told it is taken.
   */
  async confirm(actor: MeetingActor, origin: CardOrigin, input: { meetingId: string; optionId: string }, lang: Lang, now: Date): Promise<ConfirmResult> {
    const aad = actor.aadObjectId;
    if (!actor.coordinator || !aad) return { ok: false, reason: 'notCoordinator' };
    const current = await this.deps.meetings.get(actor.group.id, input.meetingId);
    const option = current?.options.find((o) => o.id === input.optionId);
    if (!current || !option) return { ok: false, reason: 'notFound' };
    if (!this.bound(actor, origin, current)) return { ok: false, reason: 'foreignCard' };
    let confirmed: Meeting | undefined = current;
    if (current.status === 'open') {
      if (Date.parse(option.start) <= now.getTime()) return { ok: false, reason: 'optionPassed' };
      const agenda = await this.agendaFor(current, new Date(option.start), lang);
      const confirmation = { status: 'confirmed' as const, chosenOptionId: option.id, start: option.start, end: option.end, agenda };
      const by = { confirmedBy: aad, confirmedByName: actor.name, confirmedAt: now.toISOString(), updatedAt: now.toISOString() };
      const result = await this.deps.meetings.update(current.groupId, current.id, (m) => (m && m.status === 'open' ? { ...m, ...confirmation, ...by } : undefined));
      confirmed = result.doc;
      if (result.changed) this.deps.logger.info({ groupId: current.groupId, meetingId: current.id, optionId: option.id }, 'meeting confirmed');
    }
    if (!confirmed || !isConfirmed(confirmed)) return { ok: false, reason: 'notFound' };
    if (confirmed.confirmedBy !== aad || confirmed.chosenOptionId !== option.id) return { ok: false, reason: 'alreadyConfirmed', meeting: confirmed };
    const poll = await this.poll(confirmed.groupId, confirmed.id);
    if (!poll) return { ok: false, reason: 'notFound' };
    return { ok: true, meeting: confirmed, poll, teamsLink: await this.teamsLink(actor.group, confirmed, lang), icsLink: this.icsLink(confirmed) };
  }

  /** The meeting and its counted answers as stored now (posted cards are rebuilt from this). */
  async poll(groupId: string, meetingId: string): Promise<PollView | undefined> {
    const meeting = await this.deps.meetings.get(groupId, meetingId);
    if (!meeting) return undefined;
    const answers = await this.deps.meetings.answers(groupId, meetingId);
    return { meeting, tally: tallyAnswers(meeting, answers), version: versionOf(meeting, answers) };
  }

  /** The calendar file behind a signed, expiring link (the HTTP route): no valid token, no data. */
  async calendarFile(meetingId: string, token: string, now: Date): Promise<CalendarResult> {
    const verdict = verifyIcsToken(this.deps.calendar.secret, token, meetingId, now);
    if (!verdict.ok) {
      this.deps.logger.warn({ meetingId: meetingId.slice(0, 64), reason: verdict.reason }, 'calendar link refused');
      return { ok: false, reason: 'forbidden' };
    }
    const meeting = await this.deps.meetings.get(verdict.grant.groupId, meetingId);
    if (!meeting || meeting.status !== 'confirmed') return { ok: false, reason: 'notFound' };
    const group = await this.deps.groups.get(meeting.groupId);
    return { ok: true, body: meetingIcs(meeting, group?.language ?? 'sv', now) };
  }

  /** `nästa möte` in a group: its next confirmed meeting, else its latest open proposal (one point read of its read model). */
  async nextInGroup(groupId: string, now: Date): Promise<NextMeeting> {
    const next = await this.deps.meetings.nextEntry(groupId, now);
    if (next) {
      const meeting = { id: next.id, groupId, type: next.type, title: next.title, start: next.start, end: next.end, place: next.place, online: next.online };
      return { kind: 'confirmed', meeting, icsLink: this.icsLink(meeting) };
    }
    const title = await this.deps.meetings.latestProposalTitle(groupId, now);
    return title === undefined ? { kind: 'none' } : { kind: 'proposal', title };
  }

  /** `nästa möte` in personal chat: the next meeting of each group the person is a member of. */
  async nextForPerson(aadObjectId: string | undefined, now: Date): Promise<Array<{ group: Group; next: NextMeeting }>> {
    const memberships = aadObjectId ? await this.deps.members.membershipsOf(aadObjectId) : [];
    const found: Array<{ group: Group; next: NextMeeting }> = [];
    for (const membership of memberships) {
      const group = await this.deps.groups.get(membership.groupId);
      if (!group) continue;
      const next = await this.nextInGroup(group.id, now);
      found.push({ group, next: next.kind === 'proposal' ? { kind: 'none' } : next });
    }
    return found;
  }

  /** The agenda of a meeting starting at `start`: the proposer's points, then other features' sections. */
  async agendaFor(meeting: Meeting, start: Date, lang: Lang): Promise<AgendaSection[]> {
    const previous = await this.deps.meetings.previousStart(meeting.groupId, start);
    const from = previous ?? new Date(start.getTime() - 30 * 24 * 3600_000);
    return buildAgenda(meeting, this.deps.agendaSources, { from, to: start }, lang, meetingTexts(lang).notesTitle, this.deps.logger);
  }

  /** The signed .ics link of a confirmed meeting (valid until 30 days after it ends). */
  icsLink(meeting: Pick<ConfirmedMeeting, 'id' | 'groupId' | 'end'>): string {
    return icsUrl(this.deps.calendar.baseUrl, this.deps.calendar.secret, meeting);
  }

  /** Teams' new-meeting dialog, prefilled with the members as attendees (their UPNs). */
  private async teamsLink(group: Group, meeting: ConfirmedMeeting, lang: Lang): Promise<string> {
    const members = await this.deps.members.list(group.id);
    const attendees = [...new Set(members.map((m) => m.upn).filter((u): u is string => !!u))];
    const content = [locationText(meeting, lang), agendaText(meeting.agenda)].filter(Boolean).join('\n\n');
    return teamsMeetingLink({ subject: `${typeLabel(meeting.type, lang)}: ${meeting.title}`, start: meeting.start, end: meeting.end, content, attendees });
  }

  /** A repeated submit of a form that already proposed its meeting shows that meeting; else the form is foreign. */
  private async repeatedSubmit(actor: MeetingActor, origin: CardOrigin, reason: string): Promise<ProposeResult> {
    if (origin.cardMessageId) {
      const existing = await this.deps.meetings.get(actor.group.id, this.formMeetingId(actor.group.id, origin.conversationId, origin.cardMessageId));
      const poll = existing && this.bound(actor, origin, existing) ? await this.poll(existing.groupId, existing.id) : undefined;
      if (poll) return { ok: true, poll, created: false };
    }
    this.deps.logger.warn({ groupId: actor.group.id, reason }, 'meeting proposal refused: not from a recorded form');
    return { ok: false, reason: 'foreignForm' };
  }

  /** A poll invoke acts only from the meeting's recorded card, in that conversation of that group. */
  private bound(actor: MeetingActor, origin: CardOrigin, meeting: Meeting): boolean {
    const binding = checkCardBinding(this.originOf(actor, origin), { groupId: meeting.groupId, cards: meeting.card ? [meeting.card] : [] });
    if (!binding.allowed) this.deps.logger.warn({ meetingId: meeting.id, reason: binding.reason }, 'meeting card action refused: not bound to its card');
    return binding.allowed;
  }

  private originOf(actor: MeetingActor, origin: CardOrigin): InvokeOrigin {
    return { kind: origin.kind, conversationId: origin.conversationId, replyToId: origin.cardMessageId, groupId: actor.group.id };
  }

  private formMeetingId(groupId: string, conversationId: string, activityId: string): string {
    return `m-${createHash('sha256').update(`${groupId}|${conversationId}|${activityId}`).digest('base64url').slice(0, 20)}`;
  }
}

/** The shared posted-forms ledger (any kind), as the meeting forms the service needs. */
export function meetingFormsOf(ledger: {
  remember(kind: 'meeting', groupId: string, conversationId: string, activityId: string, now: Date): Promise<void>;
  find(kind: 'meeting', groupId: string, conversationId: string, activityId: string | undefined): Promise<readonly CardRecord[]>;
  take(kind: 'meeting', groupId: string, conversationId: string, activityId: string): Promise<boolean>;
}): MeetingForms {
  return {
    remember: (groupId, conversationId, activityId, now) => ledger.remember('meeting', groupId, conversationId, activityId, now),
    find: (groupId, conversationId, activityId) => ledger.find('meeting', groupId, conversationId, activityId),
    take: (groupId, conversationId, activityId) => ledger.take('meeting', groupId, conversationId, activityId)
  };
}
