import { getBearerTokenProvider, DefaultAzureCredential, ManagedIdentityCredential } from '@azure/identity';
import { AI, ActionPlanner, OpenAIModel, PromptManager, TurnState, type PredictedSayCommand } from '@microsoft/teams-ai';
import { ActivityTypes, type TurnContext } from 'botbuilder';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { AzureOpenAIConfig } from '../config';
import { REPO_ROOT } from '../paths';
import type { LanguageModel, ModelOutcome, ModelQuestion, ModelTool, Turn } from './port';
import { contextOfTurn } from './turn-port';

/** The prompt folder in the repository (`prompts/<name>/config.json, skprompt.txt, actions.json`). */
export const PROMPTS_DIR = join(REPO_ROOT, 'prompts');

/** The prompt free-text questions go through. */
export const ASK_PROMPT = 'ask';

/** Scope of Entra ID tokens for Azure OpenAI. */
const COGNITIVE_SERVICES_SCOPE = 'https://cognitiveservices.azure.com/.default';

/**
 * The Teams AI planner for free-text questions, on an Azure OpenAI deployment (no other provider:
 * config.ts accepts only Azure OpenAI endpoints). Without an API key it authenticates with Entra ID
 * (managed identity). The client neither retries nor waits long: a 429 or a slow answer should fall
 * back to the deterministic router at once, not keep the asker waiting.
 */
export function createAskPlanner(settings: AzureOpenAIConfig): ActionPlanner<TurnState> {
  const credential = settings.apiKey
    ? undefined
    : settings.managedIdentityClientId
      ? new ManagedIdentityCredential({ clientId: settings.managedIdentityClientId })
      : new DefaultAzureCredential();
  const model = new OpenAIModel({
    azureEndpoint: settings.endpoint,
    azureDefaultDeployment: settings.deployment,
    azureApiVersion: settings.apiVersion,
    ...(settings.apiKey ? { azureApiKey: settings.apiKey } : { azureADTokenProvider: getBearerTokenProvider(credential!, COGNITIVE_SERVICES_SCOPE) }),
    useSystemMessages: true,
    logRequests: false,
    clientOptions: { timeout: settings.timeoutMs, maxRetries: 0 }
  });
  const prompts = new PromptManager({ promptsFolder: PROMPTS_DIR });
  // No repairs: the tools augmentation does not validate, and every extra round trip is latency.
  return new ActionPlanner<TurnState>({ model, prompts, defaultPrompt: ASK_PROMPT, max_repair_attempts: 0 });
}

/**
 * Why the model failed, for the log. The library turns HTTP failures into plain errors with its own
 * wording; only that classification is logged, never a message that could echo the question.
 */
export function modelFailureReason(err: unknown): { reason: string; status?: number } {
  const message = err instanceof Error ? err.message : '';
  if (/rate limit/i.test(message)) return { reason: 'rate_limited', status: 429 };
  if (/timed? ?out|timeout/i.test(message)) return { reason: 'timeout' };
  // The library reports a timeout or a refused connection as an error status of "undefined".
  if (/error status of undefined/.test(message)) return { reason: 'no_response' };
  const status = /error status of (\d{3})/.exec(message)?.[1];
  if (status) return { reason: 'http_error', status: Number(status) };
  return { reason: err instanceof Error ? err.name : 'unknown' };
}

/** One question's run through the planner; kept on the TurnContext, never stored. */
interface ModelRun {
  turn: Turn;
  question: ModelQuestion;
  tools: ReadonlyMap<string, ModelTool>;
  /** Something was sent to the asker: the deterministic answer must not follow. */
  answered: boolean;
  /** The deadline passed: later actions send nothing. */
  abandoned: boolean;
}

const RUN = Symbol('trygg.languageModel.run');

/** Marks the model's text answer as AI-generated, as Teams asks bots to. */
const AI_GENERATED = { type: 'https://schema.org/Message', '@type': 'Message', '@context': 'https://schema.org', '@id': '', additionalType: ['AIGeneratedContent'] };

/**
 * The `LanguageModel` of the port on Teams AI's planner (`app.ai`). Tools are registered as planner
 * actions the first time a question names them; each action finds the question's tools on its turn, so
 * several questions never share state. Its own text answer is sent only if `acceptAnswer` allows it.
 */
