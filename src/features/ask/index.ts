import type { TurnContext } from 'botbuilder';
import { cardMessage } from '../../bot/invoke';
import { localeLang } from '../../bot/turn';
import { turnOf } from '../../bot/turn-port';
import { type Lang, normalizeText } from '../../i18n';
import { askTexts } from '../../i18n/ask';
import type { CommandInput } from '../../bot/port';
import type { Feature, FeatureContext } from '../feature';
import { helpCard } from '../help';
import { NEW_UPDATE_COMMAND } from '../updates';
import type { AreaRef } from '../updates/picture';
import { UpdateRepository } from '../updates/update-repository';
import { pictureCard } from './picture-card';
import { PictureService, type PictureAnswer } from './picture-service';
import { isPictureQuestion, parsePictureQuestion, type PictureQuestion } from './question';
import type { AskTopic } from './topics';
import { registerModelActions, type ModelAnswerer } from './model-actions';
import { containsPersonalData } from '../../privacy/pii-guard';

export type { AskTopic } from './topics';

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

/** The free-text question asks for the next meeting ("när är nästa möte?", "when is the next meeting?"). */
const asksForNextMeeting = (n: string) => /\b(nasta|next|kommande|upcoming)\b/.test(n) && /\b(mote\w*|meetings?|traff\w*)\b/.test(n);

/**
 * Stand-ins for topics whose feature has not registered its own yet: they answer honestly that the
 * question cannot be answered, and a real registration of the same id replaces them. Features register
 * their topics in their setup (actions registers `actions.overdue`, calling its service).
 */
export function placeholderTopics(): AskTopic[] {
  return [
    {
      id: 'meetings.next',
      placeholder: true,
      matches: asksForNextMeeting,
      answer: async (turn, _text, lang) => void (await turn.reply(askTexts(lang).notAvailableMeeting))
    }
  ];
}

/** What the ask handlers work with (still host-bound: see `answerTopic` and `showPicture`). */
interface AskDeps {
  ctx: FeatureContext;
  pictures: PictureService;
  model?: ModelAnswerer;
}

/**
 * Answers a topic. Deprecated bridge, until meetings registers its topic: a placeholder whose feature has a
 * command of the same id (not yet migrated, `meetings.next`) is answered by that command.
 */
async function answerTopic(deps: AskDeps, context: TurnContext, topic: AskTopic, text: string, lang: Lang): Promise<void> {
  const legacy = topic.placeholder ? deps.ctx.router.list().find((c) => c.id === topic.id) : undefined;
  if (legacy) return legacy.handler(context, { lang, alias: '', args: '', normalizedArgs: '', text });
  await topic.answer(turnOf(context, deps.ctx.roster), text, lang);
}

/** The picture as the asker may see it here (PictureService decides the scope from the asker). */
async function pictureAnswer(deps: AskDeps, context: TurnContext, lang: Lang, read: (visible: AreaRef[]) => PictureQuestion): Promise<PictureAnswer> {
  return deps.pictures.answer(await deps.ctx.access.resolve(context), lang, read);
}

async function sendPicture(deps: AskDeps, context: TurnContext, question: string, lang: Lang, mode: 'command' | 'free'): Promise<void> {
  const answer = await pictureAnswer(deps, context, lang, (visible) => parsePictureQuestion(question, visible, mode));
  if (answer.kind === 'message') return void (await context.sendActivity(answer.text));
  await context.sendActivity(cardMessage(pictureCard(lang, answer.picture, answer.place, answer.withText)));
}

/** `lägesbild [område] [period]`: the picture; bare in an SSPF group it opens the update card, as field workers expect. */
async function showPicture(deps: AskDeps, context: TurnContext, input: CommandInput): Promise<void> {
  if (!input.args) {
    const access = await deps.ctx.access.resolve(context);
    // Deprecated bridge, until updates registers its form with the ask feature: the update form command.
    const form = deps.ctx.router.list().find((c) => c.id === NEW_UPDATE_COMMAND);
    if (access.group?.kind === 'sspf' && form) return form.handler(context, input);
  }
  await sendPicture(deps, context, input.args, input.lang, 'command');
}

/** A free-text question: the language model first (when configured), then topics, the picture, or the help card. */
async function answerQuestion(deps: AskDeps, context: TurnContext, text: string, lang: Lang | undefined): Promise<boolean> {
  const normalized = normalizeText(text.replace(/[?!.,;:()"'’`]/g, ' '));
  const l = lang ?? guessLang(text, localeLang(context));
  // A question carrying a personal identity number, phone number or e-mail never reaches the model.
  if (deps.model && !containsPersonalData(text) && (await deps.model(context, text, l))) return true;
  const topic = deps.ctx.askTopics.find(normalized);
  if (topic) {
    await answerTopic(deps, context, topic, text, l);
  } else if (isPictureQuestion(text)) {
    await sendPicture(deps, context, text, l, 'free');
  } else if (text.trim().endsWith('?')) {
    await context.sendActivity(cardMessage(helpCard(deps.ctx.commands, l)));
  } else {
    return false;
  }
  return true;
}

/** The language-model tools (off by default: only with Azure OpenAI settings does free text go through the planner). */
function modelOf(deps: AskDeps): ModelAnswerer | undefined {
  const { ctx } = deps;
  if (!ctx.config.azureOpenAI) return undefined;
  return registerModelActions({
    ai: ctx.app.ai,
    pictureAnswer: (context, lang, read) => pictureAnswer(deps, context, lang, read),
    topics: ctx.askTopics,
    answerTopic: (context, topic, text, lang) => answerTopic(deps, context, topic, text, lang),
    sendHelp: async (context, l) => void (await context.sendActivity(cardMessage(helpCard(ctx.commands, l)))),
    clock: ctx.clock,
    logger: ctx.logger,
    deadlineMs: modelDeadlineMs(ctx.config.azureOpenAI.timeoutMs)
  });
}

/**
 * Asking the bot: the situation picture per area or municipality over a period (command and free text,
 * Swedish and English), topics other features answer, and the help card for questions it cannot answer.
 */
export const askFeature: Feature = {
  name: 'ask',
  register(ctx: FeatureContext) {
    const { repos, clock, store, askTopics } = ctx;
    for (const topic of placeholderTopics()) askTopics.register(topic);
    const updates = new UpdateRepository(store);
    const deps: AskDeps = { ctx, pictures: new PictureService({ groups: repos.groups, members: repos.members, links: repos.links, updates, clock }) };
    deps.model = modelOf(deps);
    ctx.router.register({
      id: 'ask.picture',
      aliases: { sv: ['lägesbild', 'läget', 'lägesbilden'], en: ['situation', 'picture'] },
      help: { sv: askTexts('sv').pictureHelp, en: askTexts('en').pictureHelp },
      usage: { sv: askTexts('sv').pictureUsage, en: askTexts('en').pictureUsage },
      handler: (context, input) => showPicture(deps, context, input)
    });
    ctx.router.fallback((context, text, lang) => answerQuestion(deps, context, text, lang));
  }
};
