import { createLogger } from '../../../src/logger';
import { openStore, type Store } from '../../../src/store/store';
import { PostedForms } from '../../../src/features/shared/posted-forms';
import { GroupRepository, MemberRepository } from '../../../src/features/groups/group-repository';
import type { Group, Member } from '../../../src/features/groups/model';
import { MeetingRepository } from '../../../src/features/meetings/meeting-repository';
import { MeetingService, meetingFormsOf, type CardOrigin, type MeetingActor } from '../../../src/features/meetings/meeting-service';

const now = new Date('2026-03-20T09:00:00Z');
const CONV = '19:general-ytterby@thread.tacv2';
const group: Group = {
  id: 'g-ytterby', key: 'team:ytterby', kind: 'sspf', name: 'SSPF Ytterby', municipality: 'Kungälv', municipalityKey: 'kungalv', areas: ['Ytterby'],
  language: 'sv', conversationType: 'channel', teamId: 'ytterby', postConversationId: CONV, registeredBy: 'anna', registeredAt: '', updatedAt: ''
};
const other: Group = { ...group, id: 'g-other', key: 'team:other', name: 'SSPF Kareby', postConversationId: '19:other@thread.tacv2' };
const member = (aad: string, name: string, roles: Member['roles'], upn?: string): Member => ({
  id: aad, groupId: group.id, aadObjectId: aad, name, upn, agency: 'skola', roles, updatedBy: 'anna', updatedAt: ''
});
const anna: MeetingActor = { group, aadObjectId: 'anna', name: 'Anna Samordnare', coordinator: true, member: true };
const sara: MeetingActor = { group, aadObjectId: 'sara', name: 'Sara Lärare', coordinator: false, member: true };
const stranger: MeetingActor = { group, aadObjectId: 'stina', name: 'Stina', coordinator: false, member: false };
const form = {
  type: 'sspf', title: 'Kartläggning', place: 'Skolan', online: 'false', agenda: '- Läget', cadence: 'none',
  date1: '2026-03-27', time1: '14:00', duration1: '60',
  date2: '2026-03-31', time2: '14:00', duration2: '90'
};

