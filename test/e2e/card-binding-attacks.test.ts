import { randomUUID } from 'node:crypto';
import { startBot, type RunningBot } from '../support/bot-harness';
import { ConnectorStandIn } from '../support/connector';
import { postedForm, registerGroup, setMember } from '../support/flows';
import { anna, execute, filip, message, olle, sara, styrgrupp, ytterby, type Person, type Place } from '../support/teams';
import { MeetingRepository } from '../../src/features/meetings/meeting-repository';
import { ActionRepository } from '../../src/features/actions/action-repository';
import { UpdateRepository } from '../../src/features/updates/update-repository';

/** The binding rule (src/access/card-binding.ts) in a second feature: meeting poll invokes act only from the meeting's own card. */
describe('forged meeting invokes over /api/messages', () => {
  const connector = new ConnectorStandIn();
  let bot: RunningBot;
  const c = (replyToId?: string) => ({ serviceUrl: connector.url, replyToId });
  const proposal = { type: 'sspf', title: 'Kartläggning', place: 'Skolan', online: 'false', agenda: '', cadence: 'none', date1: '2026-12-28', time1: '14:00', duration1: '60', date2: '2026-12-29', time2: '14:00', duration2: '60' };

  beforeAll(async () => {
    await connector.start();
    connector.addPeople(anna, sara, olle);
    bot = await startBot({ clock: { now: () => new Date('2026-12-01T09:00:00Z') } });
    await registerGroup(bot, connector, ytterby, anna);
    await setMember(bot, connector, ytterby, anna, sara, 'skola');
    await registerGroup(bot, connector, styrgrupp, olle, { name: 'Olles team', agency: 'polis' });
  });
  afterAll(async () => {
    await bot.stop();
    await connector.stop();
  });

  it('an answer or confirmation aimed at another message, or sent from another team with a valid meetingId, changes and updates nothing', async () => {
    const poll = await postedForm(bot, connector, anna, ytterby, 'möte');
    const res = await bot.post(execute(anna, ytterby, 'meetings.propose', proposal, c(poll)));
    const meetingId = JSON.stringify(res.body.value).match(/"meetingId":"(m-[^"]+)"/)![1];
    const groupId = (await bot.bot.repos.groups.getByKey('team:19:team-ytterby@thread.tacv2'))!.id;
    const repo = new MeetingRepository(bot.store);
    connector.clear();

    const foreign = await bot.post(execute(sara, ytterby, 'meetings.answer', { meetingId, optionId: 'o1', answer: 'ja' }, c('m-some-other-bot-message')));
    expect(foreign.body.value).toBe('Det här kortet hör inte till det du försöker ändra i den här konversationen, så inget ändrades.');
    const confirm = await bot.post(execute(anna, ytterby, 'meetings.confirm', { meetingId, chosenOptionId: 'o1' }, c('m-some-other-bot-message')));
    expect(confirm.body.value).toContain('inget ändrades');
    // From another team (its own group, valid meetingId and even the real poll's message id): nothing there to act on.
    const otherTeam = await bot.post(execute(olle, styrgrupp, 'meetings.answer', { meetingId, optionId: 'o1', answer: 'ja' }, c(poll)));
    expect(otherTeam.body.type).toBe('application/vnd.microsoft.activity.message');
    expect(await repo.answers(groupId, meetingId)).toEqual([]);
    expect((await repo.get(groupId, meetingId))!.status).toBe('open');
    expect(connector.activities.filter((a) => a.method === 'PUT')).toEqual([]);

    // The real poll card still works.
    const real = await bot.post(execute(sara, ytterby, 'meetings.answer', { meetingId, optionId: 'o1', answer: 'ja' }, c(poll)));
    expect(real.body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(await repo.answers(groupId, meetingId)).toHaveLength(1);
  });
});

/**
 * The binding rule for create forms: an action, a situation update or a meeting is created only from a form
 * the bot posted and recorded in that conversation for that group, and that form's message is the only one
 * the new card replaces. A forged create invoke (a valid group, a `replyToId` naming another bot message in
 * the same channel, or a form in another team's conversation) would otherwise overwrite that message with
 * the new card and record it as the object's card.
 */
