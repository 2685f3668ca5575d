import { z } from 'zod';
import type { LanguageModel, ModelTool, ModelToolResult, Turn } from '../../bot/port';
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

/** What the tools need: the query functions the commands use. */
export interface ModelToolDeps {
  /** The picture query every entry point shares; computes the scope from the asker. */
  pictureAnswer(turn: Turn, lang: Lang, read: (visible: AreaRef[]) => PictureQuestion): Promise<PictureAnswer>;
  topics: AskTopicRegistry;
  /** Answers a topic the model picked, as for a typed question. */
  answerTopic(turn: Turn, topic: AskTopic, text: string, lang: Lang): Promise<void>;
  sendHelp(turn: Turn, lang: Lang): Promise<void>;
}

/** One question through the model: its text and language, and whether a tool began answering the asker. */
export interface ModelRun {
  text: string;
  lang: Lang;
  /** A tool started answering the asker itself: the deterministic router must not answer too. */
  answering: boolean;
}

/** The language model and what a question through it needs besides the tools. */
export interface AskModel {
  model: LanguageModel;
  clock: Clock;
  /** Longest the whole planner run may take before the deterministic router answers. */
  deadlineMs: number;
}

/**
 * Reads the model's place and period against what the asker may see. The place goes through the same
 * matching as a typed command, so the model can only pick among the asker's areas.
 */
export function readModelArgs(args: z.infer<typeof placeArgs>, visible: AreaRef[]): PictureQuestion {
  const q = parsePictureQuestion(args.place ?? '', visible, 'command');
  const period = args.days ? { unit: 'days' as const, count: args.days } : DEFAULT_PERIOD;
  return { ...q, period, periodGiven: !!args.days };
}

const result = (body: unknown): ModelToolResult => ({ kind: 'result', text: JSON.stringify(body) });

/** The picture or the latest updates, as aggregated figures and labels only (no texts, names or ids). */
async function placeTool(deps: ModelToolDeps, turn: Turn, lang: Lang, raw: unknown, view: 'picture' | 'latest'): Promise<ModelToolResult> {
  const args = placeArgs.safeParse(raw ?? {});
  if (!args.success) return result({ error: 'invalid arguments' });
  const answer = await deps.pictureAnswer(turn, lang, (visible) => readModelArgs(args.data, visible));
  if (answer.kind === 'message') return result({ message: answer.text });
  if (view === 'picture') return result(pictureForModel(answer.picture, answer.place, lang));
  return result({ place: answer.place, period: answer.picture.current, updates: latestForModel(answer.picture, lang) });
}

/** A topic the model picked: its feature answers the asker itself, as for a typed question; the model sees nothing of it. */
async function topicTool(deps: ModelToolDeps, asked: ModelRun, turn: Turn, raw: unknown): Promise<ModelToolResult> {
  const args = topicArgs.safeParse(raw ?? {});
  const topic = args.success ? deps.topics.list().find((t) => t.id === args.data.topic) : undefined;
  if (!topic) return result({ error: 'unknown topic' });
  asked.answering = true;
  await deps.answerTopic(turn, topic, asked.text, asked.lang);
  return { kind: 'answered' };
}

/**
 * The tools for one question. Every tool computes the asker's scope from the turn (never from model
 * arguments) and gives the model aggregated figures and labels only: no update texts, no names, no ids.
 */
export function modelTools(deps: ModelToolDeps, asked: ModelRun): ModelTool[] {
  const { lang } = asked;
  return [
    { name: MODEL_ACTIONS.picture, run: (turn, args) => placeTool(deps, turn, lang, args, 'picture') },
    { name: MODEL_ACTIONS.latest, run: (turn, args) => placeTool(deps, turn, lang, args, 'latest') },
    { name: MODEL_ACTIONS.topic, run: (turn, args) => topicTool(deps, asked, turn, args) },
    {
      name: MODEL_ACTIONS.help,
      run: async (turn) => {
        asked.answering = true;
        await deps.sendHelp(turn, lang);
        return { kind: 'answered' };
      }
    }
  ];
}

/**
 * Runs one free-text question through the language model under the deadline; true when the model
 * answered the asker (false: the deterministic router answers). An answer of the model's own carrying a
 * direct identifier is not sent.
 */
export async function answerThroughModel(model: AskModel, tools: ModelToolDeps, turn: Turn, text: string, lang: Lang): Promise<boolean> {
  const asked: ModelRun = { text, lang, answering: false };
  const outcome = await model.model.answer(
    turn,
    {
      text,
      promptValues: { replyLang: lang === 'en' ? 'English' : 'Swedish', today: stockholmToday(model.clock.now()) },
      deadlineMs: model.deadlineMs,
      acceptAnswer: (answer) => !containsPersonalData(answer)
    },
    modelTools(tools, asked)
  );
  // A tool that began answering counts even if the deadline passed meanwhile: the asker gets one answer.
  return outcome.answered || asked.answering;
}
