import type { Logger } from 'pino';
import type { CardRecord, InvokeOrigin } from '../../access/card-binding';
import type { GroupRepository, MemberRepository } from '../groups/group-repository';
import type { Group } from '../groups/model';
import type { AgendaSource } from './agenda';
import type { MeetingRepository } from './meeting-repository';
import type { ConfirmedMeeting, Meeting, ProposalProblem, Tally } from './model';

/** Who acts in which group, as the access layer resolved it (the service decides what they may do). */
export interface MeetingActor {
  group: Group;
  /** Undefined for a person Teams sent without an Entra id: such a person may do nothing here. */
  aadObjectId?: string;
  /** Display name for the cards; never logged. */
  name: string;
  coordinator: boolean;
  /** A registered member of the group (a configured administrator need not be one). */
  member: boolean;
}

/** Where a card action came from, from the activity only (never from the card data). */
export interface CardOrigin {
  kind: InvokeOrigin['kind'];
  /** The conversation's root id. */
  conversationId: string;
  /** The message holding the pressed card. */
  cardMessageId?: string;
}

/** The proposal forms the bot posted (src/features/shared/posted-forms.ts, kind `meeting`). */
export interface MeetingForms {
  remember(groupId: string, conversationId: string, activityId: string, now: Date): Promise<void>;
  find(groupId: string, conversationId: string, activityId: string | undefined): Promise<readonly CardRecord[]>;
  take(groupId: string, conversationId: string, activityId: string): Promise<boolean>;
}

/** What the meeting use cases work with; built once by the feature's `setup`. */
export interface MeetingServiceDeps {
  meetings: MeetingRepository;
  forms: MeetingForms;
  members: Pick<MemberRepository, 'list' | 'membershipsOf'>;
  groups: Pick<GroupRepository, 'get'>;
  agendaSources: readonly AgendaSource[];
  /** Where .ics links point and the key they are signed with. */
  calendar: { baseUrl: string; secret: string };
  logger: Logger;
}

/** A meeting with its answers counted: what the poll card shows. `version` changes with every answer. */
export interface PollView {
  meeting: Meeting;
  tally: Tally;
  version: string;
}

export type ProposeResult =
  | { ok: true; poll: PollView; created: boolean }
  | { ok: false; reason: 'notCoordinator' | 'foreignForm' }
  | { ok: false; reason: 'invalid'; problems: ProposalProblem[] };

export type AnswerResult =
  | { ok: true; poll: PollView }
  | { ok: false; reason: 'notMember' | 'notFound' | 'foreignCard' }
  | { ok: false; reason: 'closed'; meeting: ConfirmedMeeting };

export type ConfirmResult =
  | { ok: true; meeting: ConfirmedMeeting; poll: PollView; teamsLink: string; icsLink: string }
  | { ok: false; reason: 'notCoordinator' | 'notFound' | 'foreignCard' | 'optionPassed' }
  | { ok: false; reason: 'alreadyConfirmed'; meeting: ConfirmedMeeting };

export type CalendarResult = { ok: true; body: string } | { ok: false; reason: 'forbidden' | 'notFound' };

/** A group's next meeting: confirmed (with its .ics link), only proposed, or nothing. */
export type NextMeeting = { kind: 'confirmed'; meeting: NextMeetingView; icsLink: string } | { kind: 'proposal'; title: string } | { kind: 'none' };

/** What `nästa möte` shows of a confirmed meeting (from the meetings read model): no answers, no agenda. */
export type NextMeetingView = Pick<ConfirmedMeeting, 'id' | 'groupId' | 'type' | 'title' | 'start' | 'end' | 'place' | 'online'>;
