import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBot, type RunningBot } from '../support/bot-harness';
import { ConnectorStandIn, type RecordedActivity } from '../support/connector';
import { postedForm, registerGroup, setMember } from '../support/flows';
import { anna, cardText, execute, filip, gustav, message, olle, personalOf, sara, stina, ytterby, type Person, type Place } from '../support/teams';

const SECRET = 'meetings-e2e-secret-0123456789abcdef';
const GROUP_KEY = 'team:19:team-ytterby@thread.tacv2';

/** The proposal form as Anna fills it in: Friday 27 March is winter time, Tuesday 31 March summer time. */
const proposal = {
  type: 'sspf',
  title: 'Kartläggning Ytterby',
  place: 'Ytterby skola, rum 12',
  online: 'true',
  agenda: '- Läget vid stationen\n- Sommarlovet',
  cadence: 'none',
  date1: '2026-03-27', time1: '14:00', duration1: '60',
  date2: '2026-03-31', time2: '14:00', duration2: '90',
  date3: '2026-04-01', time3: '10:00', duration3: '60'
};

function cardsOf(activities: RecordedActivity[]) {
  return ConnectorStandIn.cards(activities);
}

function openUrls(card: unknown): Array<{ title: string; url: string }> {
  return ((card as { actions?: Array<{ type: string; title: string; url: string }> }).actions ?? []).filter((a) => a.type === 'Action.OpenUrl');
}

