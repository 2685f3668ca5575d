import { AI, TurnState, type PredictedSayCommand } from '@microsoft/teams-ai';
import { ActivityTypes, type TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Clock } from '../../clock';
import type { Lang } from '../../i18n';
import { containsPersonalData } from '../../privacy/pii-guard';
import type { AreaRef } from '../updates/picture';
import { latestForModel, pictureForModel } from './model-view';
import { DEFAULT_PERIOD, stockholmToday } from './period';
import { parsePictureQuestion, type PictureQuestion } from './question';
import type { AskTopic, AskTopicRegistry } from './topics';
import type { PictureAnswer } from './picture-service';

/** The tools the prompt `prompts/ask/actions.json` declares. */
export const MODEL_ACTIONS = {
  picture: 'situation_picture',
  latest: 'latest_updates',
  topic: 'ask_topic',
  help: 'show_help'
} as const;

const placeArgs = z.object({
  place: z.string().trim().max(100).optional(),
  days: z.number().int().min(1).max(366).optional()
});
const topicArgs = z.object({ topic: z.string().max(60) });

/** What one question carries through the planner's actions; kept on the TurnContext, never stored. */
interface ModelTurn {
  text: string;
  lang: Lang;
  /** Something was sent to the asker: the deterministic router must not answer too. */
  answered: boolean;
  /** The deadline passed: later actions must not send anything. */
  abandoned: boolean;
}

const TURN = Symbol('trygg.ask.modelTurn');

function turnOf(context: TurnContext): ModelTurn | undefined {
  return context.turnState.get(TURN) as ModelTurn | undefined;
}

/** What the actions need: the query functions the commands use. */
export interface ModelActionDeps {
  ai: AI<TurnState>;
  /** The picture query every entry point shares; computes the scope from the asker. */
  pictureAnswer(context: TurnContext, lang: Lang, read: (visible: AreaRef[]) => PictureQuestion): Promise<PictureAnswer>;
  topics: AskTopicRegistry;
  /** Answers a topic the model picked, as for a typed question. */
  answerTopic(context: TurnContext, topic: AskTopic, text: string, lang: Lang): Promise<void>;
  sendHelp(context: TurnContext, lang: Lang): Promise<void>;
  clock: Clock;
  logger: Logger;
  /** Longest the whole planner run may take before the deterministic router answers. */
  deadlineMs: number;
}

/** Answers a free-text question through the language model; false when it did not (the router answers then). */
export type ModelAnswerer = (context: TurnContext, text: string, lang: Lang) => Promise<boolean>;

/**
 * Reads the model's place and period against what the asker may see. The place goes through the same
 * matching as a typed command, so the model can only pick among the asker's areas.
 */
export function readModelArgs(args: z.infer<typeof placeArgs>, visible: AreaRef[]): PictureQuestion {
  const q = parsePictureQuestion(args.place ?? '', visible, 'command');
  const period = args.days ? { unit: 'days' as const, count: args.days } : DEFAULT_PERIOD;
  return { ...q, period, periodGiven: !!args.days };
}

/**
 * Why the model failed, for the log. The library turns HTTP failures into plain errors with its own
 * wording; only that classification is logged, never a message that could echo the question.
 */
export function failureReason(err: unknown): { reason: string; status?: number } {
  const message = err instanceof Error ? err.message : '';
  if (/rate limit/i.test(message)) return { reason: 'rate_limited', status: 429 };
  if (/timed? ?out|timeout/i.test(message)) return { reason: 'timeout' };
  // The library reports a timeout or a refused connection as an error status of "undefined".
  if (/error status of undefined/.test(message)) return { reason: 'no_response' };
  const status = /error status of (\d{3})/.exec(message)?.[1];
  if (status) return { reason: 'http_error', status: Number(status) };
  return { reason: err instanceof Error ? err.name : 'unknown' };
}

/**
 * Registers the planner's actions on `app.ai` and returns the function that runs a question through
 * it. Every action computes the asker's scope itself (never from model arguments) and gives the model
 * aggregated figures and labels only: no update texts, no names, no ids.
 */
