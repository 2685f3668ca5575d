import { z } from 'zod';
import { verb, type CommandInput, type ConversationEvent, type Turn } from '../../src/bot/port';
import { defineFeature } from '../../src/features/feature';
import { startBot, type RunningBot } from '../support/bot-harness';
import { ConnectorStandIn } from '../support/connector';
import { BOT, anna, execute, membersAdded, membersRemoved, message, sara, ytterby } from '../support/teams';

/** What the probe feature saw: each trigger writes here, so the test sees which handler ran with what. */
interface ProbeDeps {
  events: ConversationEvent[];
  jobRuns: Date[];
  configName: string;
}

async function probeCommand(deps: ProbeDeps, turn: Turn, input: CommandInput): Promise<void> {
  await turn.reply(`probe:${input.lang}:${input.args}:${turn.where.kind}`);
}

const echoSchema = z.object({ n: z.number().int().min(0).max(9) }).strict();

/**
 * A probe `FeatureDefinition` registered alone (no other feature) and driven over /api/messages: each kind
 * of trigger reaches its named handler with the feature's dependencies, and bad card data reaches none.
 */
describe('feature host: FeatureDefinition triggers at the edge', () => {
  const connector = new ConnectorStandIn();
  let bot: RunningBot;
  const deps: ProbeDeps = { events: [], jobRuns: [], configName: '' };
  let verbCalls = 0;

  const probe = defineFeature({
    name: 'probe',
    setup: (ctx) => Object.assign(deps, { configName: ctx.config.summaries.timezone }),
    commands: [{ id: 'probe', aliases: { sv: ['sond'], en: ['probe'] }, help: { sv: 'Sond.', en: 'Probe.' }, handler: probeCommand }],
    verbs: [
      verb('probe.echo', echoSchema, async (_d: ProbeDeps, turn, data) => {
        verbCalls++;
        return { kind: 'message', text: `n=${data.n}:${turn.lang}:${turn.cardMessageId}` };
      })
    ],
    fallbacks: [{ handler: async (_d, turn, text) => (text.startsWith('undrar') ? (await turn.reply('fallback'), true) : false) }],
    events: [{ handler: async (d, _turn, event) => void d.events.push(event) }],
    jobs: [{ name: 'probe.job', schedule: '0 3 * * *', timezone: (d) => d.configName, run: async (d, now) => void d.jobRuns.push(now) }],
    http: [(_d, server) => server.get('/api/probe', (_req, res, next) => { res.send(200, { ok: true }); next(); })]
  });

  beforeAll(async () => {
    await connector.start();
    bot = await startBot({ features: [probe] });
  });
  afterAll(async () => {
    await bot.stop();
    await connector.stop();
  });
  beforeEach(() => connector.clear());

  const texts = () => connector.activities.map((a) => a.body.text);

  it('runs a command handler with the typed alias\'s language and the arguments', async () => {
    await bot.post(message(anna, ytterby, 'probe ett två', { serviceUrl: connector.url, locale: 'sv-SE' }));
    expect(texts()).toEqual(['probe:en:ett två:channel']);
    connector.clear();
    await bot.post(message(anna, ytterby, 'sond', { serviceUrl: connector.url, locale: 'en-US' }));
    expect(texts()).toEqual(['probe:sv::channel']);
  });

  it('runs a verb with parsed data, in the pressed card\'s language', async () => {
    const res = await bot.post(execute(anna, ytterby, 'probe.echo', { n: 3, lang: 'en' }, { serviceUrl: connector.url, replyToId: 'm-1' }));
    expect(res.body).toMatchObject({ statusCode: 200, value: 'n=3:en:m-1' });
  });

  it('answers hostile card data with a 400 before any handler runs', async () => {
    const before = verbCalls;
    for (const data of [{ n: 'DROP' }, { n: 3, extra: '<script>' }, { n: 99 }, {}]) {
      const res = await bot.post(execute(anna, ytterby, 'probe.echo', data, { serviceUrl: connector.url }));
      expect(res.body).toMatchObject({ statusCode: 400 });
    }
    expect(verbCalls).toBe(before);
  });

  it('tries fallbacks when no command matched, else suggests', async () => {
    await bot.post(message(anna, ytterby, 'undrar något', { serviceUrl: connector.url }));
    expect(texts()).toEqual(['fallback']);
  });

  it('reports the bot added, the bot removed and people leaving as events', async () => {
    deps.events.length = 0;
    await bot.post(membersAdded(ytterby, [{ id: BOT.id }], { serviceUrl: connector.url }));
    await bot.post(membersRemoved(ytterby, [{ id: sara.id, aadObjectId: sara.aadObjectId.toUpperCase() }, { id: BOT.id }], { serviceUrl: connector.url }));
    expect(deps.events).toEqual([
      { kind: 'botAdded' },
      { kind: 'botRemoved' },
      { kind: 'membersRemoved', members: [{ teamsUserId: sara.id, aadObjectId: sara.aadObjectId.toLowerCase() }] }
    ]);
  });

  it('registers jobs with a schedule read from the dependencies, and HTTP routes', async () => {
    const job = bot.bot.jobs.list().find((j) => j.name === 'probe.job');
    expect(job).toMatchObject({ schedule: '0 3 * * *', timezone: bot.config.summaries.timezone });
    const now = new Date('2026-11-30T03:00:00Z');
    await bot.bot.jobs.run('probe.job', now);
    expect(deps.jobRuns).toEqual([now]);
    const res = await fetch(`${bot.url}/api/probe`);
    expect(res.status).toBe(200);
  });
});