describe('forged create invokes over /api/messages', () => {
  const connector = new ConnectorStandIn();
  let bot: RunningBot;
  let groupId = '';
  const c = (replyToId?: string) => ({ serviceUrl: connector.url, replyToId });
  const REFUSED = 'Det här kortet hör inte till det du försöker ändra i den här konversationen, så inget ändrades.';
  const due = '2026-12-20';
  const creates = {
    action: {
      command: 'insats ny',
      verb: 'actions.propose',
      data: (who: Person) => ({ formVersion: 1, title: 'Fältvandring vid stationen', description: 'Fredagar.', level: 'generell', area: '', casePseudonym: '', agency: 'fritid', ownerId: who.aadObjectId, dueDate: due, promiseId: '' }),
      stored: () => new ActionRepository(bot.store).listForGroup(groupId)
    },
    update: {
      command: 'lägesbild ny',
      verb: 'updates.submit',
      data: () => ({ draftId: randomUUID(), area: 'Ytterby', category: 'narkotika', trend: 'okande', level: 'generell', observedOn: '2026-12-01', text: 'Fler unga vid stationen på kvällarna.' }),
      stored: () => new UpdateRepository(bot.store).list(groupId)
    },
    meeting: {
      command: 'möte',
      verb: 'meetings.propose',
      data: () => ({ type: 'sspf', title: 'Kartläggning', place: 'Skolan', online: 'false', agenda: '', cadence: 'none', date1: '2026-12-28', time1: '14:00', duration1: '60', date2: '2026-12-29', time2: '14:00', duration2: '60' }),
      stored: () => new MeetingRepository(bot.store).list(groupId)
    }
  } as const;

  /** Types a command and returns the id of the bot's reply: some other bot message in that conversation. */
  const botMessage = async (who: Person, place: Place, text: string): Promise<string> => {
    const typed = message(who, place, text, { serviceUrl: connector.url });
    await bot.post(typed);
    const reply = connector.activities.find((a) => a.method === 'POST' && a.replyToId === typed.id);
    if (!reply?.activityId) throw new Error(`no reply to "${text}"`);
    return reply.activityId;
  };

  beforeAll(async () => {
    await connector.start();
    connector.addPeople(anna, sara, olle, filip);
    bot = await startBot({ clock: { now: () => new Date('2026-12-01T09:00:00Z') } });
    await registerGroup(bot, connector, ytterby, anna);
    await setMember(bot, connector, ytterby, anna, filip, 'fritid');
    await registerGroup(bot, connector, styrgrupp, olle, { name: 'Olles team', agency: 'polis' });
    groupId = (await bot.bot.repos.groups.getByKey('team:19:team-ytterby@thread.tacv2'))!.id;
  });
  afterAll(async () => {
    await bot.stop();
    await connector.stop();
  });

  it.each(Object.keys(creates) as Array<keyof typeof creates>)(
    'a forged %s create aimed at another bot message in the channel, or at a form in a foreign conversation, is refused: nothing stored, no message touched',
    async (kind) => {
      const k = creates[kind];
      // Anna is coordinator in Ytterby (may create all three); Olle in his own team.
      const victim = await botMessage(anna, ytterby, 'hjälp');
      const otherCard = await postedForm(bot, connector, anna, ytterby, kind === 'action' ? 'möte' : 'insats ny');
      const foreignForm = await postedForm(bot, connector, olle, styrgrupp, k.command);
      const realForm = await postedForm(bot, connector, anna, ytterby, k.command);
      const before = (await k.stored()).length;
      connector.clear();

      const attempts = [
        // Same channel, any other bot message (a text reply, another feature's form).
        execute(anna, ytterby, k.verb, k.data(anna), c(victim)),
        execute(anna, ytterby, k.verb, k.data(anna), c(otherCard)),
        // Same channel, a real form of this kind, but one posted in another team's conversation.
        execute(anna, ytterby, k.verb, k.data(anna), c(foreignForm)),
        // From the other team (its own registered group), naming Ytterby's real form.
        execute(olle, styrgrupp, k.verb, k.data(olle), c(realForm))
      ];
      for (const attempt of attempts) {
        const res = await bot.post(attempt);
        expect(res.status).toBe(200);
        expect(res.body.value).toBe(REFUSED);
      }
      expect(await k.stored()).toHaveLength(before);
      expect(connector.activities.filter((a) => a.method === 'PUT')).toEqual([]);

      // The real form still creates, once, and only it is replaced by the new card.
      const real = await bot.post(execute(anna, ytterby, k.verb, k.data(anna), c(realForm)));
      expect(real.body.type).toBe('application/vnd.microsoft.card.adaptive');
      expect(await k.stored()).toHaveLength(before + 1);
      await connector.waitFor((all) => all.some((a) => a.method === 'PUT'));
      expect(connector.activities.filter((a) => a.method === 'PUT').map((a) => a.activityId)).toEqual([realForm]);
      // A used form creates nothing more (a different draft from the same form is refused).
      if (kind === 'update') {
        const reused = await bot.post(execute(anna, ytterby, k.verb, k.data(anna), c(realForm)));
        expect(reused.body.value).toBe(REFUSED);
        expect(await k.stored()).toHaveLength(before + 1);
      }
    }
  );

  it('refuses a forged create in English for an English-speaking user', async () => {
    const victim = await botMessage(anna, ytterby, 'hjälp');
    const before = (await creates.action.stored()).length;
    connector.clear();
    const res = await bot.post(execute(anna, ytterby, 'actions.propose', creates.action.data(anna), { ...c(victim), locale: 'en-US' }));
    expect(res.body.value).toBe('This card does not belong to what you are trying to change in this conversation, so nothing was changed.');
    expect(await creates.action.stored()).toHaveLength(before);
    expect(connector.activities.filter((a) => a.method === 'PUT')).toEqual([]);
  });
});

