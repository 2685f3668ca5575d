import { Cron } from 'croner';
import { IANAZone } from 'luxon';
import { z } from 'zod';
import { STOCKHOLM } from './time-zone';

/** Empty strings count as unset, so `FOO=` in a .env file behaves like a missing variable. */
const optionalString = z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().trim().optional());

const list = z.preprocess(
  (v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : v === undefined ? [] : v),
  z.array(z.string())
);

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const envSchema = z
  .object({
    NODE_ENV: optionalString,
    PORT: z.preprocess((v) => (v === undefined || v === '' ? '3978' : v), z.coerce.number().int().min(0).max(65535)),
    HOST: optionalString,
    LOG_LEVEL: z.preprocess(
      (v) => (v === undefined || v === '' ? 'info' : v),
      z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    ),
    BOT_ID: optionalString,
    BOT_PASSWORD: optionalString,
    BOT_TENANT_ID: optionalString,
    BOT_TYPE: z.preprocess((v) => (v === undefined || v === '' ? 'SingleTenant' : v), z.enum(['SingleTenant', 'UserAssignedMSI'])),
    ALLOWED_TENANTS: list,
    ADMIN_AAD_IDS: list,
    COSMOS_ENDPOINT: optionalString.pipe(z.string().url().optional()),
    COSMOS_KEY: optionalString,
    COSMOS_DATABASE: z.preprocess((v) => (v === undefined || v === '' ? 'trygg' : v), z.string().regex(/^[A-Za-z0-9_-]{1,64}$/)),
    COSMOS_MANAGED_IDENTITY_CLIENT_ID: optionalString,
    EMBEDDED_DATA_FILE: z.preprocess((v) => (v === undefined || v === '' ? '.data/cosmos.json' : v), z.string()),
    EMBEDDED_PERSIST: z.preprocess((v) => (v === undefined || v === '' ? 'true' : v), z.enum(['true', 'false'])),
    EMBEDDED_SNAPSHOT_MS: z.preprocess((v) => (v === undefined || v === '' ? '2000' : v), z.coerce.number().int().min(100).max(60000)),
    EMBEDDED_KEEP_SNAPSHOTS: z.preprocess((v) => (v === undefined || v === '' ? '3' : v), z.coerce.number().int().min(1).max(100)),
    EMBEDDED_JOURNAL_MAX_MB: z.preprocess((v) => (v === undefined || v === '' ? '16' : v), z.coerce.number().int().min(1).max(4096)),
    SUMMARY_CRON: z.preprocess((v) => (v === undefined || v === '' ? '0 8 * * 1' : v), z.string().trim()),
    SUMMARY_TIMEZONE: z.preprocess((v) => (v === undefined || v === '' ? STOCKHOLM : v), z.string().trim()),
    NOTIFY_SECRET: optionalString.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
    CASE_DETAILS_RETENTION_MONTHS: z.preprocess((v) => (v === undefined || v === '' ? '3' : v), z.coerce.number().int().min(0).max(120)),
    CONSENT_RETENTION_MONTHS: z.preprocess((v) => (v === undefined || v === '' ? '36' : v), z.coerce.number().int().min(0).max(240)),
    AUDIT_RETENTION_MONTHS: z.preprocess((v) => (v === undefined || v === '' ? '24' : v), z.coerce.number().int().min(1).max(240)),
    CONSENT_DEFAULT_VALID_MONTHS: z.preprocess((v) => (v === undefined || v === '' ? '12' : v), z.coerce.number().int().min(1).max(60)),
    YOUTH_CONSENT_AGE: z.preprocess((v) => (v === undefined || v === '' ? '15' : v), z.coerce.number().int().min(0).max(18)),
    PUBLIC_BASE_URL: optionalString.pipe(z.string().url().optional()),
    ICS_SIGNING_SECRET: optionalString.pipe(z.string().min(32, 'must be at least 32 characters').optional()),
    AZURE_OPENAI_ENDPOINT: optionalString.pipe(z.string().url().optional()),
    AZURE_OPENAI_DEPLOYMENT: optionalString.pipe(z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be a deployment name').optional()),
    AZURE_OPENAI_API_KEY: optionalString,
    AZURE_OPENAI_API_VERSION: z.preprocess((v) => (v === undefined || v === '' ? '2024-10-21' : v), z.string().regex(/^\d{4}-\d{2}-\d{2}(-preview)?$/, 'must be an API version such as 2024-10-21')),
    AZURE_OPENAI_MANAGED_IDENTITY_CLIENT_ID: optionalString,
    AZURE_OPENAI_TIMEOUT_MS: z.preprocess((v) => (v === undefined || v === '' ? '4000' : v), z.coerce.number().int().min(500).max(15000))
  })
  .superRefine((env, ctx) => {
    if (env.BOT_ID) {
      if (!guid.test(env.BOT_ID)) ctx.addIssue({ code: 'custom', path: ['BOT_ID'], message: 'must be the bot app id (a GUID)' });
      if (!env.BOT_TENANT_ID) ctx.addIssue({ code: 'custom', path: ['BOT_TENANT_ID'], message: 'is required when BOT_ID is set' });
      if (env.ALLOWED_TENANTS.length === 0)
        ctx.addIssue({ code: 'custom', path: ['ALLOWED_TENANTS'], message: 'is required when BOT_ID is set' });
      if (env.BOT_TYPE === 'SingleTenant' && !env.BOT_PASSWORD)
        ctx.addIssue({ code: 'custom', path: ['BOT_PASSWORD'], message: 'is required when BOT_TYPE=SingleTenant' });
    } else if (env.NODE_ENV === 'production') {
      ctx.addIssue({ code: 'custom', path: ['BOT_ID'], message: 'is required when NODE_ENV=production (local anonymous mode is refused)' });
    }
    try {
      new Cron(env.SUMMARY_CRON, { paused: true, timezone: 'UTC' }).stop();
    } catch {
      ctx.addIssue({ code: 'custom', path: ['SUMMARY_CRON'], message: `"${env.SUMMARY_CRON}" is not a cron expression` });
    }
    if (!IANAZone.isValidZone(env.SUMMARY_TIMEZONE)) {
      ctx.addIssue({ code: 'custom', path: ['SUMMARY_TIMEZONE'], message: `"${env.SUMMARY_TIMEZONE}" is not an IANA time zone` });
    }
    if (env.NODE_ENV === 'production' && !env.ICS_SIGNING_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['ICS_SIGNING_SECRET'], message: 'is required when NODE_ENV=production (it signs calendar links)' });
    }
    if (env.AZURE_OPENAI_ENDPOINT && !isAzureOpenAIEndpoint(env.AZURE_OPENAI_ENDPOINT)) {
      ctx.addIssue({
        code: 'custom',
        path: ['AZURE_OPENAI_ENDPOINT'],
        message: 'must be an Azure OpenAI endpoint, https://<resource>.openai.azure.com or https://<resource>.cognitiveservices.azure.com (no other provider)'
      });
    }
    if (env.AZURE_OPENAI_ENDPOINT && !env.AZURE_OPENAI_DEPLOYMENT)
      ctx.addIssue({ code: 'custom', path: ['AZURE_OPENAI_DEPLOYMENT'], message: 'is required when AZURE_OPENAI_ENDPOINT is set' });
    if (!env.AZURE_OPENAI_ENDPOINT) {
      for (const name of ['AZURE_OPENAI_DEPLOYMENT', 'AZURE_OPENAI_API_KEY', 'AZURE_OPENAI_MANAGED_IDENTITY_CLIENT_ID'] as const) {
        if (env[name]) ctx.addIssue({ code: 'custom', path: [name], message: 'is set but AZURE_OPENAI_ENDPOINT is not' });
      }
    }
    for (const id of env.ADMIN_AAD_IDS) {
      if (!guid.test(id)) ctx.addIssue({ code: 'custom', path: ['ADMIN_AAD_IDS'], message: `"${id}" is not an Entra object id (GUID)` });
    }
    // App Service leaves a Key Vault reference it cannot resolve as the literal text: never use that as a key.
    for (const name of ['ICS_SIGNING_SECRET', 'NOTIFY_SECRET', 'BOT_PASSWORD', 'COSMOS_KEY', 'AZURE_OPENAI_API_KEY'] as const) {
      if (env[name]?.startsWith('@Microsoft.KeyVault('))
        ctx.addIssue({ code: 'custom', path: [name], message: "is an unresolved Key Vault reference (check the vault, the secret and the identity's access)" });
    }
  });