export class TeamsAiLanguageModel implements LanguageModel {
  private readonly registered = new Set<string>();

  constructor(
    private readonly ai: AI<TurnState>,
    private readonly logger: Logger
  ) {}

  async answer(turn: Turn, question: ModelQuestion, tools: readonly ModelTool[]): Promise<ModelOutcome> {
    const context = contextOfTurn(turn);
    if (!context) throw new Error('a language model question needs a turn the edge built');
    this.register(tools);
    const run: ModelRun = { turn, question, tools: new Map(tools.map((t) => [t.name, t])), answered: false, abandoned: false };
    context.turnState.set(RUN, run);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), question.deadlineMs);
    });
    const planned = this.plan(context, question).then(
      () => 'done' as const,
      (err: unknown) => ({ err })
    );
    try {
      const outcome = await Promise.race([planned, deadline]);
      run.abandoned = true;
      return this.report(run, outcome);
    } finally {
      run.abandoned = true;
      clearTimeout(timer);
    }
  }

  /** Runs the planner with turn state in memory only: the question and tool results are never stored. */
  private async plan(context: TurnContext, question: ModelQuestion): Promise<void> {
    const state = new TurnState();
    await state.load(context);
    // What Application.run would prepare before handing a turn to the AI system.
    state.temp.input = question.text;
    state.temp.inputFiles = [];
    state.temp.actionOutputs = {};
    for (const [name, value] of Object.entries(question.promptValues)) state.setValue(`temp.${name}`, value);
    await this.ai.run(context, state);
  }

  private report(run: ModelRun, outcome: 'done' | 'timeout' | { err: unknown }): ModelOutcome {
    if (run.answered) {
      this.logger.info({ outcome: 'answered' }, 'question answered through the language model');
      return { answered: true };
    }
    if (outcome === 'timeout') {
      this.logger.warn({ outcome: 'error', reason: 'timeout' }, 'language model too slow; deterministic answer');
      return { answered: false, reason: 'timeout' };
    }
    if (outcome !== 'done') {
      const failure = modelFailureReason(outcome.err);
      this.logger.warn({ outcome: 'error', ...failure }, 'language model failed; deterministic answer');
      return { answered: false, reason: 'failed', failure };
    }
    this.logger.info({ outcome: 'no answer' }, 'language model gave no answer; deterministic answer');
    return { answered: false, reason: 'noAnswer' };
  }

  /** Registers each new tool name, and the model's own answer, as planner actions (once per application). */
  private register(tools: readonly ModelTool[]): void {
    if (!this.registered.has(AI.SayCommandActionName)) {
      this.registered.add(AI.SayCommandActionName);
      this.ai.action(AI.SayCommandActionName, (context: TurnContext, _state: TurnState, data: PredictedSayCommand) => say(context, data));
    }
    for (const tool of tools) {
      if (this.registered.has(tool.name)) continue;
      this.registered.add(tool.name);
      this.ai.action(tool.name, (context: TurnContext, _state: TurnState, params: unknown) => runTool(context, tool.name, params));
    }
  }
}

/** A tool call of the model: the question's own tool with the model's (untrusted) arguments. */
async function runTool(context: TurnContext, name: string, params: unknown): Promise<string> {
  const run = context.turnState.get(RUN) as ModelRun | undefined;
  if (!run || run.abandoned) return AI.StopCommandName;
  const tool = run.tools.get(name);
  if (!tool) return JSON.stringify({ error: 'unknown tool' });
  const result = await tool.run(run.turn, params ?? {});
  if (result.kind === 'result') return result.text;
  run.answered = true;
  return AI.StopCommandName;
}

/** The model's own text answer: sent only when not abandoned, not empty and accepted by the question. */
async function say(context: TurnContext, data: PredictedSayCommand): Promise<string> {
  const run = context.turnState.get(RUN) as ModelRun | undefined;
  const content = data?.response?.content;
  const text = typeof content === 'string' ? content.trim() : '';
  if (!run || run.abandoned || !text || !run.question.acceptAnswer(text)) return AI.StopCommandName;
  run.answered = true;
  await context.sendActivity({ type: ActivityTypes.Message, text, entities: [AI_GENERATED] });
  return '';
}