/**
 * The registration/settings card shows no per-object state: it is bound to the group and the conversation.
 * A register invoke naming any other bot message (or a registration form of another team) saves what the
 * access layer allows, but replaces no message for everyone.
 */
describe('forged registration invokes over /api/messages', () => {
  const connector = new ConnectorStandIn();
  let bot: RunningBot;
  const c = (replyToId?: string) => ({ serviceUrl: connector.url, replyToId });

  beforeAll(async () => {
    await connector.start();
    connector.addPeople(anna, olle);
    bot = await startBot({ clock: { now: () => new Date('2026-12-01T09:00:00Z') } });
    await registerGroup(bot, connector, styrgrupp, olle, { name: 'Olles team', agency: 'polis' });
  });
  afterAll(async () => {
    await bot.stop();
    await connector.stop();
  });

  it('a registration aimed at another bot message, or at another team\'s registration form, overwrites no message', async () => {
    const typed = message(anna, ytterby, 'hjälp', { serviceUrl: connector.url });
    await bot.post(typed);
    const victim = connector.activities.find((a) => a.method === 'POST' && a.replyToId === typed.id)!.activityId!;
    await bot.post(message(olle, styrgrupp, 'registrera', c()));
    const foreignForm = connector.activities.at(-1)!.activityId!;
    await bot.post(message(anna, ytterby, 'registrera', c()));
    const realForm = connector.activities.at(-1)!.activityId!;
    connector.clear();

    const data = { kind: 'sspf', name: 'SSPF Ytterby', municipality: 'Kungälv', areas: 'Ytterby', language: 'sv', agency: 'skola' };
    await bot.post(execute(anna, ytterby, 'groups.register', data, c(victim)));
    await bot.post(execute(anna, ytterby, 'groups.register', { ...data, name: 'SSPF Ytterby 2' }, c(foreignForm)));
    await bot.idle();
    expect(connector.activities.filter((a) => a.method === 'PUT')).toEqual([]);
    // The act itself is the access layer's: Anna registered the group (first registration) and, as coordinator, changed its name.
    expect((await bot.bot.repos.groups.getByKey('team:19:team-ytterby@thread.tacv2'))?.name).toBe('SSPF Ytterby 2');

    // From the real registration form, the card is replaced for everyone.
    await bot.post(execute(anna, ytterby, 'groups.register', data, c(realForm)));
    await connector.waitFor((all) => all.some((a) => a.method === 'PUT'));
    expect(connector.activities.filter((a) => a.method === 'PUT').map((a) => a.activityId)).toEqual([realForm]);
  });
});