/**
 * Whether a URL is an Azure OpenAI resource endpoint: HTTPS on `<resource>.openai.azure.com` or
 * `<resource>.cognitiveservices.azure.com`, nothing after the host. Which data zone the deployment runs
 * in cannot be read from the URL; operators must deploy it as an EU data-zone deployment (README).
 */
export function isAzureOpenAIEndpoint(endpoint: string): boolean {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' || url.username || url.password || url.search || url.hash) return false;
  if (url.port && url.port !== '443') return false;
  if (url.pathname !== '/' && url.pathname !== '') return false;
  return /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?\.(?:openai\.azure\.com|cognitiveservices\.azure\.com)$/i.test(url.hostname);
}

/** The Azure OpenAI deployment that answers free-text questions; absent = off (the deterministic router answers). */
export interface AzureOpenAIConfig {
  /** `https://<resource>.openai.azure.com`, without a trailing slash. */
  endpoint: string;
  /** The deployment name (an EU data-zone deployment). */
  deployment: string;
  /** Unset: Entra ID through managed identity (`@azure/identity`). */
  apiKey?: string;
  apiVersion: string;
  /** Client id of a user-assigned managed identity; unset = the default credential chain. */
  managedIdentityClientId?: string;
  /** Per-request timeout; after it the deterministic router answers. */
  timeoutMs: number;
}

