import type { ChannelOutcome, GroupChannel, GroupTarget } from '../../../src/bot/port';
import type { AdaptiveCard } from '../../../src/cards/render';
import { createLogger } from '../../../src/logger';
import { Claims } from '../../../src/store/claims';
import { openStore, type Store } from '../../../src/store/store';
import { GroupRepository, MemberRepository } from '../../../src/features/groups/group-repository';
import type { Group } from '../../../src/features/groups/model';
import { MeetingJobs } from '../../../src/features/meetings/meeting-jobs';
import { MeetingRepository } from '../../../src/features/meetings/meeting-repository';
import { MeetingService, meetingFormsOf } from '../../../src/features/meetings/meeting-service';
import type { Meeting } from '../../../src/features/meetings/model';
import { PostedForms } from '../../../src/features/shared/posted-forms';
import { cardText } from '../../support/teams';

const CONV = '19:general-kareby@thread.tacv2';
const group: Group = {
  id: 'g-kareby', key: 'team:kareby', kind: 'sspf', name: 'SSPF Kareby', municipality: 'Kungälv', municipalityKey: 'kungalv', areas: ['Kareby'],
  language: 'sv', conversationType: 'channel', teamId: 'kareby', postConversationId: CONV, registeredBy: 'anna', registeredAt: '', updatedAt: ''
};
const removed: Group = { ...group, id: 'g-gone', key: 'team:gone', postConversationId: '19:gone@thread.tacv2', botRemovedAt: '2026-03-01T00:00:00Z' };
const confirmed = (over: Partial<Meeting>): Meeting => ({
  id: 'm-1', groupId: group.id, docType: 'meeting', type: 'sspf', title: 'Kartläggning', place: 'Skolan', online: false, agendaNotes: '- Läget',
  cadence: 'none', options: [{ id: 'o1', start: '2026-03-24T09:00:00.000Z', end: '2026-03-24T10:30:00.000Z' }], status: 'confirmed',
  chosenOptionId: 'o1', start: '2026-03-24T09:00:00.000Z', end: '2026-03-24T10:30:00.000Z', seriesId: 'm-1', seq: 1,
  createdBy: 'anna', confirmedBy: 'anna', confirmedByName: 'Anna Samordnare', createdAt: '', updatedAt: '', ...over
});

/** The edge's group channel as the jobs see it: records each post and answers as a connector would. */
class RecordingChannel implements Pick<GroupChannel, 'post'> {
  readonly posts: Array<{ group: GroupTarget; card: AdaptiveCard }> = [];
  async post(target: GroupTarget, card: AdaptiveCard): Promise<ChannelOutcome> {
    if (target.botRemovedAt) return { status: 'notPosted', reason: 'botRemoved' };
    this.posts.push({ group: target, card });
    return { status: 'sent', activityId: `posted-${this.posts.length}` };
  }
}

describe('MeetingJobs on the embedded store', () => {
  let store: Store;
  let meetings: MeetingRepository;
  let service: MeetingService;
  const jobs = (channel: RecordingChannel, instance: string) =>
    new MeetingJobs({ meetings, groups: new GroupRepository(store), service, claims: new Claims(store), channel, logger: createLogger('silent'), instance });

  beforeAll(async () => {
    store = await openStore({ cosmos: { database: 'meeting-jobs' }, embedded: { snapshotMs: 1000 }, logger: createLogger('silent') });
    meetings = new MeetingRepository(store);
    const groups = new GroupRepository(store);
    await groups.create(group);
    await groups.create(removed);
    service = new MeetingService({
      meetings, forms: meetingFormsOf(new PostedForms(store)), members: new MemberRepository(store), groups, agendaSources: [],
      calendar: { baseUrl: 'https://trygg.example', secret: 'jobs-test-secret' }, logger: createLogger('silent')
    });
  });
  afterAll(async () => store.close());

  it('reminds a group the day before from 09:00 local time, once across racing instances, never a removed bot’s group', async () => {
    await meetings.create(confirmed({}));
    await meetings.create(confirmed({ id: 'm-gone', groupId: removed.id, seriesId: 'm-gone' }));
    const channel = new RecordingChannel();
    await jobs(channel, 'a').remindTomorrow(new Date('2026-03-23T07:30:00Z')); // 08:30 local: too early
    expect(channel.posts).toHaveLength(0);
    const at = new Date('2026-03-23T08:05:00Z');
    await Promise.all([jobs(channel, 'a').remindTomorrow(at), jobs(channel, 'b').remindTomorrow(at)]);
    await jobs(channel, 'c').remindTomorrow(new Date('2026-03-23T15:05:00Z'));
    expect(channel.posts.map((p) => p.group.id)).toEqual([group.id]);
    const text = cardText(channel.posts[0].card);
    expect(text).toContain('Påminnelse: SSPF-möte – Kartläggning i morgon');
    expect(text).toContain('Läget');
    expect(JSON.stringify(channel.posts[0].card)).toContain('https://trygg.example/api/meetings/m-1/ics?token=');
    expect((await meetings.get(group.id, 'm-1'))?.agenda).toEqual([{ title: 'Punkter från förslaget', items: ['Läget'] }]);
  });

  it('proposes the next meeting of a series two weeks on past holidays, posts it once and records its card', async () => {
    // Tuesday 24 March 10:00 every second week → Tuesday 7 April (annandag påsk is Monday 6 April).
    await meetings.create(confirmed({ id: 'm-series', seriesId: 'm-series', cadence: 'biweekly' }));
    const channel = new RecordingChannel();
    await jobs(channel, 'a').proposeNextOfCadence(new Date('2026-03-24T10:00:00Z')); // not ended yet
    expect(channel.posts).toHaveLength(0);
    const after = new Date('2026-03-24T12:00:00Z');
    await jobs(channel, 'a').proposeNextOfCadence(after);
    await jobs(channel, 'b').proposeNextOfCadence(new Date('2026-03-24T13:00:00Z'));
    expect(channel.posts).toHaveLength(1);
    const text = cardText(channel.posts[0].card);
    expect(text).toContain('Nästa möte i serien (varannan vecka)');
    expect(text).toContain('tisdag 7 april 2026 10:00–11:30');
    expect(text).toContain('onsdag 8 april 2026 10:00–11:30');
    const next = await meetings.get(group.id, 'm-series-2');
    expect(next).toMatchObject({ status: 'open', seq: 2, seriesId: 'm-series', card: { conversationId: CONV, activityId: 'posted-1' } });
    expect((await meetings.get(group.id, 'm-series'))?.nextProposedId).toBe('m-series-2');
  });
});
