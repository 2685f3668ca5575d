/**
 * The weekly summary at scale: 100 000 records (situation updates, actions, cases with consents,
 * meetings) over 20 SSPF groups of one municipality on the embedded store, then a coordinator's
 * `sammanfattning` preview through the bot's real handler. Reports the time, store requests and heap.
 * Records are clones of documents the bot itself created through its card verbs, so their shape is real.
 */
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { createApp } from '../src/app';
import { loadConfig } from '../src/config';
import { stripSystem } from '../src/store/collection';
import type { ContainerId } from '../src/store/containers';
import { openStore } from '../src/store/store';
import { ConnectorStandIn } from '../test/support/connector';
import { SCENARIOS, channelInvoke, channelMessage } from './scenarios';

const GROUPS = 20;
const SHARE: Array<[ContainerId, number]> = [
  ['updates', 70_000],
  ['actions', 20_000],
  ['cases', 5_000],
  ['meetings', 5_000]
];

const TENANT = '6f1c2a55-0000-4000-8000-000000000001';

function inTeam(activity: Record<string, unknown>, team: string) {
  const channel = `19:general-${team}@thread.tacv2`;
  return {
    ...activity,
    conversation: { id: `${channel};messageid=${Math.floor(Math.random() * 1e9)}`, conversationType: 'channel', isGroup: true, tenantId: TENANT },
    channelData: { tenant: { id: TENANT }, team: { id: `19:${team}@thread.tacv2` }, channel: { id: channel } }
  };
}

export async function summaryAtScale(): Promise<{ records: number; seedSeconds: number; summaryMs: number; requests: Record<string, number>; heapMb: { before: number; after: number } }> {
  const logger = pino({ level: 'silent' });
  const store = await openStore({ cosmos: { database: 'scale' }, embedded: { snapshotMs: 60_000 }, logger });
  const connector = new ConnectorStandIn();
  await connector.start();
  const [coordinator, ...people] = SCENARIOS.roster;
  connector.addPeople(...SCENARIOS.roster);
  const now = new Date();
  const bot = createApp(loadConfig({}), { store, logger, clock: { now: () => now } });
  const handle = async (a: unknown) => (await bot.handle(a as never, ''))?.body;
  const su = connector.url;
  try {
    // The steering group and the SSPF groups, registered through the card verb.
    await handle(inTeam(channelInvoke(su, coordinator, 'groups.register', { kind: 'styrgrupp', name: 'Trygg i Kungälv', municipality: 'Kungälv', areas: 'Kungälv', agency: 'socialtjanst' }), 'styr'));
    const groupIds: string[] = [];
    for (let g = 0; g < GROUPS; g++) {
      await handle(inTeam(channelInvoke(su, coordinator, 'groups.register', { kind: 'sspf', name: `SSPF ${g}`, municipality: 'Kungälv', areas: 'Ytterby, Kareby', agency: 'socialtjanst' }), `g${g}`));
      groupIds.push(`team:19:g${g}@thread.tacv2`);
    }
    // Templates made by the bot in the first group: an update, actions, a case with consent, a meeting.
    const t0 = 'g0';
    for (const [i, p] of people.slice(0, 8).entries()) {
      await handle(inTeam(channelInvoke(su, coordinator, 'groups.setMember', { userId: p.aadObjectId, agency: ['skola', 'polis', 'fritid', 'socialtjanst'][i % 4], role: 'medlem' }), t0));
    }
    const today = now.toISOString().slice(0, 10);
    await handle(inTeam(channelInvoke(su, people[0], 'updates.submit', { draftId: randomUUID(), area: 'Ytterby', category: 'narkotika', trend: 'okande', level: 'generell', observedOn: today, text: 'Mall för skalningstest' }), t0));
    const due = new Date(now.getTime() + 10 * 86400000).toISOString().slice(0, 10);
    await handle({ ...inTeam(channelInvoke(su, people[2], 'actions.propose', { formVersion: 1, title: 'Mall', description: 'Mall.', level: 'generell', area: '', casePseudonym: '', agency: 'fritid', ownerId: people[2].aadObjectId, dueDate: due, promiseId: '' }), t0), replyToId: 'scale-form' });
    await handle({ ...inTeam(channelInvoke(su, people[3], 'cases.create', { name: 'Fiktiv Mall', birthYear: 2012, area: 'Ytterby', concern: 'Mall' }), t0), replyToId: 'scale-case' });
    const day = (d: number) => new Date(now.getTime() + d * 86400000).toISOString().slice(0, 10);
    const proposal = { type: 'sspf', title: 'Mall', place: 'Skolan', online: 'false', agenda: '', cadence: 'none', time1: '10:00', duration1: '60', time2: '10:00', duration2: '60' };
    // Two weekdays a week or so ahead (a holiday on both is impossible for two consecutive days but one).
    for (const offset of [8, 9, 15, 16]) {
      const res = await handle({ ...inTeam(channelInvoke(su, coordinator, 'meetings.propose', { ...proposal, date1: day(offset), date2: day(offset + 1) }), t0), replyToId: `scale-poll-${offset}` });
      if (JSON.stringify(res).includes('"meetingId"')) break;
    }

    const templates = new Map<ContainerId, Record<string, unknown>[]>();
    for (const [id] of SHARE) {
      const { resources } = await store.container(id).items.query({ query: 'SELECT * FROM c WHERE c.groupId = @g', parameters: [{ name: '@g', value: `team:19:${t0}@thread.tacv2` }] }).fetchAll();
      templates.set(id, resources.map((r) => stripSystem<Record<string, unknown>>(r)));
    }

    // Clone them into 100 000 records spread over the groups and the last ten weeks.
    const started = Date.now();
    let records = 0;
    const jobs: Array<() => Promise<unknown>> = [];
    for (const [id, count] of SHARE) {
      const list = templates.get(id) ?? [];
      if (list.length === 0) continue;
      for (let i = 0; i < count; i++) {
        const doc = { ...list[i % list.length], id: `${id}-${i}`, groupId: groupIds[i % GROUPS] } as Record<string, unknown>;
        const day = new Date(now.getTime() - (i % 70) * 86400000).toISOString();
        if (id === 'updates') Object.assign(doc, { observedOn: day.slice(0, 10), createdAt: day });
        jobs.push(() => store.container(id).items.create(doc));
        records++;
      }
    }
    let next = 0;
    await Promise.all(Array.from({ length: 64 }, async () => {
      while (next < jobs.length) await jobs[next++]();
    }));
    const seedSeconds = Math.round((Date.now() - started) / 100) / 10;

    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    const before = store.requestCounts!();
    const t = process.hrtime.bigint();
    const body = await handle(inTeam(channelMessage(su, coordinator, 'sammanfattning'), 'styr'));
    const summaryMs = Math.round(Number(process.hrtime.bigint() - t) / 1e6);
    void body;
    const after = store.requestCounts!();
    global.gc?.();
    const heapAfter = process.memoryUsage().heapUsed;
    const posted = ConnectorStandIn.cards(connector.activities).some((c) => JSON.stringify(c).includes('Veckosammanfattning'));
    if (!posted) throw new Error('the summary preview was not answered');
    const requests = Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v - before[k as keyof typeof before]]));
    return { records, seedSeconds, summaryMs, requests, heapMb: { before: Math.round(heapBefore / 1e6), after: Math.round(heapAfter / 1e6) } };
  } finally {
    await connector.stop();
    await store.close();
  }
}

if (require.main === module) {
  summaryAtScale().then((r) => console.log(JSON.stringify(r, null, 2)), (err) => {
    console.error(err);
    process.exit(1);
  });
}
