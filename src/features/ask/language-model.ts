import { getBearerTokenProvider, DefaultAzureCredential, ManagedIdentityCredential } from '@azure/identity';
import { ActionPlanner, OpenAIModel, PromptManager, type TurnState } from '@microsoft/teams-ai';
import { join } from 'node:path';
import type { AzureOpenAIConfig } from '../../config';
import { REPO_ROOT } from '../../paths';

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
