import pino from 'pino';
import { createApp } from '../../../src/app';
import { loadConfig } from '../../../src/config';
import { DEMO_PEOPLE, seedDemo, startConnector } from '../../../src/demo/seed';
import { reachOf } from '../../../src/features/groups/reach';
import { buildWeeklySummary } from '../../../src/features/summaries/build';
import { weeklySummaryCard } from '../../../src/features/summaries/card';
import { isoWeekOf } from '../../../src/features/summaries/iso-week';
import type { SummaryScope } from '../../../src/features/summaries/model';
import { openStore } from '../../../src/store/store';
import { cardText } from '../../support/teams';

describe('citizen promises in the weekly summary, on the demo data', () => {
  it('shows the promise by title with its real progress, never "0 av 0"', async () => {
    const logger = pino({ level: 'silent' });
    const store = await openStore({ cosmos: { database: 'demo-promises' }, embedded: { snapshotMs: 1000 }, logger });
    const connector = await startConnector(Object.values(DEMO_PEOPLE));
    const now = new Date('2026-11-23T09:00:00Z');
    const bot = createApp(loadConfig({}), { store, logger, clock: { now: () => now } });
    try {
      await seedDemo(bot, connector, now);
      const steering = (await bot.repos.groups.getByKey('chat:group-chat-styrgrupp'))!;
      const reached = (await reachOf(steering, bot.repos)).map((r) => r.group);
      const week = isoWeekOf(now, 'Europe/Stockholm');
      const scope: SummaryScope = { recipientId: steering.id, groupIds: reached.map((g) => g.id), groups: reached.map((g) => ({ id: g.id, kind: g.kind, areas: g.areas })), week, now };
      const source = bot.summarySources.list().find((s) => s.section === 'promises')!;
      const summary = buildWeeklySummary({ sections: [{ source: 'promises', figures: await source.read(scope) }], allowedAreas: scope.groups.flatMap((g) => g.areas) }, week);
      const text = cardText(weeklySummaryCard(summary, 'sv', steering.name));
      // Three actions are linked to the promise in the demo: one in progress, one done, one approved.
      expect(text).toContain('Medborgarlöfte Kungälv 2026 1 av 3 insatser klara');
      expect(text).not.toContain('0 av 0');
    } finally {
      await connector.stop();
      await store.close();
    }
  }, 180_000);

  it('says "no actions linked yet" for a promise without actions instead of "0 av 0"', () => {
    const week = isoWeekOf(new Date('2026-11-23T09:00:00Z'), 'Europe/Stockholm');
    const summary = buildWeeklySummary({ sections: [{ source: 'promises', figures: { kind: 'promises', items: [{ number: 1, title: 'Tryggare centrum', actionsTotal: 0, actionsDone: 0 }] } }], allowedAreas: [] }, week);
    const text = cardText(weeklySummaryCard(summary, 'sv', 'Trygg i Kungälv'));
    expect(text).toContain('Tryggare centrum (inga insatser kopplade ännu)');
    expect(text).toContain('Tryggare centrum\ninga insatser kopplade ännu');
    expect(text).not.toContain('0 av 0');
  });
});
