import { ConfigError, loadConfig } from '../../src/config';

const BOT = { BOT_ID: '11111111-2222-4333-8444-555555555555', BOT_PASSWORD: 'pw', BOT_TENANT_ID: 't', ALLOWED_TENANTS: 't' };

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('loadConfig', () => {
  it('defaults to port 3978, the embedded store and local anonymous mode', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3978);
    expect(c.cosmos.endpoint).toBeUndefined();
    expect(c.bot.appId).toBeUndefined();
    expect(c.embedded).toEqual({ dataFile: '.data/cosmos.json', persist: true, snapshotMs: 2000, keepSnapshots: 3, journalMaxBytes: 16 * 1024 * 1024 });
  });

  it('treats empty variables as unset', () => {
    const c = loadConfig({ PORT: '', BOT_ID: '', COSMOS_ENDPOINT: '  ' });
    expect(c.port).toBe(3978);
    expect(c.bot.appId).toBeUndefined();
    expect(c.cosmos.endpoint).toBeUndefined();
  });

  it('names every bad or missing variable', () => {
    expect(problems({ PORT: 'abc' }).join()).toMatch(/^PORT/);
    expect(problems({ BOT_ID: 'not-a-guid', BOT_PASSWORD: 'x' }).join('\n')).toMatch(/BOT_ID must be the bot app id[\s\S]*BOT_TENANT_ID is required[\s\S]*ALLOWED_TENANTS is required/);
    expect(problems({ ...BOT, BOT_PASSWORD: '' })).toEqual(['BOT_PASSWORD is required when BOT_TYPE=SingleTenant']);
    expect(problems({ ...BOT, BOT_TYPE: 'MultiTenant' }).join()).toMatch(/^BOT_TYPE/);
    expect(problems({ COSMOS_ENDPOINT: 'not a url' }).join()).toMatch(/^COSMOS_ENDPOINT/);
    expect(problems({ ADMIN_AAD_IDS: 'anna' }).join()).toMatch(/ADMIN_AAD_IDS "anna" is not an Entra object id/);
  });

  it('refuses local anonymous mode in production', () => {
    expect(problems({ NODE_ENV: 'production', ICS_SIGNING_SECRET: 'x'.repeat(32) })).toEqual(['BOT_ID is required when NODE_ENV=production (local anonymous mode is refused)']);
    expect(problems({ NODE_ENV: 'production', ...BOT, ICS_SIGNING_SECRET: 'x'.repeat(32) })).toEqual([]);
  });

  it('requires a calendar-link signing secret of at least 32 characters in production, and defaults the public base URL', () => {
    expect(problems({ NODE_ENV: 'production', ...BOT })).toEqual(['ICS_SIGNING_SECRET is required when NODE_ENV=production (it signs calendar links)']);
    expect(problems({ ICS_SIGNING_SECRET: 'short' }).join()).toMatch(/^ICS_SIGNING_SECRET must be at least 32/);
    expect(problems({ PUBLIC_BASE_URL: 'not a url' }).join()).toMatch(/^PUBLIC_BASE_URL/);
    // App Service passes a Key Vault reference it could not resolve through as text: refused, not used as the key.
    const unresolved = '@Microsoft.KeyVault(VaultName=tryggkungalvkv;SecretName=ics-signing-secret)';
    expect(problems({ NODE_ENV: 'production', ...BOT, ICS_SIGNING_SECRET: unresolved })).toEqual([
      "ICS_SIGNING_SECRET is an unresolved Key Vault reference (check the vault, the secret and the identity's access)"
    ]);
    expect(loadConfig({ PORT: '4000' }).meetings).toEqual({ publicBaseUrl: 'http://localhost:4000', icsSigningSecret: undefined });
    expect(loadConfig({ PUBLIC_BASE_URL: 'https://trygg.example.se/' }).meetings.publicBaseUrl).toBe('https://trygg.example.se');
  });

  it('accepts a user-assigned managed identity without a password', () => {
    const c = loadConfig({ ...BOT, BOT_PASSWORD: '', BOT_TYPE: 'UserAssignedMSI', ALLOWED_TENANTS: 't, u' });
    expect(c.bot.type).toBe('UserAssignedMSI');
    expect(c.allowedTenants).toEqual(['t', 'u']);
  });

  it('keeps the language model off without Azure OpenAI settings', () => {
    expect(loadConfig({}).azureOpenAI).toBeUndefined();
    expect(loadConfig({ AZURE_OPENAI_ENDPOINT: '', AZURE_OPENAI_DEPLOYMENT: '' }).azureOpenAI).toBeUndefined();
  });

  it('reads an Azure OpenAI deployment, with defaults for API version and timeout', () => {
    const c = loadConfig({ AZURE_OPENAI_ENDPOINT: 'https://trygg-eu.openai.azure.com/', AZURE_OPENAI_DEPLOYMENT: 'gpt-4o-eu' });
    expect(c.azureOpenAI).toEqual({
      endpoint: 'https://trygg-eu.openai.azure.com',
      deployment: 'gpt-4o-eu',
      apiKey: undefined,
      apiVersion: '2024-10-21',
      managedIdentityClientId: undefined,
      timeoutMs: 4000
    });
    const k = loadConfig({
      AZURE_OPENAI_ENDPOINT: 'https://trygg-eu.cognitiveservices.azure.com',
      AZURE_OPENAI_DEPLOYMENT: 'gpt-4o-eu',
      AZURE_OPENAI_API_KEY: 'k',
      AZURE_OPENAI_TIMEOUT_MS: '2500'
    });
    expect(k.azureOpenAI).toMatchObject({ apiKey: 'k', timeoutMs: 2500 });
  });

  it.each([
    ['another provider', 'https://api.openai.com/v1'],
    ['plain HTTP', 'http://trygg-eu.openai.azure.com'],
    ['a look-alike host', 'https://trygg-eu.openai.azure.com.evil.example'],
    ['a path after the host', 'https://trygg-eu.openai.azure.com/openai/deployments/x'],
    ['credentials in the URL', 'https://user:pw@trygg-eu.openai.azure.com']
  ])('refuses an endpoint that is %s', (_what, endpoint) => {
    expect(problems({ AZURE_OPENAI_ENDPOINT: endpoint, AZURE_OPENAI_DEPLOYMENT: 'gpt-4o-eu' }).join()).toMatch(/^AZURE_OPENAI_ENDPOINT must be an Azure OpenAI endpoint/);
  });

  it('names incomplete Azure OpenAI settings', () => {
    expect(problems({ AZURE_OPENAI_ENDPOINT: 'https://trygg-eu.openai.azure.com' })).toEqual(['AZURE_OPENAI_DEPLOYMENT is required when AZURE_OPENAI_ENDPOINT is set']);
    expect(problems({ AZURE_OPENAI_DEPLOYMENT: 'gpt-4o-eu', AZURE_OPENAI_API_KEY: 'k' })).toEqual([
      'AZURE_OPENAI_DEPLOYMENT is set but AZURE_OPENAI_ENDPOINT is not',
      'AZURE_OPENAI_API_KEY is set but AZURE_OPENAI_ENDPOINT is not'
    ]);
    expect(problems({ AZURE_OPENAI_ENDPOINT: 'https://trygg-eu.openai.azure.com', AZURE_OPENAI_DEPLOYMENT: 'x', AZURE_OPENAI_TIMEOUT_MS: '60000' }).join()).toMatch(/^AZURE_OPENAI_TIMEOUT_MS/);
    expect(problems({ AZURE_OPENAI_ENDPOINT: 'https://trygg-eu.openai.azure.com', AZURE_OPENAI_DEPLOYMENT: 'x', AZURE_OPENAI_API_VERSION: 'latest' }).join()).toMatch(/^AZURE_OPENAI_API_VERSION/);
  });
});

describe('weekly summary configuration', () => {
  it('defaults to Monday 08:00 Europe/Stockholm with the notify endpoint off', () => {
    expect(loadConfig({}).summaries).toEqual({ cron: '0 8 * * 1', timezone: 'Europe/Stockholm', notifySecret: undefined, smallNumberThreshold: 3, notable: { min: 3, percent: 50 } });
  });

  it('names a bad cron expression, time zone or a short secret', () => {
    expect(() => loadConfig({ SUMMARY_CRON: 'every monday' })).toThrow(/SUMMARY_CRON/);
    expect(() => loadConfig({ SUMMARY_TIMEZONE: 'Mars/Olympus' })).toThrow(/SUMMARY_TIMEZONE/);
    expect(() => loadConfig({ NOTIFY_SECRET: 'short' })).toThrow(/NOTIFY_SECRET/);
    expect(loadConfig({ SUMMARY_CRON: '30 7 * * 1', NOTIFY_SECRET: 'x'.repeat(32) }).summaries).toMatchObject({ cron: '30 7 * * 1', notifySecret: 'x'.repeat(32) });
  });
});
