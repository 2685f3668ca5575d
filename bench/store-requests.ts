/**
 * Counts store requests per turn type, in-process on the embedded store, through the bot's real handler,
 * on the standard data set; every scenario's reply is checked first.
 */
import pino from 'pino';
import { createApp } from '../src/app';
import { loadConfig } from '../src/config';
import type { StoreRequestCounts } from '../src/store/embedded';
import { openStore } from '../src/store/store';
import { ConnectorStandIn } from '../test/support/connector';
import { addFreshProposals, freshLeft } from './approvals';
import { SCENARIOS, channelInvoke, channelMessage, checkReply, inProcessPort, replyTo, seedTrygg, type Scenario } from './scenarios';

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
    const port = inProcessPort(handle, connector);
    await seedTrygg(port, connector.url);
    /** Waits until no send is queued and no background card work runs (as the test harness does). */
    const settled = async () => {
      await new Promise((r) => setTimeout(r, 20));
      for (let i = 0; i < 500 && (bot.outbound.stats().backlog > 0 || bot.outbound.stats().background > 0); i++) await new Promise((r) => setTimeout(r, 10));
    };
    /**
     * Waits until the store has had no request for 500 ms (at most 10 s): the seeding's poll answers
     * update the posted poll card in the background for about a second, and its queries fell into the
     * first measured turn's window (`hjälp`: "1 query").
     */
    const quiet = async () => {
      for (let i = 0, last = JSON.stringify(store.requestCounts!()), since = Date.now(); i < 200 && Date.now() - since < 500; i++) {
        await new Promise((r) => setTimeout(r, 50));
        const now = JSON.stringify(store.requestCounts!());
        if (now !== last) [last, since] = [now, Date.now()];
      }
    };
    const measure = async (name: string, activity: (n: number) => Record<string, unknown>, scenario?: Scenario) => {
      // The first turn of a conversation may store its reference: measure the second, steady-state turn.
      // Both replies are checked, so a count is never that of an error answer.
      const first = await replyTo(port, activity(1));
      // Background work of earlier turns (updating posted cards) must not be counted to this turn.
      await settled();
      await quiet();
      const before = store.requestCounts!();
      const second = await replyTo(port, activity(2));
      await settled();
      const after = store.requestCounts!();
      const problem = scenario && (checkReply(scenario, first) ?? checkReply(scenario, second));
      if (problem) throw new Error(problem);
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
    for (const s of SCENARIOS.trygg(connector.url)) {
      // An approval decides its action once: both turns approve a fresh proposal (bench/approvals.ts).
      if (s.oncePerItem) await addFreshProposals(port, connector.url, 2);
      await measure(s.name, () => s.activity(1, 1), s);
      if (s.oncePerItem && freshLeft() !== 0) throw new Error(`store-requests: "${s.name}" left ${freshLeft()} proposals undecided`);
    }
    await measure('setMember card invoke (coordinator)', () => channelInvoke(connector.url, coordinator, 'groups.setMember', { userId: members[1].aadObjectId, agency: 'skola', role: 'medlem' }));
    await measure('unknown command (channel)', () => channelMessage(connector.url, members[0], 'blablabla'));
  } finally {
    await connector.stop();
    await store.close();
  }
  return rows;
}