/** Validated configuration; built once at start-up and injected everywhere. */
export interface Config {
  production: boolean;
  port: number;
  /** Interface to listen on: 127.0.0.1 in local anonymous mode unless HOST says otherwise. */
  host: string;
  logLevel: string;
  bot: {
    /** Undefined in local anonymous mode. */
    appId?: string;
    password?: string;
    tenantId?: string;
    type: 'SingleTenant' | 'UserAssignedMSI';
  };
  /** Entra tenants whose activities are accepted; empty means any (local mode only). */
  allowedTenants: string[];
  /** Entra object ids that may act as coordinator of any group (recovery). */
  adminAadIds: string[];
  cosmos: {
    /** Undefined: run the embedded Cosmos-compatible server. */
    endpoint?: string;
    key?: string;
    database: string;
    managedIdentityClientId?: string;
  };
  embedded: {
    /** Names the data: journal segments, snapshots and the lock file sit beside it (docs/storage.md). */
    dataFile: string;
    persist: boolean;
    /** Delay before an automatic compaction once the journal passed `journalMaxBytes`. */
    snapshotMs: number;
    /** Good snapshots kept by automatic compaction (retention's compaction keeps only the newest). */
    keepSnapshots: number;
    journalMaxBytes: number;
  };
  version: string;
  /** The weekly summary: when it runs inside the bot, and the secret of the external trigger. */
  summaries: {
    /** Cron expression, evaluated in `timezone` (default Monday 08:00). */
    cron: string;
    timezone: string;
    /** Shared secret of POST /api/notify/weekly; undefined: the endpoint is off (404). */
    notifySecret?: string;
  };
  /** Individual cases: retention periods (gallring), consent defaults and the log export link. */
  cases: {
    /** Months after closing before a closed case's details are deleted. */
    detailsRetentionMonths: number;
    /** Months after a consent ended (expired or revoked) before its record is deleted. */
    consentRetentionMonths: number;
    /** Months audit entries are kept. */
    auditRetentionMonths: number;
    /** Default validity of a new consent (never open-ended). */
    consentDefaultValidMonths: number;
    /** Age (current year − birth year) from which the young person's own consent is required. */
    youthConsentAge: number;
    /** Public https base of this bot, for one-time log export links; defaults to http://localhost:PORT. */
    publicBaseUrl: string;
  };
  meetings: {
    /** Base of links the bot hands out (calendar files), e.g. `https://trygg.example.se`. */
    publicBaseUrl: string;
    /** HMAC key of calendar-link tokens; unset only in local mode (a random one per start). */
    icsSigningSecret?: string;
  };
  /** Free-text questions through the Teams AI planner; undefined = off. */
  azureOpenAI?: AzureOpenAIConfig;
}

