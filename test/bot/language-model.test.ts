import { randomUUID } from 'node:crypto';
import nock from 'nock';
import type { LanguageModel, ModelOutcome, ModelTool, Turn } from '../../src/bot/port';
import { modelFailureReason } from '../../src/bot/language-model';
import { defineFeature } from '../../src/features/feature';
import { startBot, type RunningBot } from '../support/bot-harness';
import { ConnectorStandIn } from '../support/connector';
import { anna, message, personalOf } from '../support/teams';

const ENDPOINT = 'https://trygg-edge-test.openai.azure.com';
const DEPLOYMENT = 'gpt-4o-eu';
const COMPLETIONS = `/openai/deployments/${DEPLOYMENT}/chat/completions`;

interface ChatRequest {
  messages: Array<{ role: string; content?: string }>;
}

function completion(msg: Record<string, unknown>) {
  return {
    id: `chatcmpl-${randomUUID()}`,
    object: 'chat.completion',
    created: 1773133200,
    model: 'gpt-4o',
    choices: [{ index: 0, finish_reason: msg.tool_calls ? 'tool_calls' : 'stop', message: { role: 'assistant', content: null, ...msg } }],
    usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 }
  };
}
const toolCall = (name: string, args: Record<string, unknown>) =>
  completion({ tool_calls: [{ id: `call_${randomUUID().slice(0, 8)}`, type: 'function', function: { name, arguments: JSON.stringify(args) } }] });

/** What the probe saw: the model's arguments to its tool, and each outcome. */
interface ProbeDeps {
  model?: LanguageModel;
  toolArgs: unknown[];
  outcomes: ModelOutcome[];
}

const pictureTool: ModelTool = {
  name: 'situation_picture',
  async run(turn: Turn, args: unknown) {
    probeDeps.toolArgs.push(args);
    return { kind: 'result', text: JSON.stringify({ place: 'Ytterby', updates: 3, asker: turn.where.kind }) };
  }
};
const helpTool: ModelTool = {
  name: 'show_help',
  async run(turn: Turn) {
    await turn.reply('hjälpkortet');
    return { kind: 'answered' };
  }
};
const probeDeps: ProbeDeps = { toolArgs: [], outcomes: [] };

/**
 * The planner adapter behind the port's `LanguageModel`, driven over /api/messages by a probe feature whose
 * fallback asks the model (Azure OpenAI answered by nock): tools get the model's arguments, the model's
 * own answer is sent only when the feature accepts it, and failures end in a deterministic answer.
 */
