/** Counts store requests per turn type, in-process on the embedded store, through the bot's real handler. */
import pino from 'pino';
import { createApp } from '../src/app';
import { loadConfig } from '../src/config';
import type { StoreRequestCounts } from '../src/store/embedded';
import { openStore } from '../src/store/store';
import { ConnectorStandIn } from '../test/support/connector';
import { SCENARIOS, channelInvoke, channelMessage, seedBenchActionsAndCases, seedBenchUpdates, type Scenario } from './scenarios';

export async function countStoreRequests(): Promise<Array<{ name: string; counts: StoreRequestCounts }>> {
  const logger = pino({ level: 'silent' });
  const store = await openStore({ cosmos: { database: 'bench' }, embedded: { snapshotMs: 1000 }, logger });
  const connector = new ConnectorStandIn();
  await connector.start();
  connector.addPeople(...SCENARIOS.roster);
  const bot = createApp(loadConfig({}), { store, logger, clock: { now: () => new Date() } });
  const rows: Array<{ name: string; counts: StoreRequestCounts }> = [];
  try {
    const [coordinator, ...members] = SCENARIOS.roster;
    const handle = (a: unknown) => bot.handle(a as never, '');
    await handle(channelInvoke(connector.url, coordinator, 'groups.register', { kind: 'sspf', name: 'SSPF Bench', municipality: 'Kungälv', areas: 'Ytterby', language: 'sv', agency: 'socialtjanst' }));
    for (const m of members.slice(0, 4)) await handle(channelInvoke(connector.url, coordinator, 'groups.setMember', { userId: m.aadObjectId, agency: 'polis', role: 'medlem' }));
    await seedBenchUpdates(handle, connector.url, members.slice(0, 4));
    for (const [i, m] of members.entries()) await handle(channelInvoke(connector.url, coordinator, 'groups.setMember', { userId: m.aadObjectId, agency: ['skola', 'polis', 'fritid', 'socialtjanst'][i % 4], role: 'medlem' }));
    await seedBenchActionsAndCases(async (a) => (await handle(a))?.body, connector.url);
    const measure = async (name: string, activity: () => unknown) => {
      await handle(activity()); // first turn of a conversation may store its reference: measure the steady state
      const before = store.requestCounts!();
      await handle(activity());
      const after = store.requestCounts!();
      rows.push({
        name,
        counts: {
          pointReads: after.pointReads - before.pointReads,
          queries: after.queries - before.queries,
          crossPartitionQueries: after.crossPartitionQueries - before.crossPartitionQueries,
          queryPlans: after.queryPlans - before.queryPlans,
          writes: after.writes - before.writes,
          other: after.other - before.other
        }
      });
    };
    for (const s of SCENARIOS.trygg(connector.url) as Scenario[]) await measure(s.name, () => s.activity(1, 1));
    await measure('setMember card invoke (coordinator)', () => channelInvoke(connector.url, coordinator, 'groups.setMember', { userId: members[1].aadObjectId, agency: 'skola', role: 'medlem' }));
    await measure('unknown command (channel)', () => channelMessage(connector.url, members[0], 'blablabla'));
  } finally {
    await connector.stop();
    await store.close();
  }
  return rows;
}
