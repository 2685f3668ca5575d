import { randomUUID } from 'node:crypto';
import nock from 'nock';
import { startBot, type RunningBot } from '../support/bot-harness';
import { ConnectorStandIn } from '../support/connector';
import { postedForm, registerGroup, setMember } from '../support/flows';
import { CONTAINERS } from '../../src/store/containers';
import { anna, cardText, execute, filip, message, olle, personalOf, sara, stina, type Place } from '../support/teams';

const kallinge: Place = { kind: 'channel', teamId: '19:team-llm-kallinge@thread.tacv2', channelId: '19:general-llm-kallinge@thread.tacv2' };
const ytterby: Place = { kind: 'channel', teamId: '19:team-llm-ytterby@thread.tacv2', channelId: '19:general-llm-ytterby@thread.tacv2' };

const ENDPOINT = 'https://trygg-test.openai.azure.com';
const DEPLOYMENT = 'gpt-4o-eu';
const COMPLETIONS = `/openai/deployments/${DEPLOYMENT}/chat/completions`;
const SECRET_TEXT = 'Fler unga samlas vid ungdomsgården, tydliga tecken på försäljning bakom hallen.';
const YTTERBY_TEXT = 'Klotter på skolans baksida varje helg sedan sportlovet.';

interface ChatRequest {
  messages: Array<{ role: string; content?: string; tool_calls?: unknown[]; tool_call_id?: string }>;
  tools?: Array<{ function: { name: string } }>;
}

function completion(message: Record<string, unknown>) {
  return {
    id: `chatcmpl-${randomUUID()}`,
    object: 'chat.completion',
    created: 1773133200,
    model: 'gpt-4o',
    choices: [{ index: 0, finish_reason: message.tool_calls ? 'tool_calls' : 'stop', message: { role: 'assistant', content: null, ...message } }],
    usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 }
  };
}

function toolCall(name: string, args: Record<string, unknown>, id = `call_${randomUUID().slice(0, 8)}`) {
  return completion({ tool_calls: [{ id, type: 'function', function: { name, arguments: JSON.stringify(args) } }] });
}

/** The tool results the bot sent back to the model, parsed. */
function toolResults(req: ChatRequest): unknown[] {
  return req.messages.filter((m) => m.role === 'tool').map((m) => JSON.parse(m.content ?? 'null'));
}