describe('language model adapter (Teams AI planner behind the port)', () => {
  const connector = new ConnectorStandIn();
  let bot: RunningBot;
  let requests: ChatRequest[];
  const openai = () => nock(ENDPOINT).matchHeader('api-key', 'test-key').post(COMPLETIONS).query(true);
  const record = (reply: unknown, status = 200) => (_uri: string, body: nock.Body) => {
    requests.push(body as unknown as ChatRequest);
    return [status, reply] as [number, unknown];
  };

  const probe = defineFeature({
    name: 'probe',
    setup: (ctx) => Object.assign(probeDeps, { model: ctx.languageModel }),
    fallbacks: [
      {
        handler: async (deps: ProbeDeps, turn, text) => {
          if (!deps.model) return false;
          const outcome = await deps.model.answer(
            turn,
            { text, promptValues: { replyLang: 'Swedish', today: '2026-03-10' }, deadlineMs: 3000, acceptAnswer: (t) => !/\d{6}-\d{4}/.test(t) },
            [pictureTool, helpTool]
          );
          deps.outcomes.push(outcome);
          return outcome.answered;
        }
      }
    ]
  });

  beforeAll(async () => {
    if (!nock.isActive()) nock.activate();
    nock.disableNetConnect();
    nock.enableNetConnect(/127\.0\.0\.1|localhost/);
    await connector.start();
    bot = await startBot({
      features: [probe],
      env: { AZURE_OPENAI_ENDPOINT: ENDPOINT, AZURE_OPENAI_DEPLOYMENT: DEPLOYMENT, AZURE_OPENAI_API_KEY: 'test-key', AZURE_OPENAI_TIMEOUT_MS: '500' }
    });
  });
  afterAll(async () => {
    nock.cleanAll();
    nock.enableNetConnect();
    await bot.stop();
    await connector.stop();
  });
  beforeEach(() => {
    connector.clear();
    requests = [];
    probeDeps.toolArgs.length = 0;
    probeDeps.outcomes.length = 0;
    nock.cleanAll();
  });

  const texts = () => connector.activities.map((a) => a.body.text);

  it('runs the tool the model calls with its arguments, feeds the result back and sends the answer marked as AI-generated', async () => {
    openai().reply(record(toolCall('situation_picture', { place: 'Ytterby', days: 7 })));
    openai().reply(record(completion({ content: 'Tre lägesbilder i Ytterby.' })));
    await bot.post(message(anna, personalOf(anna), 'hur ser det ut i ytterby', { serviceUrl: connector.url }));
    expect(probeDeps.toolArgs).toEqual([{ place: 'Ytterby', days: 7 }]);
    expect(requests[1].messages.filter((m) => m.role === 'tool').map((m) => JSON.parse(m.content ?? 'null'))).toEqual([{ place: 'Ytterby', updates: 3, asker: 'personal' }]);
    expect(texts()).toEqual(['Tre lägesbilder i Ytterby.']);
    const entities = connector.activities[0].body.entities as Array<{ additionalType?: string[] }>;
    expect(entities.some((e) => e.additionalType?.includes('AIGeneratedContent'))).toBe(true);
    expect(probeDeps.outcomes).toEqual([{ answered: true }]);
  });

  it('lets a tool answer the asker itself', async () => {
    openai().reply(record(toolCall('show_help', {})));
    await bot.post(message(anna, personalOf(anna), 'vad kan du', { serviceUrl: connector.url }));
    expect(texts()).toEqual(['hjälpkortet']);
    expect(probeDeps.outcomes).toEqual([{ answered: true }]);
  });

  it('drops a model answer the feature refuses (a personal identity number) and answers deterministically', async () => {
    openai().reply(record(completion({ content: 'Det gäller 051224-1234 i Ytterby.' })));
    await bot.post(message(anna, personalOf(anna), 'vem är det', { serviceUrl: connector.url }));
    expect(texts().join(' ')).not.toContain('051224-1234');
    expect(connector.activities).toHaveLength(1);
    expect(probeDeps.outcomes).toEqual([{ answered: false, reason: 'noAnswer' }]);
  });

  it('reports a failing model without echoing the question in the log', async () => {
    openai().reply(record({ error: { message: 'boom' } }, 500));
    const before = bot.logs.length;
    await bot.post(message(anna, personalOf(anna), 'hemlig fråga om kalle', { serviceUrl: connector.url }));
    expect(probeDeps.outcomes).toEqual([{ answered: false, reason: 'failed', failure: { reason: 'http_error', status: 500 } }]);
    expect(connector.activities).toHaveLength(1);
    expect(JSON.stringify(bot.logs.slice(before))).not.toContain('kalle');
  });
});

describe('modelFailureReason', () => {
  it('classifies the library\'s errors without echoing them', () => {
    expect(modelFailureReason(new Error('The chat completion API returned a rate limit error.'))).toEqual({ reason: 'rate_limited', status: 429 });
    expect(modelFailureReason(new Error('The chat completion API returned an error status of 500: Error'))).toEqual({ reason: 'http_error', status: 500 });
    expect(modelFailureReason(new Error('The chat completion API returned an error status of undefined: Error'))).toEqual({ reason: 'no_response' });
    expect(modelFailureReason(new TypeError('something else'))).toEqual({ reason: 'TypeError' });
  });
});