describe('meetings over /api/messages', () => {
  const connector = new ConnectorStandIn();
  let bot: RunningBot;
  let now = new Date('2026-03-20T09:00:00Z');
  const c = (replyToId?: string) => ({ serviceUrl: connector.url, replyToId });
  const post = (activity: unknown) => bot.post(activity);
  let groupId = '';
  let meetingId = '';
  /** The proposal form the first meeting is proposed from (posted by `möte`): it becomes the poll. */
  let POLL = '';

  const answer = (who: Person, optionId: string, value: string, place: Place = ytterby) =>
    post(execute(who, place, 'meetings.answer', { meetingId, optionId, answer: value }, c(POLL)));

  beforeAll(async () => {
    await connector.start();
    connector.addPeople(anna, sara, olle, filip, stina, gustav);
    bot = await startBot({ env: { ICS_SIGNING_SECRET: SECRET }, clock: { now: () => now } });
    await registerGroup(bot, connector, ytterby, anna);
    await setMember(bot, connector, ytterby, anna, sara, 'skola');
    await setMember(bot, connector, ytterby, anna, olle, 'polis');
    await setMember(bot, connector, ytterby, anna, filip, 'fritid');
    groupId = (await bot.bot.repos.groups.getByKey(GROUP_KEY))!.id;
  });
  afterAll(async () => {
    await bot.stop();
    await connector.stop();
  });
  beforeEach(() => connector.clear());

  it('refuses proposals by a non-coordinator, on the command and on the card', async () => {
    await post(message(sara, ytterby, 'möte', c()));
    expect(connector.activities[0].body.text).toBe('Bara samordnare i gruppen kan göra det här.');
    const res = await post(execute(sara, ytterby, 'meetings.propose', proposal, c('m-form-sara')));
    expect(res.body.value).toBe('Bara samordnare i gruppen kan göra det här.');
    expect(await bot.bot.repos.groups.get(groupId)).toBeDefined();
    const { MeetingRepository } = await import('../../src/features/meetings');
    expect(await new MeetingRepository(bot.store).list(groupId)).toEqual([]);
  });

  it('refuses options on a holiday or in the past with a clear message, storing nothing', async () => {
    await post(message(anna, ytterby, 'möte', c()));
    const [form] = cardsOf(connector.activities);
    expect(JSON.stringify(form)).toContain('"verb":"meetings.propose"');
    expect(cardText(form)).toContain('Föreslå ett möte');

    const res = await post(execute(anna, ytterby, 'meetings.propose', { ...proposal, date1: '2026-04-03', date2: '2026-03-19' }, c(connector.activities.find((a) => a.method === 'POST')!.activityId)));
    expect(res.body.type).toBe('application/vnd.microsoft.card.adaptive');
    const text = cardText(res.body.value);
    expect(text).toContain('Förslaget sparades inte');
    expect(text).toContain('Tid 1: 2026-04-03 är långfredagen');
    expect(text).toContain('Tid 2: tiden har redan passerat');
    expect(JSON.stringify(res.body.value)).toContain('"value":"Kartläggning Ytterby"');
    const { MeetingRepository } = await import('../../src/features/meetings');
    expect(await new MeetingRepository(bot.store).list(groupId)).toEqual([]);
  });

  it('proposes a meeting: the form becomes the poll for everyone', async () => {
    POLL = await postedForm(bot, connector, anna, ytterby, 'möte');
    const res = await post(execute(anna, ytterby, 'meetings.propose', proposal, c(POLL)));
    expect(res.body.type).toBe('application/vnd.microsoft.card.adaptive');
    const text = cardText(res.body.value);
    expect(text).toContain('SSPF-möte: Kartläggning Ytterby');
    expect(text).toContain('fredag 27 mars 2026 14:00–15:00');
    expect(text).toContain('tisdag 31 mars 2026 14:00–15:30');
    expect(text).toContain('Läget vid stationen');
    meetingId = JSON.stringify(res.body.value).match(/"meetingId":"(m-[^"]+)"/)![1];
    await connector.waitFor((all) => all.some((a) => a.method === 'PUT' && a.activityId === POLL));

    // The same form sent again (a Teams retry) does not propose a second meeting.
    await post(execute(anna, ytterby, 'meetings.propose', proposal, c(POLL)));
    const { MeetingRepository } = await import('../../src/features/meetings');
    const stored = await new MeetingRepository(bot.store).list(groupId);
    expect(stored).toHaveLength(1);
    expect(stored[0].options.map((o) => o.start)).toEqual(['2026-03-27T13:00:00.000Z', '2026-03-31T12:00:00.000Z', '2026-04-01T08:00:00.000Z']);
  });

  it('counts answers from three members, changeable, and updates the posted card for everyone', async () => {
    await answer(sara, 'o1', 'ja');
    await answer(olle, 'o1', 'nej');
    await answer(filip, 'o2', 'ja');
    await answer(olle, 'o2', 'kanske');
    await answer(sara, 'o2', 'nej');
    const res = await answer(sara, 'o2', 'ja');
    expect(res.body.type).toBe('application/vnd.microsoft.card.adaptive');
    const text = cardText(res.body.value);
    expect(text).toContain('Ja: 1 (Sara Lärare) · Kanske: – · Nej: 1 (Olle Polis)');
    expect(text).toContain('Ja: 2 (Filip Fritid, Sara Lärare) · Kanske: 1 (Olle Polis) · Nej: –');
    expect(text).toContain('Ja: – · Kanske: – · Nej: –');

    await connector.waitFor((all) =>
      all.some((a) => a.method === 'PUT' && a.activityId === POLL && cardText(cardsOf([a])[0]).includes('Ja: 2 (Filip Fritid, Sara Lärare) · Kanske: 1 (Olle Polis)'))
    );
    const put = connector.activities.filter((a) => a.method === 'PUT' && a.activityId === POLL);
    expect(put[0].conversationId.startsWith('19:general-ytterby@thread.tacv2')).toBe(true);
  });

  it('keeps every one of concurrent answers', async () => {
    await Promise.all([answer(sara, 'o3', 'ja'), answer(olle, 'o3', 'ja'), answer(filip, 'o3', 'ja'), answer(anna, 'o3', 'kanske')]);
    const { MeetingRepository } = await import('../../src/features/meetings');
    const answers = await new MeetingRepository(bot.store).answers(groupId, meetingId);
    expect(answers.filter((a) => a.answers.o3 === 'ja').map((a) => a.name).sort()).toEqual(['Filip Fritid', 'Olle Polis', 'Sara Lärare']);
    await connector.waitFor((all) => {
      const puts = all.filter((a) => a.method === 'PUT' && a.activityId === POLL);
      return puts.length > 0 && cardText(cardsOf([puts[puts.length - 1]])[0]).includes('Ja: 3 (Filip Fritid, Olle Polis, Sara Lärare) · Kanske: 1 (Anna Samordnare)');
    });
  });

  it('refuses an answer from someone who is not a member of the group', async () => {
    const res = await answer(stina, 'o1', 'ja');
    expect(res.status).toBe(200);
    expect(res.body.value).toBe('Du är inte registrerad som medlem i den här gruppen. Be en samordnare lägga till dig.');
    const { MeetingRepository } = await import('../../src/features/meetings');
    const answers = await new MeetingRepository(bot.store).answers(groupId, meetingId);
    expect(answers.map((a) => a.aadObjectId)).not.toContain(stina.aadObjectId);
  });

  it('refuses confirmation by a non-coordinator', async () => {
    const res = await post(execute(sara, ytterby, 'meetings.confirm', { meetingId, chosenOptionId: 'o2' }, c(POLL)));
    expect(res.body.value).toBe('Bara samordnare i gruppen kan göra det här.');
    const { MeetingRepository } = await import('../../src/features/meetings');
    expect((await new MeetingRepository(bot.store).get(groupId, meetingId))?.status).toBe('open');
  });

  let icsPath = '';

  it('confirms: the coordinator alone gets the Teams deep link; everyone gets the time, agenda and .ics link', async () => {
    const res = await post(execute(anna, ytterby, 'meetings.confirm', { meetingId, chosenOptionId: 'o2' }, c(POLL)));
    expect(res.body.type).toBe('application/vnd.microsoft.card.adaptive');
    const own = res.body.value;
    expect(cardText(own)).toContain('Bekräftat: SSPF-möte – Kartläggning Ytterby');
    expect(cardText(own)).toContain('tisdag 31 mars 2026 14:00–15:30');
    const teams = openUrls(own).find((a) => a.url.startsWith('https://teams.microsoft.com/l/meeting/new?'));
    expect(teams).toBeDefined();
    const params = new URL(teams!.url).searchParams;
    expect(params.get('subject')).toBe('SSPF-möte: Kartläggning Ytterby');
    expect(params.get('startTime')).toBe('2026-03-31T14:00:00+02:00');
    expect(params.get('endTime')).toBe('2026-03-31T15:30:00+02:00');
    expect(params.get('attendees')!.split(',').sort()).toEqual(['anna@kungalv.example', 'filip@kungalv.example', 'olle@kungalv.example', 'sara@kungalv.example']);
    expect(params.get('content')).toContain('Läget vid stationen');
    expect(teams!.url).toContain('startTime=2026-03-31T14%3A00%3A00%2B02%3A00');

    await connector.waitFor((all) => all.some((a) => a.method === 'PUT' && a.activityId === POLL && cardText(cardsOf([a])[0]).includes('Bekräftat')));
    const posted = cardsOf(connector.activities.filter((a) => a.method === 'PUT' && a.activityId === POLL)).find((card) => cardText(card).includes('Bekräftat'))!;
    expect(JSON.stringify(posted)).not.toContain('teams.microsoft.com');
    expect(cardText(posted)).toContain('Läget vid stationen');
    expect(cardText(posted)).toContain('Bekräftat av Anna Samordnare');
    const ics = openUrls(posted).find((a) => a.url.includes('/ics?token='))!;
    expect(ics.url.startsWith('http://localhost:0/api/meetings/')).toBe(true);
    icsPath = ics.url.slice('http://localhost:0'.length);
  });

  it('serves the .ics with the summer-time meeting in UTC', async () => {
    const res = await fetch(`${bot.url}${icsPath}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/calendar');
    const body = await res.text();
    expect(body).toContain('DTSTART:20260331T120000Z');
    expect(body).toContain('DTEND:20260331T133000Z');
    expect(body).toContain('SUMMARY:SSPF-möte: Kartläggning Ytterby');
  });

  it('refuses the .ics with a bad, foreign or expired token, giving no data', async () => {
    const url = new URL(`${bot.url}${icsPath}`);
    const token = url.searchParams.get('token')!;
    const bad = await fetch(`${bot.url}/api/meetings/${meetingId}/ics?token=${token.slice(0, -2)}xx`);
    expect(bad.status).toBe(403);
    expect(await bad.text()).not.toContain('VCALENDAR');
    const none = await fetch(`${bot.url}/api/meetings/${meetingId}/ics`);
    expect(none.status).toBe(403);
    const other = await fetch(`${bot.url}/api/meetings/m-someone-else/ics?token=${token}`);
    expect(other.status).toBe(403);

    const saved = now;
    now = new Date('2026-05-01T12:00:00Z');
    try {
      const expired = await fetch(`${bot.url}${icsPath}`);
      expect(expired.status).toBe(403);
      expect(await expired.text()).not.toContain('VCALENDAR');
    } finally {
      now = saved;
    }
  });

  it('closes answers once confirmed, and gives another coordinator no deep link', async () => {
    const res = await answer(sara, 'o1', 'nej');
    expect(res.body.value).toContain('Mötet är redan bekräftat (tisdag 31 mars 2026 14:00–15:30)');
    await setMember(bot, connector, ytterby, anna, olle, 'polis', 'samordnare');
    const second = await post(execute(olle, ytterby, 'meetings.confirm', { meetingId, chosenOptionId: 'o1' }, c(POLL)));
    expect(second.body.type).toBe('application/vnd.microsoft.activity.message');
    expect(JSON.stringify(second.body)).not.toContain('teams.microsoft.com');
    await setMember(bot, connector, ytterby, anna, olle, 'polis', 'medlem');
  });

  it('answers nästa möte in the channel and in personal chat for the user’s groups', async () => {
    await post(message(olle, ytterby, 'nästa möte', c()));
    expect(connector.activities[0].body.text).toContain('Nästa möte: **SSPF-möte – Kartläggning Ytterby**, tisdag 31 mars 2026 14:00–15:30, Ytterby skola, rum 12 / Teams-möte.');
    connector.clear();
    await post(message(sara, personalOf(sara), 'next meeting', c()));
    expect(connector.activities[0].body.text).toContain('**SSPF Ytterby**: SSPF meeting – Kartläggning Ytterby, Tuesday 31 March 2026 14:00–15:30');
    connector.clear();
    await post(message(stina, personalOf(stina), 'nästa möte', c()));
    expect(connector.activities[0].body.text).toBe('Du är inte medlem i någon registrerad grupp än.');
  });

  it('reminds the channel the day before, exactly once, also when two runs race', async () => {
    await bot.bot.jobs.run('meetings.reminders', new Date('2026-03-30T06:00:00Z')); // 08:00 local: too early
    expect(connector.activities).toHaveLength(0);
    const at = new Date('2026-03-30T08:05:00Z');
    await Promise.all([bot.bot.jobs.run('meetings.reminders', at), bot.bot.jobs.run('meetings.reminders', at)]);
    await bot.bot.jobs.run('meetings.reminders', new Date('2026-03-30T15:05:00Z'));
    const sent = connector.activities.filter((a) => a.method === 'POST');
    expect(sent).toHaveLength(1);
    expect(sent[0].conversationId).toBe('19:general-ytterby@thread.tacv2');
    const text = cardText(cardsOf(sent)[0]);
    expect(text).toContain('Påminnelse: SSPF-möte – Kartläggning Ytterby i morgon');
    expect(text).toContain('Läget vid stationen');
    expect(JSON.stringify(cardsOf(sent)[0])).not.toContain('teams.microsoft.com');
    expect((await bot.bot.jobs.run('meetings.reminders', new Date('2026-03-31T08:05:00Z')), connector.activities)).toHaveLength(1);
  });

  it('writes no staff names or agenda text into the logs', () => {
    const logs = JSON.stringify(bot.logs);
    for (const p of [anna, sara, olle, filip]) expect(logs).not.toContain(p.name);
    expect(logs).not.toContain('Läget vid stationen');
  });
});

describe('meeting reminder across restarts', () => {
  it('is sent once, even when the bot restarts on the same data', async () => {
    const connector = new ConnectorStandIn();
    await connector.start();
    connector.addPeople(anna, sara);
    const dataFile = join(mkdtempSync(join(tmpdir(), 'trygg-meetings-')), 'cosmos.json');
    const clock = { now: () => new Date('2026-10-20T09:00:00Z') };
    const c = (replyToId?: string) => ({ serviceUrl: connector.url, replyToId });
    let bot = await startBot({ dataFile, clock, env: { ICS_SIGNING_SECRET: SECRET } });
    try {
      await registerGroup(bot, connector, ytterby, anna);
      // Options on both sides of the change back to winter time (25 October 2026).
      const form = { ...proposal, date1: '2026-10-23', time1: '09:00', date2: '2026-10-27', time2: '09:00', date3: '', time3: '' };
      const pollX = await postedForm(bot, connector, anna, ytterby, 'möte');
      const res = await bot.post(execute(anna, ytterby, 'meetings.propose', form, c(pollX)));
      const meetingId = JSON.stringify(res.body.value).match(/"meetingId":"(m-[^"]+)"/)![1];
      const confirmed = await bot.post(execute(anna, ytterby, 'meetings.confirm', { meetingId, chosenOptionId: 'o2' }, c(pollX)));
      const teams = openUrls(confirmed.body.value).find((a) => a.url.startsWith('https://teams.microsoft.com/'))!;
      expect(new URL(teams.url).searchParams.get('startTime')).toBe('2026-10-27T09:00:00+01:00');
      await bot.stop();

      bot = await startBot({ dataFile, clock, env: { ICS_SIGNING_SECRET: SECRET } });
      connector.clear();
      await bot.bot.jobs.run('meetings.reminders', new Date('2026-10-26T09:00:00Z'));
      expect(connector.activities.filter((a) => a.method === 'POST')).toHaveLength(1);
      await bot.stop();

      bot = await startBot({ dataFile, clock, env: { ICS_SIGNING_SECRET: SECRET } });
      await bot.bot.jobs.run('meetings.reminders', new Date('2026-10-26T12:00:00Z'));
      expect(connector.activities.filter((a) => a.method === 'POST')).toHaveLength(1);
    } finally {
      await bot.stop();
      await connector.stop();
    }
  });
});

describe('meeting cadence', () => {
  it('proposes the next meeting after each meeting, two weeks on and past holidays, once', async () => {
    const connector = new ConnectorStandIn();
    await connector.start();
    connector.addPeople(anna);
    let now = new Date('2026-03-20T09:00:00Z');
    const bot = await startBot({ clock: { now: () => now }, env: { ICS_SIGNING_SECRET: SECRET } });
    const c = (replyToId?: string) => ({ serviceUrl: connector.url, replyToId });
    try {
      await registerGroup(bot, connector, ytterby, anna);
      // Tuesday 24 March 10:00, every second week → Tuesday 7 April (the day after annandag påsk).
      const form = { ...proposal, cadence: 'biweekly', date1: '2026-03-23', time1: '10:00', date2: '2026-03-24', time2: '10:00', date3: '', time3: '' };
      const pollC = await postedForm(bot, connector, anna, ytterby, 'möte');
      const res = await bot.post(execute(anna, ytterby, 'meetings.propose', form, c(pollC)));
      const meetingId = JSON.stringify(res.body.value).match(/"meetingId":"(m-[^"]+)"/)![1];
      await bot.post(execute(anna, ytterby, 'meetings.confirm', { meetingId, chosenOptionId: 'o2' }, c(pollC)));

      await bot.bot.jobs.run('meetings.cadence', new Date('2026-03-24T09:30:00Z')); // still going on
      connector.clear();
      now = new Date('2026-03-24T12:00:00Z');
      await bot.bot.jobs.run('meetings.cadence', now);
      await bot.bot.jobs.run('meetings.cadence', new Date('2026-03-24T13:00:00Z'));
      const sent = connector.activities.filter((a) => a.method === 'POST');
      expect(sent).toHaveLength(1);
      const text = cardText(ConnectorStandIn.cards(sent)[0]);
      expect(text).toContain('Nästa möte i serien (varannan vecka)');
      expect(text).toContain('tisdag 7 april 2026 10:00–11:30');
      expect(text).toContain('onsdag 8 april 2026 10:00–11:30');

      const { MeetingRepository } = await import('../../src/features/meetings');
      const all = await new MeetingRepository(bot.store).list((await bot.bot.repos.groups.getByKey(GROUP_KEY))!.id);
      expect(all).toHaveLength(2);
      expect(all[1]).toMatchObject({ status: 'open', seq: 2, seriesId: meetingId, cadence: 'biweekly', card: { activityId: sent[0].activityId } });
      expect(all[1].options[0].start).toBe('2026-04-07T08:00:00.000Z');
    } finally {
      await bot.stop();
      await connector.stop();
    }
  });
});
