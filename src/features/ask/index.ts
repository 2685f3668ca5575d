import type { CommandCatalog, CommandInput, Turn } from '../../bot/port';
import { type Lang, normalizeText } from '../../i18n';
import { askTexts } from '../../i18n/ask';
import { defineFeature, type FeatureContext } from '../feature';
import { helpCard } from '../help';
import type { AccessSource } from '../shared/guards';
import type { AreaRef } from '../updates/picture';
import { UpdateRepository } from '../updates/update-repository';
import { pictureCard } from './picture-card';
import { PictureService, type PictureAnswer } from './picture-service';
import { isPictureQuestion, parsePictureQuestion, type PictureQuestion } from './question';
import type { AskTopic, AskTopicRegistry } from './topics';
import { answerThroughModel, type AskModel, type ModelToolDeps } from './model-actions';
import { containsPersonalData } from '../../privacy/pii-guard';

export type { AskTopic, PictureShortcut } from './topics';

export type { PictureAnswer } from './picture-service';

const ENGLISH = /\b(the|what|whats|how|is|are|last|past|days|weeks|week|month|show|next|meeting|overdue|actions|situation|things)\b/g;
const SWEDISH = /\b(hur|vad|ar|senaste|dagar|veckan|veckor|laget|lage|nasta|mote|insatser|forsenade|visa|ser|ut|det)\b/g;

/** Guesses the language of free text; the Teams locale decides when the text does not. */
export function guessLang(text: string, fallback: Lang): Lang {
  const n = normalizeText(text);
  const en = n.match(ENGLISH)?.length ?? 0;
  const sv = n.match(SWEDISH)?.length ?? 0;
  return en > sv ? 'en' : sv > en ? 'sv' : fallback;
}

/**
 * How long the whole planner run (a tool call and the answer: two model requests) may take before the
 * deterministic router answers instead.
 */
export function modelDeadlineMs(requestTimeoutMs: number): number {
  return requestTimeoutMs * 2 + 1000;
}

/** What the ask handlers work with: the picture query, the topics and shortcuts, the commands, the model. */
export interface AskDeps {
  access: AccessSource;
  pictures: PictureService;
  topics: AskTopicRegistry;
  commands: CommandCatalog;
  /** The language model; undefined without Azure OpenAI settings (free text then goes to the router only). */
  model?: AskModel;
}

/** The picture as the asker may see it here (PictureService decides the scope from the asker). */
async function pictureAnswer(deps: AskDeps, turn: Turn, lang: Lang, read: (visible: AreaRef[]) => PictureQuestion): Promise<PictureAnswer> {
  return deps.pictures.answer(await deps.access.resolve(turn), lang, read);
}

async function sendPicture(deps: AskDeps, turn: Turn, question: string, lang: Lang, mode: 'command' | 'free'): Promise<void> {
  const answer = await pictureAnswer(deps, turn, lang, (visible) => parsePictureQuestion(question, visible, mode));
  if (answer.kind === 'message') return void (await turn.reply(answer.text));
  await turn.replyCard(pictureCard(lang, answer.picture, answer.place, answer.withText));
}

/** `lägesbild [område] [period]`: the picture; bare, in a group whose kind has a shortcut (SSPF: the update form), that. */
export async function showPicture(deps: AskDeps, turn: Turn, input: CommandInput): Promise<void> {
  if (!input.args) {
    const kind = (await deps.access.resolve(turn)).group?.kind;
    const shortcut = kind ? deps.topics.pictureShortcut(kind) : undefined;
    if (shortcut) return shortcut.open(turn, input);
  }
  await sendPicture(deps, turn, input.args, input.lang, 'command');
}

/** A topic the asker or the model picked; its feature answers the asker. */
async function answerTopic(turn: Turn, topic: AskTopic, text: string, lang: Lang): Promise<void> {
  await topic.answer(turn, text, lang);
}

/** The language-model tools: the same queries the commands use. */
function toolsOf(deps: AskDeps): ModelToolDeps {
  return {
    pictureAnswer: (turn, lang, read) => pictureAnswer(deps, turn, lang, read),
    topics: deps.topics,
    answerTopic,
    sendHelp: async (turn, lang) => void (await turn.replyCard(helpCard(deps.commands, lang)))
  };
}

/** A free-text question: the language model first (when configured), then topics, the picture, or the help card. */
export async function answerQuestion(deps: AskDeps, turn: Turn, text: string, lang: Lang | undefined): Promise<boolean> {
  const normalized = normalizeText(text.replace(/[?!.,;:()"'’`]/g, ' '));
  const l = lang ?? guessLang(text, turn.clientLang);
  // A question carrying a personal identity number, phone number or e-mail never reaches the model.
  if (deps.model && !containsPersonalData(text) && (await answerThroughModel(deps.model, toolsOf(deps), turn, text, l))) return true;
  const topic = deps.topics.find(normalized);
  if (topic) {
    await answerTopic(turn, topic, text, l);
  } else if (isPictureQuestion(text)) {
    await sendPicture(deps, turn, text, l, 'free');
  } else if (text.trim().endsWith('?')) {
    await turn.replyCard(helpCard(deps.commands, l));
  } else {
    return false;
  }
  return true;
}

/** Builds the picture query once and takes the language model from the edge (off without Azure OpenAI settings). */
function setup(ctx: FeatureContext): AskDeps {
  const { repos, clock, store } = ctx;
  const updates = new UpdateRepository(store);
  const pictures = new PictureService({ groups: repos.groups, members: repos.members, links: repos.links, updates, clock });
  const settings = ctx.config.azureOpenAI;
  const model = ctx.languageModel && settings ? { model: ctx.languageModel, clock, deadlineMs: modelDeadlineMs(settings.timeoutMs) } : undefined;
  return { access: ctx.access, pictures, topics: ctx.askTopics, commands: ctx.commands, model };
}

/**
 * Asking the bot: the situation picture per area or municipality over a period (command and free text,
 * Swedish and English), topics other features answer, and the help card for questions it cannot answer.
 */
export const askFeature = defineFeature({
  name: 'ask',
  setup,
  commands: [
    {
      id: 'ask.picture',
      aliases: { sv: ['lägesbild', 'läget', 'lägesbilden'], en: ['situation', 'picture'] },
      help: { sv: askTexts('sv').pictureHelp, en: askTexts('en').pictureHelp },
      usage: { sv: askTexts('sv').pictureUsage, en: askTexts('en').pictureUsage },
      handler: showPicture
    }
  ],
  fallbacks: [{ handler: answerQuestion }]
});
