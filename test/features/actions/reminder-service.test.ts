import type { ChannelOutcome, Mention, StoredReference } from '../../../src/bot/port';
import { ReminderService, type ReminderChannel } from '../../../src/features/actions/reminder-service';
import type { Action } from '../../../src/features/actions/model';
import { ConversationRepository } from '../../../src/features/groups/conversation-repository';
import type { Group } from '../../../src/features/groups/model';
import { Claims } from '../../../src/store/claims';
import { actionsWorld, group, logger, member } from './support';

const FILIP = 'd0000000-0000-4000-8000-00000000000f';
const OLLE = 'd0000000-0000-4000-8000-00000000000b';

/** The port's side of the channel, recording what the service asked to send; `answer` is the connector's outcome. */
class RecordingChannel implements ReminderChannel {
  readonly personal: Array<{ reference: StoredReference; text: string }> = [];
  readonly group: Array<{ groupId: string; text: string; mention?: Mention }> = [];
  answer: ChannelOutcome = { status: 'sent', activityId: 'm1' };
  async sendTo(reference: StoredReference, text: string): Promise<ChannelOutcome> {
    this.personal.push({ reference, text });
    return this.answer;
  }
  async postText(g: Group, text: string, mention?: Mention): Promise<ChannelOutcome> {
    this.group.push({ groupId: g.id, text, mention });
    return this.answer;
  }
}

const action = (id: string, ownerAad: string, ownerName: string, dueDate: string, status: Action['status'] = 'godkand'): Action => ({
  id, groupId: 'ytterby', municipalityKey: 'kungalv', title: `Insats ${id}`, description: '', level: 'generell', agency: 'fritid', ownerAad, ownerName, dueDate, status,
  created: { by: 'x', byName: 'X', at: '2026-03-01T00:00:00Z' }, history: [], updatedAt: '2026-03-01T00:00:00Z'
});

describe('ReminderService on the embedded Cosmos server', () => {
  let world: Awaited<ReturnType<typeof actionsWorld>>;
  let channel: RecordingChannel;
  let service: ReminderService;
  beforeAll(async () => {
    world = await actionsWorld('actions-reminders');
    await world.groups.create(group('ytterby'));
    await world.groups.create(group('gone', { botRemovedAt: '2026-03-01T00:00:00Z' }));
    await world.members.update('ytterby', OLLE, () => member('ytterby', OLLE, ['medlem'], { teamsUserId: '29:olle', name: 'Olle Polis' }));
    const conversations = new ConversationRepository(world.store);
    await conversations.remember(`user:${FILIP}`, 'personal', { conversation: { id: 'a:filip' } as never, locale: 'en-GB' }, new Date());
    await world.actions.create(action('e0000000-0000-4000-8000-000000000001', FILIP, 'Filip Fritid', '2026-03-12'));
    await world.actions.create(action('e0000000-0000-4000-8000-000000000002', OLLE, 'Olle Polis', '2026-03-12'));
    await world.actions.create(action('e0000000-0000-4000-8000-000000000003', OLLE, 'Olle Polis', '2026-03-12', 'foreslagen'));
    await world.actions.create({ ...action('e0000000-0000-4000-8000-000000000004', OLLE, 'Olle Polis', '2026-03-01'), groupId: 'gone' });
    channel = new RecordingChannel();
    service = new ReminderService({
      actions: world.actions, groups: world.groups, members: world.members, conversations, claims: new Claims(world.store), channel, logger, clock: { now: () => new Date() }
    });
  });
  afterAll(() => world.store.close());

  it("reminds each approved action's owner personally in their language, or by a mention in the group, once per day", async () => {
    const day = new Date('2026-03-10T07:00:00Z');
    expect(await service.run(day)).toBe(2);
    expect(await service.run(day)).toBe(0);
    expect(channel.personal).toEqual([{ reference: expect.objectContaining({ locale: 'en-GB' }), text: expect.stringContaining('is due 12 March 2026') }]);
    expect(channel.group).toHaveLength(2);
    const toOlle = channel.group.find((m) => m.mention);
    expect(toOlle?.mention).toEqual({ teamsUserId: '29:olle', name: 'Olle Polis', text: '<at>Olle Polis</at>' });
    expect(toOlle?.text).toContain('<at>Olle Polis</at>: insatsen "Insats e0000000-0000-4000-8000-000000000002" ska vara klar 12 mars 2026');
    expect(channel.group.some((m) => !m.mention && m.text.includes('(ansvarig: Filip Fritid)'))).toBe(true);
    // Nothing for the group the bot was removed from, nor for the proposed action.
    expect(channel.group.every((m) => m.groupId === 'ytterby')).toBe(true);
  });

  it('leaves a day whose sends certainly failed open for a later run, and one that is uncertain closed', async () => {
    channel.answer = { status: 'failed' };
    const day = new Date('2026-03-13T07:00:00Z');
    expect(await service.run(day)).toBe(0);
    const claims = new Claims(world.store);
    expect(await claims.get('reminder:e0000000-0000-4000-8000-000000000001:2026-03-13')).toMatchObject({ state: 'failed' });
    channel.answer = { status: 'sent', activityId: 'm2' };
    expect(await service.run(day)).toBe(2);
    expect(channel.personal.at(-1)?.text).toContain('is overdue');
    channel.answer = { status: 'uncertain' };
    expect(await service.run(new Date('2026-03-14T07:00:00Z'))).toBe(0);
    channel.answer = { status: 'sent', activityId: 'm3' };
    expect(await service.run(new Date('2026-03-14T07:00:00Z'))).toBe(0);
  });
});