export function registerModelActions(deps: ModelActionDeps): ModelAnswerer {
  const { ai } = deps;

  async function place(context: TurnContext, raw: unknown, view: 'picture' | 'latest'): Promise<string> {
    const turn = turnOf(context);
    if (!turn || turn.abandoned) return AI.StopCommandName;
    const args = placeArgs.safeParse(raw ?? {});
    if (!args.success) return JSON.stringify({ error: 'invalid arguments' });
    const answer = await deps.pictureAnswer(context, turn.lang, (visible) => readModelArgs(args.data, visible));
    if (answer.kind === 'message') return JSON.stringify({ message: answer.text });
    const body = view === 'picture' ? pictureForModel(answer.picture, answer.place, turn.lang) : { place: answer.place, period: answer.picture.current, updates: latestForModel(answer.picture, turn.lang) };
    return JSON.stringify(body);
  }

  ai.action(MODEL_ACTIONS.picture, async (context: TurnContext, _state: TurnState, params: unknown) => place(context, params, 'picture'));
  ai.action(MODEL_ACTIONS.latest, async (context: TurnContext, _state: TurnState, params: unknown) => place(context, params, 'latest'));

  ai.action(MODEL_ACTIONS.topic, async (context: TurnContext, _state: TurnState, params: unknown) => {
    const turn = turnOf(context);
    if (!turn || turn.abandoned) return AI.StopCommandName;
    const args = topicArgs.safeParse(params ?? {});
    const topic = args.success ? deps.topics.list().find((t) => t.id === args.data.topic) : undefined;
    if (!topic) return JSON.stringify({ error: 'unknown topic' });
    turn.answered = true;
    // The topic's feature answers the asker itself, as for a typed question; the model sees nothing of it.
    await deps.answerTopic(context, topic, turn.text, turn.lang);
    return AI.StopCommandName;
  });

  ai.action(MODEL_ACTIONS.help, async (context: TurnContext) => {
    const turn = turnOf(context);
    if (!turn || turn.abandoned) return AI.StopCommandName;
    turn.answered = true;
    await deps.sendHelp(context, turn.lang);
    return AI.StopCommandName;
  });

  ai.action(AI.SayCommandActionName, async (context: TurnContext, _state: TurnState, data: PredictedSayCommand) => {
    const turn = turnOf(context);
    const content = data?.response?.content;
    const text = typeof content === 'string' ? content.trim() : '';
    // An empty answer, or one carrying a direct identifier, is not sent: the router answers instead.
    if (!turn || turn.abandoned || !text || containsPersonalData(text)) return AI.StopCommandName;
    turn.answered = true;
    await context.sendActivity({
      type: ActivityTypes.Message,
      text,
      entities: [{ type: 'https://schema.org/Message', '@type': 'Message', '@context': 'https://schema.org', '@id': '', additionalType: ['AIGeneratedContent'] }]
    });
    return '';
  });

  return (context, text, lang) => runQuestion(deps, context, text, lang);
}

/** Runs one question through the planner under the deadline; true when the model answered the asker. */
async function runQuestion(deps: ModelActionDeps, context: TurnContext, text: string, lang: Lang): Promise<boolean> {
  const turn: ModelTurn = { text, lang, answered: false, abandoned: false };
  context.turnState.set(TURN, turn);
  // Turn state in memory only, for this one question: no storage, so the planner's conversation
  // history (the question and tool results) is never written anywhere and is gone after the turn.
  const state = new TurnState();
  await state.load(context);
  // What Application.run would prepare before handing a turn to the AI system.
  state.temp.input = text;
  state.temp.inputFiles = [];
  state.temp.actionOutputs = {};
  state.setValue('temp.replyLang', lang === 'en' ? 'English' : 'Swedish');
  state.setValue('temp.today', stockholmToday(deps.clock.now()));
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), deps.deadlineMs);
  });
  const run = deps.ai.run(context, state).then(
    () => 'done' as const,
    (err: unknown) => ({ err })
  );
  try {
    const outcome = await Promise.race([run, deadline]);
    if (outcome === 'timeout') {
      turn.abandoned = true;
      if (!turn.answered) deps.logger.warn({ outcome: 'error', reason: 'timeout' }, 'language model too slow; deterministic answer');
    } else if (outcome !== 'done') {
      if (!turn.answered) deps.logger.warn({ outcome: 'error', ...failureReason(outcome.err) }, 'language model failed; deterministic answer');
    } else if (!turn.answered) {
      deps.logger.info({ outcome: 'no answer' }, 'language model gave no answer; deterministic answer');
    }
    if (turn.answered) deps.logger.info({ outcome: 'answered' }, 'question answered through the language model');
    return turn.answered;
  } finally {
    turn.abandoned = true;
    clearTimeout(timer);
  }
}
