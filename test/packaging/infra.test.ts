import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../src/config';
import { REPO_ROOT } from '../../src/paths';
import { CONTAINERS } from '../../src/store/containers';

/**
 * Checks infra/ (Bicep) against the code. No Bicep compiler or Azure CLI runs offline, so the test
 * reads the .bicep text: the container list, the app settings and the key properties.
 */
const infra = (file: string) => readFileSync(join(REPO_ROOT, 'infra', file), 'utf8');
const main = infra('azure.bicep');
const web = infra('modules/web.bicep');
const cosmos = infra('modules/cosmos.bicep');
const bot = infra('modules/bot.bicep');

/** `{ name: 'x', partitionKey: '/y' }` entries of the container variables in azure.bicep. */
function declaredContainers(): Map<string, string> {
  const found = new Map<string, string>();
  for (const m of main.matchAll(/\{\s*name:\s*'([^']+)',\s*partitionKey:\s*'([^']+)'\s*\}/g)) found.set(m[1], m[2]);
  return found;
}

/** `{ name: 'X', value: expr }` app settings of the web app, expression text as written. */
function appSettings(): Map<string, string> {
  const block = web.slice(web.indexOf('appSettings: ['));
  const settings = new Map<string, string>();
  for (const m of block.slice(0, block.indexOf('\n      ]')).matchAll(/\{\s*name:\s*'([^']+)',\s*value:\s*([^}]+?)\s*\}/g)) settings.set(m[1], m[2]);
  return settings;
}

/** What the deployed app would see: literals as written, parameters and outputs as typical values. */
function deployedEnv(): Record<string, string> {
  const sample: Record<string, string> = {
    identityClientId: '6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b',
    'tenant().tenantId': '7d0c6f44-5a8e-4f1e-9b3a-2c1d0e9f8a70',
    allowedTenants: '7d0c6f44-5a8e-4f1e-9b3a-2c1d0e9f8a70',
    adminAadIds: '',
    cosmosEndpoint: 'https://trygg-kungalv-cosmos.documents.azure.com:443/',
    cosmosDatabaseName: 'trygg',
    appInsightsConnectionString: 'InstrumentationKey=00000000-0000-0000-0000-000000000000'
  };
  const env: Record<string, string> = {};
  for (const [name, expr] of appSettings()) {
    const literal = /^'(.*)'$/.exec(expr);
    if (literal) env[name] = literal[1];
    else if (expr in sample) env[name] = sample[expr];
    else throw new Error(`app setting ${name} = ${expr}: add a sample value for this expression to the test`);
  }
  return env;
}

describe('infra/ against the code', () => {
  it('declares every container of CONTAINERS with the same partition key, plus the audit container', () => {
    const declared = declaredContainers();
    const mismatches = CONTAINERS.filter((c) => declared.get(c.id) !== c.partitionKey).map((c) => `${c.id} ${c.partitionKey} (Bicep: ${declared.get(c.id) ?? 'missing'})`);
    expect(mismatches).toEqual([]);
    expect(declared.has('audit')).toBe(true);
    // A wrong key would fail: the parser sees what is there.
    expect(declared.get('members')).toBe('/groupId');
  });

  it('the app settings are a valid production configuration for src/config.ts', () => {
    const env = deployedEnv();
    const config = loadConfig(env);
    expect(config.production).toBe(true);
    expect(config.bot).toMatchObject({ type: 'UserAssignedMSI', appId: expect.any(String), tenantId: expect.any(String) });
    expect(config.allowedTenants.length).toBeGreaterThan(0);
    expect(config.cosmos).toMatchObject({ endpoint: expect.stringMatching(/^https:/), database: 'trygg', managedIdentityClientId: expect.any(String) });
    expect(config.cosmos.key).toBeUndefined();
    // Dropping any variable the config requires in production makes the check above fail.
    for (const name of ['BOT_ID', 'BOT_TENANT_ID', 'ALLOWED_TENANTS']) {
      const { [name]: _dropped, ...rest } = env;
      expect(() => loadConfig(rest)).toThrow(name);
    }
  });

  it('sets every variable production depends on, and no secret', () => {
    const names = [...appSettings().keys()];
    expect(names).toEqual(
      expect.arrayContaining(['NODE_ENV', 'BOT_ID', 'BOT_TENANT_ID', 'BOT_TYPE', 'ALLOWED_TENANTS', 'COSMOS_ENDPOINT', 'COSMOS_DATABASE', 'COSMOS_MANAGED_IDENTITY_CLIENT_ID'])
    );
    expect(names.filter((n) => /PASSWORD|SECRET|_KEY$|^COSMOS_KEY$/.test(n))).toEqual([]);
    expect(appSettings().get('BOT_TYPE')).toBe("'UserAssignedMSI'");
    expect(appSettings().get('NODE_ENV')).toBe("'production'");
  });

  it('outputs map to the env variables and package inputs', () => {
    for (const name of ['BOT_ID', 'BOT_TENANT_ID', 'BOT_DOMAIN', 'ALLOWED_TENANTS', 'COSMOS_ENDPOINT', 'COSMOS_DATABASE', 'COSMOS_MANAGED_IDENTITY_CLIENT_ID']) {
      expect(main).toMatch(new RegExp(`^output ${name} string =`, 'm'));
    }
  });

  it('hosting, bot and Cosmos have the required properties', () => {
    for (const p of [/linuxFxVersion: 'NODE\|22-lts'/, /httpsOnly: true/, /alwaysOn: true/, /ftpsState: 'Disabled'/, /name: 'WEBSITE_RUN_FROM_PACKAGE', value: '1'/, /tag: 'ServiceTag', ipAddress: 'AzureBotService'/]) {
      expect(web).toMatch(p);
    }
    expect(bot).toMatch(/msaAppType: 'UserAssignedMSI'/);
    expect(bot).toMatch(/name: 'MsTeamsChannel'/);
    for (const p of [/disableLocalAuth: true/, /name: 'EnableServerless'/, /type: 'Continuous'/, /groupIds: \['Sql'\]/]) expect(cosmos).toMatch(p);
    expect(main).toMatch(/'Microsoft\.ManagedIdentity\/userAssignedIdentities@/);
    expect(infra('modules/monitoring.bicep')).toMatch(/'Microsoft\.Insights\/components@/);
  });

  it('the audit role may create and read, never replace, upsert or delete', () => {
    const role = cosmos.slice(cosmos.indexOf("resource auditWriter"), cosmos.indexOf('resource auditAccess'));
    const actions = [...role.matchAll(/'(Microsoft\.DocumentDB\/[^']+)'/g)].map((m) => m[1]);
    expect(actions).toEqual(expect.arrayContaining(['Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers/items/create', 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers/items/read']));
    expect(actions.filter((a) => /replace|upsert|delete|\*/.test(a))).toEqual([]);
    // The working containers' contributor role is not assigned on the audit container.
    expect(cosmos).toMatch(/\[for \(c, i\) in workingContainers:/);
    expect(main.slice(main.indexOf('var workingContainers'), main.indexOf('var auditContainer'))).not.toMatch(/'audit'/);
  });
});