describe('free-text questions through the Azure OpenAI planner, over /api/messages', () => {
  const connector = new ConnectorStandIn();
  let bot: RunningBot;
  let requests: ChatRequest[];
  const c = () => ({ serviceUrl: connector.url });
  const lastText = () => connector.activities.at(-1)?.body.text ?? '';
  const lastCard = () => ConnectorStandIn.cards(connector.activities).at(-1)!;
  const openai = () => nock(ENDPOINT).matchHeader('api-key', 'test-key').post(COMPLETIONS).query({ 'api-version': '2024-10-21' });
  const record = (reply: unknown, status = 200) => (_uri: string, body: nock.Body) => {
    requests.push(body as unknown as ChatRequest);
    return [status, reply] as [number, unknown];
  };
  const consoleLines: string[] = [];

  beforeAll(async () => {
    if (!nock.isActive()) nock.activate();
    nock.disableNetConnect();
    nock.enableNetConnect(/127\.0\.0\.1|localhost/);
    await connector.start();
    connector.addPeople(anna, sara, olle, filip, stina);
    bot = await startBot({
      clock: { now: () => new Date('2026-03-10T09:00:00Z') },
      env: {
        AZURE_OPENAI_ENDPOINT: ENDPOINT,
        AZURE_OPENAI_DEPLOYMENT: DEPLOYMENT,
        AZURE_OPENAI_API_KEY: 'test-key',
        AZURE_OPENAI_TIMEOUT_MS: '500'
      }
    });
    await registerGroup(bot, connector, kallinge, anna, { name: 'SSPF Kallinge', municipality: 'Ronneby', areas: 'Kallinge, Bräkne-Hoby' });
    await setMember(bot, connector, kallinge, anna, filip, 'fritid');
    await setMember(bot, connector, kallinge, anna, olle, 'polis');
    await registerGroup(bot, connector, ytterby, sara, { name: 'SSPF Ytterby', municipality: 'Kungälv', areas: 'Ytterby, Kareby', agency: 'skola' });
    const post = async (who: typeof filip, place: Place, area: string, text: string, category: string) => {
      const res = await bot.post(
        execute(who, place, 'updates.submit', { draftId: randomUUID(), area, category, trend: 'okande', level: 'selektiv', observedOn: '2026-03-06', text }, { ...c(), replyToId: await postedForm(bot, connector, who, place, 'lägesbild ny') })
      );
      expect(res.status).toBe(200);
    };
    await post(filip, kallinge, 'Kallinge', SECRET_TEXT, 'narkotika');
    await post(sara, ytterby, 'Ytterby', YTTERBY_TEXT, 'skadegorelse');
  });
  afterAll(async () => {
    await bot.stop();
    await connector.stop();
    nock.cleanAll();
    nock.enableNetConnect();
    // Take nock's interceptors off Node's http and fetch: later suites in this jest process talk to real servers.
    nock.restore();
  });
  beforeEach(() => {
    connector.clear();
    requests = [];
    consoleLines.length = 0;
    // The library prints failed model calls to the console: capture them to check them for personal data.
    for (const level of ['log', 'warn', 'error'] as const) {
      jest.spyOn(console, level).mockImplementation((...args: unknown[]) => void consoleLines.push(args.map((a) => (a instanceof Error ? `${a.name} ${a.message}` : JSON.stringify(a) ?? String(a))).join(' ')));
    }
  });
  afterEach(() => {
    jest.restoreAllMocks();
    const pending = nock.pendingMocks();
    nock.cleanAll();
    expect(pending).toEqual([]);
  });

  const logText = () => JSON.stringify(bot.logs) + consoleLines.join('\n');

  it('runs a tool call through the same picture query, with the asker\'s scope, and sends the model\'s answer', async () => {
    const question = 'Har narkotikan ökat i Kallinge på sistone?';
    openai().reply(record(toolCall('situation_picture', { place: 'kallinge', days: 30 })));
    openai().reply(record(completion({ content: 'I Kallinge har 1 rapport om narkotika kommit in de senaste 30 dagarna (förra perioden 0), trend ökande.' })));

    const res = await bot.post(message(olle, personalOf(olle), question, c()));
    expect(res.status).toBe(200);
    expect(lastText()).toBe('I Kallinge har 1 rapport om narkotika kommit in de senaste 30 dagarna (förra perioden 0), trend ökande.');
    expect(JSON.stringify(connector.activities.at(-1)?.body.entities)).toContain('AIGeneratedContent');
    expect(connector.activities).toHaveLength(1);

    expect(requests).toHaveLength(2);
    const [first, second] = requests;
    expect(first.messages[0].role).toBe('system');
    expect(first.messages.at(-1)).toMatchObject({ role: 'user', content: question });
    expect(first.messages[0].content).toContain('Today is 2026-03-10');
    expect(first.tools?.map((t) => t.function.name).sort()).toEqual(['ask_topic', 'latest_updates', 'show_help', 'situation_picture']);
    const [picture] = toolResults(second) as Array<Record<string, any>>;
    expect(picture).toMatchObject({
      place: 'Kallinge',
      period: { from: '2026-02-09', to: '2026-03-10' },
      areas: [{ area: 'Kallinge', municipality: 'Ronneby', updates: 1, previousUpdates: 0, categories: [{ category: 'Narkotika', updates: 1, previousUpdates: 0, change: 1, trend: 'Ökande' }] }]
    });

    const sent = JSON.stringify(requests);
    for (const forbidden of [SECRET_TEXT, YTTERBY_TEXT, 'Olle Polis', 'Filip Fritid', 'Anna Samordnare', olle.aadObjectId, filip.aadObjectId, 'Ytterby']) {
      expect(sent).not.toContain(forbidden);
    }
    expect(logText()).not.toContain(question);
  });

  it('never lets the model reach past the asker\'s scope: another municipality\'s area is unknown, "everything" is only his groups', async () => {
    openai().reply(record(toolCall('situation_picture', { place: 'Ytterby', days: 30 })));
    openai().reply(record(completion({ content: 'Ytterby finns inte bland de områden du kan se.' })));
    await bot.post(message(olle, personalOf(olle), 'Hur är läget i Ytterby?', c()));
    const [refusal] = toolResults(requests[1]) as Array<Record<string, string>>;
    expect(refusal.message).toMatch(/Jag hittar inget område ”ytterby”/i);
    expect(refusal.message).toContain('Kallinge, Bräkne-Hoby');
    expect(JSON.stringify(refusal)).not.toContain('Kareby');

    requests = [];
    openai().reply(record(toolCall('situation_picture', {})));
    openai().reply(record(completion({ content: 'Sammanfattning.' })));
    await bot.post(message(olle, personalOf(olle), 'Hur ser det ut överallt?', c()));
    const [all] = toolResults(requests[1]) as Array<{ areas: Array<{ area: string }> }>;
    expect(all.areas.map((a) => a.area)).toEqual(['Kallinge', 'Bräkne-Hoby']);
    expect(JSON.stringify(requests)).not.toContain('Ytterby');
  });

  it('uses the group\'s scope in a group channel, whoever asks', async () => {
    openai().reply(record(toolCall('situation_picture', {})));
    openai().reply(record(completion({ content: 'Ytterby: 1 rapport om skadegörelse.' })));
    await bot.post(message(sara, ytterby, 'Hur ser det ut hos oss?', c()));
    const [all] = toolResults(requests[1]) as Array<{ areas: Array<{ area: string; updates: number }> }>;
    expect(all.areas).toEqual([expect.objectContaining({ area: 'Ytterby', updates: 1 }), expect.objectContaining({ area: 'Kareby', updates: 0 })]);
    const sent = JSON.stringify(requests);
    for (const forbidden of ['Kallinge', 'Ronneby', YTTERBY_TEXT, 'Sara Lärare']) expect(sent).not.toContain(forbidden);
    expect(lastText()).toBe('Ytterby: 1 rapport om skadegörelse.');
  });

  it('gives the latest updates as labels and dates, never their text or author', async () => {
    openai().reply(record(toolCall('latest_updates', { place: 'Kallinge' })));
    openai().reply(record(completion({ content: 'Senaste: 2026-03-06, Kallinge, narkotika (fritid).' })));
    await bot.post(message(olle, personalOf(olle), 'Vad har rapporterats senast?', c()));
    const [latest] = toolResults(requests[1]) as Array<Record<string, unknown>>;
    expect(latest).toEqual({
      place: 'Kallinge',
      period: { from: '2026-02-09', to: '2026-03-10' },
      updates: [{ observedOn: '2026-03-06', area: 'Kallinge', category: 'Narkotika', trend: 'Ökande', agency: 'Fritid' }]
    });
    expect(JSON.stringify(requests)).not.toContain(SECRET_TEXT);
    expect(JSON.stringify(requests)).not.toContain('Filip Fritid');
    expect(lastText()).toBe('Senaste: 2026-03-06, Kallinge, narkotika (fritid).');
  });

  it('sends a plain answer as it comes, in a channel, in English', async () => {
    openai().reply(record(completion({ content: 'I can answer questions about the situation picture in your areas.' })));
    await bot.post(message(olle, kallinge, 'What can you tell me, Trygg?', { ...c(), locale: 'en-US' }));
    expect(lastText()).toBe('I can answer questions about the situation picture in your areas.');
    expect(requests[0].messages[0].content).toContain('Answer in English');
    expect(requests[0].messages.at(-1)).toMatchObject({ role: 'user', content: 'What can you tell me, Trygg?' });
  });

  it('lets the topic and help actions answer the asker directly, without the model seeing the answer', async () => {
    openai().reply(record(toolCall('ask_topic', { topic: 'meetings.next' })));
    await bot.post(message(olle, personalOf(olle), 'När ses vi nästa gång?', c()));
    expect(lastText()).toContain('**SSPF Kallinge**: inget möte bokat.');
    expect(requests).toHaveLength(1);

    connector.clear();
    openai().reply(record(toolCall('show_help', {})));
    await bot.post(message(olle, personalOf(olle), 'Kan du boka en lokal åt mig?', c()));
    expect(cardText(lastCard())).toContain('Trygg – det här kan jag');
  });

  it('falls back to the deterministic answer on a 429, without retrying', async () => {
    openai().reply(record({ error: { code: '429', message: 'Rate limit is exceeded. Try again in 10 seconds.' } }, 429));
    await bot.post(message(olle, personalOf(olle), 'hur ser läget ut i Kallinge?', c()));
    expect(requests).toHaveLength(1);
    const text = cardText(lastCard());
    expect(text).toContain('Lägesbild: Kallinge');
    expect(text).toMatch(/1 rapport, förra perioden 0 \(\+1\)\n↑ bedömd trend: ökande, 1 av 1 rapport/);
    expect(connector.activities).toHaveLength(1);
    expect(bot.logs.some((l) => l.outcome === 'error' && l.reason === 'rate_limited')).toBe(true);
    expect(logText()).not.toContain('hur ser läget ut i Kallinge');
  });

  it('falls back to the deterministic answer when the model is too slow, and sends nothing late', async () => {
    openai().delay(1500).reply(record(completion({ content: 'Ett sent svar.' })));
    await bot.post(message(olle, personalOf(olle), 'How are things in Kallinge these days?', { ...c(), locale: 'en-US' }));
    expect(cardText(lastCard())).toContain('Situation: Kallinge');
    expect(bot.logs.some((l) => l.outcome === 'error' && (l.reason === 'timeout' || l.reason === 'no_response'))).toBe(true);
    await new Promise((r) => setTimeout(r, 1700));
    expect(connector.activities.map((a) => a.body.text)).not.toContain('Ett sent svar.');
    expect(connector.activities).toHaveLength(1);
  });

  it('falls back when the model\'s second call fails after a tool call', async () => {
    openai().reply(record(toolCall('situation_picture', { place: 'Kallinge' })));
    openai().reply(record({ error: { code: 'InternalServerError', message: 'boom' } }, 500));
    await bot.post(message(olle, personalOf(olle), 'hur ser läget ut i Kallinge?', c()));
    expect(requests).toHaveLength(2);
    expect(cardText(lastCard())).toContain('Lägesbild: Kallinge');
    expect(connector.activities).toHaveLength(1);
  });

  it.each([
    ['a personnummer', 'Hur är läget i Kallinge för 20061212-1236?'],
    ['a phone number', 'Vem har 070-123 45 67, hur är läget i Kallinge?'],
    ['an e-mail address', 'Läget i Kallinge enligt kalle.k@skola.ronneby.se?']
  ])('answers a question with %s without the model', async (_what, question) => {
    await bot.post(message(olle, personalOf(olle), question, c()));
    expect(requests).toHaveLength(0);
    expect(connector.activities).toHaveLength(1);
    expect(cardText(lastCard())).toContain('Lägesbild: Kallinge');
    expect(logText()).not.toContain(question);
  });

  it('answers commands without the model', async () => {
    await bot.post(message(olle, personalOf(olle), 'lägesbild Kallinge 30 dagar', c()));
    expect(requests).toHaveLength(0);
    expect(cardText(lastCard())).toContain('Lägesbild: Kallinge');
  });

  it('does not send an answer that carries a direct identifier; the router answers instead', async () => {
    openai().reply(record(completion({ content: 'Ring 070-123 45 67 för mer.' })));
    await bot.post(message(olle, personalOf(olle), 'hur ser läget ut i Kallinge?', c()));
    expect(connector.activities.map((a) => a.body.text ?? '')).not.toContain('Ring 070-123 45 67 för mer.');
    expect(cardText(lastCard())).toContain('Lägesbild: Kallinge');
  });

  it('keeps no turn state: nothing the user typed is stored, the conversation history ends with the turn', async () => {
    const question = 'Hur mycket skadegörelse har det varit i Kallinge?';
    openai().reply(record(completion({ content: 'Inga rapporter om skadegörelse.' })));
    await bot.post(message(olle, personalOf(olle), question, c()));
    expect(lastText()).toBe('Inga rapporter om skadegörelse.');
    for (const id of CONTAINERS.map((x) => x.id)) {
      const docs = (await bot.store.container(id as never).items.query('SELECT * FROM c').fetchAll()).resources;
      expect(JSON.stringify(docs)).not.toContain(question);
    }
    // The next question starts without the previous one: no history is sent.
    openai().reply(record(completion({ content: 'Svar två.' })));
    await bot.post(message(olle, personalOf(olle), 'Och i Bräkne-Hoby då?', c()));
    expect(JSON.stringify(requests[1])).not.toContain(question);
    expect(requests[1].messages.map((m) => m.role)).toEqual(['system', 'user']);
  });
});