/** Thrown with one line per bad variable, each naming it. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Validates the environment and returns the configuration, or throws a ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv, version = '0.0.0'): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(env)'} ${i.message}`));
  }
  const e = parsed.data;
  return {
    production: e.NODE_ENV === 'production',
    port: e.PORT,
    // Local anonymous mode answers anyone who can reach it: loopback only unless HOST says otherwise.
    // App Service (infra/modules/web.bicep) sets HOST=0.0.0.0 itself.
    host: e.HOST ?? (e.BOT_ID ? '0.0.0.0' : '127.0.0.1'),
    logLevel: e.LOG_LEVEL,
    bot: { appId: e.BOT_ID, password: e.BOT_PASSWORD, tenantId: e.BOT_TENANT_ID, type: e.BOT_TYPE },
    allowedTenants: e.ALLOWED_TENANTS,
    adminAadIds: e.ADMIN_AAD_IDS.map((id) => id.toLowerCase()),
    cosmos: {
      endpoint: e.COSMOS_ENDPOINT,
      key: e.COSMOS_KEY,
      database: e.COSMOS_DATABASE,
      managedIdentityClientId: e.COSMOS_MANAGED_IDENTITY_CLIENT_ID
    },
    embedded: {
      dataFile: e.EMBEDDED_DATA_FILE,
      persist: e.EMBEDDED_PERSIST === 'true',
      snapshotMs: e.EMBEDDED_SNAPSHOT_MS,
      keepSnapshots: e.EMBEDDED_KEEP_SNAPSHOTS,
      journalMaxBytes: e.EMBEDDED_JOURNAL_MAX_MB * 1024 * 1024
    },
    version,
    summaries: { cron: e.SUMMARY_CRON, timezone: e.SUMMARY_TIMEZONE, notifySecret: e.NOTIFY_SECRET },
    cases: {
      detailsRetentionMonths: e.CASE_DETAILS_RETENTION_MONTHS,
      consentRetentionMonths: e.CONSENT_RETENTION_MONTHS,
      auditRetentionMonths: e.AUDIT_RETENTION_MONTHS,
      consentDefaultValidMonths: e.CONSENT_DEFAULT_VALID_MONTHS,
      youthConsentAge: e.YOUTH_CONSENT_AGE,
      publicBaseUrl: (e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '')
    },
    meetings: {
      publicBaseUrl: (e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
      icsSigningSecret: e.ICS_SIGNING_SECRET
    },
    azureOpenAI:
      e.AZURE_OPENAI_ENDPOINT && e.AZURE_OPENAI_DEPLOYMENT
        ? {
            endpoint: e.AZURE_OPENAI_ENDPOINT.replace(/\/+$/, ''),
            deployment: e.AZURE_OPENAI_DEPLOYMENT,
            apiKey: e.AZURE_OPENAI_API_KEY,
            apiVersion: e.AZURE_OPENAI_API_VERSION,
            managedIdentityClientId: e.AZURE_OPENAI_MANAGED_IDENTITY_CLIENT_ID,
            timeoutMs: e.AZURE_OPENAI_TIMEOUT_MS
          }
        : undefined
  };
}