describe('MeetingService on the embedded store', () => {
  let store: Store;
  let service: MeetingService;
  let meetings: MeetingRepository;
  let forms: PostedForms;
  let n = 0;
  /** A proposal form recorded as posted in the group's channel; its origin as a press on it. */
  const postedForm = async (): Promise<CardOrigin> => {
    const activityId = `form-${++n}`;
    await service.rememberForm(group, CONV, activityId, now);
    return { kind: 'channel', conversationId: CONV, cardMessageId: activityId };
  };

  beforeAll(async () => {
    store = await openStore({ cosmos: { database: 'meeting-service' }, embedded: { snapshotMs: 1000 }, logger: createLogger('silent') });
    meetings = new MeetingRepository(store);
    forms = new PostedForms(store);
    const groups = new GroupRepository(store);
    const members = new MemberRepository(store);
    await groups.create(group);
    await groups.create(other);
    await members.update(group.id, 'anna', () => member('anna', 'Anna Samordnare', ['samordnare'], 'anna@kungalv.example'));
    await members.update(group.id, 'sara', () => member('sara', 'Sara Lärare', ['medlem'], 'sara@kungalv.example'));
    service = new MeetingService({
      meetings, forms: meetingFormsOf(forms), members, groups, agendaSources: [],
      calendar: { baseUrl: 'https://trygg.example', secret: 'service-test-secret' }, logger: createLogger('silent')
    });
  });
  afterAll(async () => store.close());

  it('lets only a coordinator open the form, with the group kind as the default type', () => {
    expect(service.openForm(anna)).toEqual({ ok: true, defaultType: 'sspf' });
    expect(service.openForm(sara)).toEqual({ ok: false, reason: 'notCoordinator' });
    expect(service.openForm({ ...anna, aadObjectId: undefined })).toEqual({ ok: false, reason: 'notCoordinator' });
  });

  it('refuses a proposal by a non-coordinator and from a form it never posted, storing nothing', async () => {
    const origin = await postedForm();
    expect(await service.propose(sara, origin, form, now)).toEqual({ ok: false, reason: 'notCoordinator' });
    expect(await service.propose(anna, { ...origin, cardMessageId: 'forged' }, form, now)).toEqual({ ok: false, reason: 'foreignForm' });
    expect(await service.propose({ ...anna, group: other }, origin, form, now)).toEqual({ ok: false, reason: 'foreignForm' });
    expect(await meetings.list(group.id)).toEqual([]);
  });

  it('returns the problems of a bad form and keeps the form usable', async () => {
    const origin = await postedForm();
    const bad = await service.propose(anna, origin, { ...form, date1: '2026-04-03' }, now);
    expect(bad).toMatchObject({ ok: false, reason: 'invalid', problems: [{ kind: 'holiday', n: 1 }] });
    const good = await service.propose(anna, origin, form, now);
    expect(good).toMatchObject({ ok: true, created: true });
  });

  it('proposes once per form: a repeated submit shows the same meeting', async () => {
    const origin = await postedForm();
    const first = await service.propose(anna, origin, form, now);
    const again = await service.propose(anna, origin, form, now);
    if (!first.ok || !again.ok) throw new Error('expected proposals');
    expect(again.created).toBe(false);
    expect(again.poll.meeting.id).toBe(first.poll.meeting.id);
    expect(first.poll.meeting.card).toEqual({ conversationId: CONV, activityId: origin.cardMessageId });
    expect(first.poll.meeting.options.map((o) => o.start)).toEqual(['2026-03-27T13:00:00.000Z', '2026-03-31T12:00:00.000Z']);
  });

  it('counts members’ answers from the poll card only; refuses non-members and foreign cards', async () => {
    const origin = await postedForm();
    const proposed = await service.propose(anna, origin, form, now);
    if (!proposed.ok) throw new Error('expected a proposal');
    const meetingId = proposed.poll.meeting.id;
    expect(await service.answer(stranger, origin, { meetingId, optionId: 'o1', answer: 'ja' }, now)).toEqual({ ok: false, reason: 'notMember' });
    expect(await service.answer(sara, { ...origin, cardMessageId: 'other-message' }, { meetingId, optionId: 'o1', answer: 'ja' }, now)).toEqual({ ok: false, reason: 'foreignCard' });
    expect(await service.answer(sara, origin, { meetingId, optionId: 'o5', answer: 'ja' }, now)).toEqual({ ok: false, reason: 'notFound' });
    expect(await service.answer({ ...sara, group: other }, origin, { meetingId, optionId: 'o1', answer: 'ja' }, now)).toEqual({ ok: false, reason: 'notFound' });
    const before = await service.poll(group.id, meetingId);
    const answered = await service.answer(sara, origin, { meetingId, optionId: 'o1', answer: 'ja' }, now);
    if (!answered.ok) throw new Error('expected an answer');
    expect(answered.poll.tally.o1.ja).toEqual(['Sara Lärare']);
    expect(answered.poll.version).not.toBe(before?.version);
    expect((await meetings.answers(group.id, meetingId)).map((a) => a.aadObjectId)).toEqual(['sara']);
  });

  it('confirms for the coordinator with the deep link; closes answers; tells a second confirmer it is taken', async () => {
    const origin = await postedForm();
    const proposed = await service.propose(anna, origin, form, now);
    if (!proposed.ok) throw new Error('expected a proposal');
    const meetingId = proposed.poll.meeting.id;
    expect(await service.confirm(sara, origin, { meetingId, optionId: 'o2' }, 'sv', now)).toEqual({ ok: false, reason: 'notCoordinator' });
    expect(await service.confirm(anna, origin, { meetingId, optionId: 'o2' }, 'sv', new Date('2026-04-01T00:00:00Z'))).toEqual({ ok: false, reason: 'optionPassed' });
    const confirmed = await service.confirm(anna, origin, { meetingId, optionId: 'o2' }, 'sv', now);
    if (!confirmed.ok) throw new Error('expected a confirmation');
    expect(confirmed.meeting).toMatchObject({ status: 'confirmed', start: '2026-03-31T12:00:00.000Z', agenda: [{ title: 'Punkter från förslaget', items: ['Läget'] }] });
    expect(new URL(confirmed.teamsLink).searchParams.get('attendees')?.split(',').sort()).toEqual(['anna@kungalv.example', 'sara@kungalv.example']);
    expect((await service.confirm(anna, origin, { meetingId, optionId: 'o2' }, 'sv', now)).ok).toBe(true);
    const olle: MeetingActor = { group, aadObjectId: 'olle', name: 'Olle', coordinator: true, member: true };
    expect(await service.confirm(olle, origin, { meetingId, optionId: 'o1' }, 'sv', now)).toMatchObject({ ok: false, reason: 'alreadyConfirmed' });
    expect(await service.answer(sara, origin, { meetingId, optionId: 'o1', answer: 'nej' }, now)).toMatchObject({ ok: false, reason: 'closed' });

    const token = new URL(confirmed.icsLink).searchParams.get('token') ?? '';
    const file = await service.calendarFile(meetingId, token, now);
    expect(file.ok && file.body).toContain('DTSTART:20260331T120000Z');
    expect(await service.calendarFile('m-other', token, now)).toEqual({ ok: false, reason: 'forbidden' });
    expect(await service.calendarFile(meetingId, `${token.slice(0, -2)}xx`, now)).toEqual({ ok: false, reason: 'forbidden' });
    expect(await service.calendarFile(meetingId, token, new Date('2026-05-01T12:00:00Z'))).toEqual({ ok: false, reason: 'forbidden' });
  });

  it('answers nästa möte per group and per person', async () => {
    const next = await service.nextInGroup(group.id, now);
    expect(next).toMatchObject({ kind: 'confirmed', meeting: { start: '2026-03-31T12:00:00.000Z' } });
    expect(await service.nextInGroup(other.id, now)).toEqual({ kind: 'none' });
    const mine = await service.nextForPerson('sara', now);
    expect(mine.map((m) => [m.group.id, m.next.kind])).toEqual([[group.id, 'confirmed']]);
    expect(await service.nextForPerson(undefined, now)).toEqual([]);
    expect(await service.nextInGroup(group.id, new Date('2026-04-02T00:00:00Z'))).toEqual({ kind: 'none' });
  });
});
