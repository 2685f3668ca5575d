import { GroupRepository } from '../../src/features/groups/group-repository';
import { SummaryRepository } from '../../src/features/summaries/repository';
import { startBot, type RunningBot } from '../support/bot-harness';
import { ConnectorStandIn } from '../support/connector';
import { registerGroup } from '../support/flows';
import { anna, cardText, execute, styrgrupp } from '../support/teams';

const SECRET = 'test-notify-secret-0123456789';
const clock = { now: () => new Date('2026-03-09T07:00:00Z') };
const groupId = GroupRepository.idFor(`team:${(styrgrupp as { teamId: string }).teamId}`);
const channelId = (styrgrupp as { channelId: string }).channelId;

/** Weekly summary cards posted (not replies) to the steering group's channel for one week. */
function posted(connector: ConnectorStandIn, week: number): number {
  return ConnectorStandIn.cards(connector.sentTo(channelId).filter((a) => a.method === 'POST' && !a.replyToId)).filter((c) =>
    cardText(c).includes(`Veckosammanfattning vecka ${week} 2026`)
  ).length;
}

/**
 * The attack: a coordinator (or several) presses "Skicka igen" on an uncertain or failed week many times
 * at once. Before, each press reset the claim whatever its state, so 10 presses posted the week 2–5 times.
 */
describe('concurrent resends of a weekly summary', () => {
  const connector = new ConnectorStandIn();
  let bot: RunningBot;

  beforeAll(async () => {
    await connector.start();
    connector.addPeople(anna);
    // This test is about concurrency, not latency: ten simultaneous turns on a busy CI machine can take
    // longer than an invoke's 3 s, and a winner cut off by the deadline would only make the outcome
    // uncertain (still never a second post). The deadline has its own tests (store-deadlines.test.ts).
    const long = { totalMs: 60_000, answerReserveMs: 1000 };
    bot = await startBot({ env: { NOTIFY_SECRET: SECRET }, clock, turnBudgets: { invoke: long, message: long } });
    await registerGroup(bot, connector, styrgrupp, anna, { kind: 'styrgrupp', name: 'Trygg i Kungälv', areas: 'Kungälv' });
  });
  afterAll(async () => {
    await bot.stop();
    await connector.stop();
  });

  it('posts each uncertain or failed week at most once for 10 concurrent presses, over several weeks', async () => {
    const weeks = [1, 2, 3, 4, 5, 6];
    for (const week of weeks) {
      const key = `2026-W${String(week).padStart(2, '0')}`;
      // Odd weeks end uncertain (502: may have been posted), even weeks certainly failed (400).
      const status = week % 2 === 1 ? 502 : 400;
      connector.faults = (req) => (req.path.includes('general-trygg') ? { status } : undefined);
      const run = await fetch(`${bot.url}/api/notify/weekly`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${SECRET}` },
        body: JSON.stringify({ week: key })
      });
      expect(((await run.json()) as { results: unknown }).results).toEqual(week % 2 === 1 ? { uncertain: 1 } : { failed: 1 });
      connector.faults = () => undefined;
      connector.clear();

      const presses = await Promise.all(
        Array.from({ length: 10 }, () => bot.post(execute(anna, styrgrupp, 'summaries.resend', { week: key }, { serviceUrl: connector.url }), {}, { settle: false }))
      );
      await bot.idle();
      expect(presses.every((p) => p.status === 200 && p.body?.statusCode === 200)).toBe(true);
      const texts = presses.map((p) => cardText(p.body.value));
      expect(texts.filter((t) => t.includes(`Sammanfattningen för ${key} är skickad.`))).toHaveLength(1);
      expect(texts.filter((t) => t.includes(`Sammanfattningen för ${key} är redan skickad eller skickas just nu.`))).toHaveLength(9);
      expect(posted(connector, week)).toBe(1);
      expect((await new SummaryRepository(bot.store).delivery(groupId, key))?.state).toBe('sent');
    }
  }, 180_000);
});
