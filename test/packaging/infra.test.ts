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

/** `{ name: 'X', value: expr }` app settings of the web app (every list of the `concat`), expression text as written. */
function appSettings(): Map<string, string> {
  const block = web.slice(web.indexOf('appSettings: concat(['));
  const settings = new Map<string, string>();
  for (const m of block.slice(0, block.indexOf('\n      ])')).matchAll(/\{\s*name:\s*'([^']+)',\s*value:\s*([^}]+?)\s*\}/g)) settings.set(m[1], m[2]);
  return settings;
}

/** Names that hold a secret: they may reach the app only as Key Vault references. */
const SECRET_NAME = /PASSWORD|SECRET|_KEY$|^COSMOS_KEY$/;

/** What the deployed app would see: literals as written, parameters and outputs as typical values. */
function deployedEnv(): Record<string, string> {
  const sample: Record<string, string> = {
    identityClientId: '6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b',
    'tenant().tenantId': '7d0c6f44-5a8e-4f1e-9b3a-2c1d0e9f8a70',
    allowedTenants: '7d0c6f44-5a8e-4f1e-9b3a-2c1d0e9f8a70',
    adminAadIds: '',
    cosmosEndpoint: 'https://trygg-kungalv-cosmos.documents.azure.com:443/',
    cosmosDatabaseName: 'trygg',
    appInsightsConnectionString: 'InstrumentationKey=00000000-0000-0000-0000-000000000000',
    'string(auditRetentionMonths)': '24',
    publicBaseUrl: 'https://trygg-kungalv-web.azurewebsites.net',
    // What App Service puts in the environment after resolving the Key Vault references.
    icsSigningSecretReference: 'q7Vb3kR9xL2mN8pT4wY6zA1cE5gH0jK3sD7fG2hJ9kL4',
    notifySecretReference: 'n4Tq8wE2rY6uI0oP3aS7dF1gH5jK9lZx'
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
  it('declares every container of CONTAINERS with the same partition key, and no other', () => {
    const declared = declaredContainers();
    const mismatches = CONTAINERS.filter((c) => declared.get(c.id) !== c.partitionKey).map((c) => `${c.id} ${c.partitionKey} (Bicep: ${declared.get(c.id) ?? 'missing'})`);
    expect(mismatches).toEqual([]);
    const ids: string[] = CONTAINERS.map((c) => c.id);
    expect([...declared.keys()].filter((name) => !ids.includes(name))).toEqual([]);
    // A wrong key would fail: the parser sees what is there.
    expect(declared.get('members')).toBe('/groupId');
    expect(declared.get('promises')).toBe('/municipalityKey');
    // The audit trails (case, group, security log) are declared on their own, for the create+read role.
    const audit = main.slice(main.indexOf('var auditContainers = ['), main.indexOf(']', main.indexOf('var auditContainers = [')));
    expect([...audit.matchAll(/name: '([^']+)'/g)].map((m) => m[1])).toEqual(['case-audit', 'group-audit', 'security-log']);
    expect(declared.get('security-log')).toBe('/tenantId');
  });

  it('the app settings are a valid production configuration for src/config.ts', () => {
    const env = deployedEnv();
    const config = loadConfig(env);
    expect(config.production).toBe(true);
    expect(config.bot).toMatchObject({ type: 'UserAssignedMSI', appId: expect.any(String), tenantId: expect.any(String) });
    expect(config.allowedTenants.length).toBeGreaterThan(0);
    expect(config.cosmos).toMatchObject({ endpoint: expect.stringMatching(/^https:/), database: 'trygg', managedIdentityClientId: expect.any(String) });
    expect(config.cosmos.key).toBeUndefined();
    expect(config.meetings).toMatchObject({ publicBaseUrl: 'https://trygg-kungalv-web.azurewebsites.net', icsSigningSecret: expect.any(String) });
    expect(config.cases.publicBaseUrl).toMatch(/^https:/);
    expect(config.summaries.notifySecret).toEqual(expect.any(String));
    // Dropping any variable the config requires in production makes the check above fail.
    for (const name of ['BOT_ID', 'BOT_TENANT_ID', 'ALLOWED_TENANTS', 'ICS_SIGNING_SECRET']) {
      const { [name]: _dropped, ...rest } = env;
      expect(() => loadConfig(rest)).toThrow(name);
    }
  });

  it('sets every variable production depends on; secrets only as Key Vault references', () => {
    const settings = appSettings();
    const names = [...settings.keys()];
    expect(names).toEqual(
      expect.arrayContaining([
        'NODE_ENV', 'BOT_ID', 'BOT_TENANT_ID', 'BOT_TYPE', 'ALLOWED_TENANTS', 'COSMOS_ENDPOINT', 'COSMOS_DATABASE', 'COSMOS_MANAGED_IDENTITY_CLIENT_ID',
        'PUBLIC_BASE_URL', 'ICS_SIGNING_SECRET', 'NOTIFY_SECRET', 'AUDIT_RETENTION_MONTHS'
      ])
    );
    expect(names).not.toContain('COSMOS_KEY');
    expect(names).not.toContain('BOT_PASSWORD');
    expect(settings.get('BOT_TYPE')).toBe("'UserAssignedMSI'");
    expect(settings.get('NODE_ENV')).toBe("'production'");
    // Every secret's value is a web-module parameter filled from the Key Vault module's reference output.
    const secrets = names.filter((n) => SECRET_NAME.test(n));
    expect(secrets.sort()).toEqual(['ICS_SIGNING_SECRET', 'NOTIFY_SECRET']);
    for (const name of secrets) {
      const param = settings.get(name)!;
      expect(param).toMatch(/^[a-zA-Z]+Reference$/);
      expect(main).toMatch(new RegExp(`^    ${param}: (enableNotifyEndpoint \\? )?keyVault\\.outputs\\.${param}`, 'm'));
      expect(infra('modules/keyvault.bicep')).toMatch(new RegExp(`^output ${param} string = '@Microsoft\\.KeyVault\\(VaultName=\\$\\{vault\\.name\\};SecretName=[a-z-]+\\)'$`, 'm'));
    }
    // The secret values themselves are @secure() parameters, never in the committed parameters file.
    for (const p of ['icsSigningSecret', 'notifySecret']) expect(main).toMatch(new RegExp(`@secure\\(\\)\\n@description\\([^\\n]*\\)\\nparam ${p} string = ''`));
    const parameters = JSON.parse(infra('azure.parameters.json')) as { parameters: Record<string, unknown> };
    expect(Object.keys(parameters.parameters).filter((n) => /secret|password|key$/i.test(n))).toEqual([]);
  });

  it('both audit containers expire entries themselves (the app may not delete them), after AUDIT_RETENTION_MONTHS', () => {
    expect(cosmos).toMatch(/\[for c in concat\(workingContainers, auditContainers\): \{/);
    expect(cosmos).toMatch(/^var auditNames = \[for c in auditContainers: c\.name\]$/m);
    expect(cosmos).toMatch(/defaultTtl: contains\(auditNames, c\.name\) \? auditTtlSeconds : null/);
    expect(main).toMatch(/^    auditContainers: auditContainers$/m);
    expect(main).toMatch(/auditTtlSeconds: auditRetentionMonths \* 31 \* 24 \* 3600/);
    expect(appSettings().get('AUDIT_RETENTION_MONTHS')).toBe('string(auditRetentionMonths)');
  });

  it('outputs map to the env variables and package inputs', () => {
    for (const name of ['BOT_ID', 'BOT_TENANT_ID', 'BOT_DOMAIN', 'ALLOWED_TENANTS', 'COSMOS_ENDPOINT', 'COSMOS_DATABASE', 'COSMOS_MANAGED_IDENTITY_CLIENT_ID', 'PUBLIC_BASE_URL']) {
      expect(main).toMatch(new RegExp(`^output ${name} string =`, 'm'));
    }
  });

  it('hosting, bot and Cosmos have the required properties', () => {
    for (const p of [/linuxFxVersion: 'NODE\|22-lts'/, /httpsOnly: true/, /alwaysOn: true/, /ftpsState: 'Disabled'/, /name: 'WEBSITE_RUN_FROM_PACKAGE', value: '1'/]) {
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
    const working = main.slice(main.indexOf('var workingContainers'), main.indexOf('var auditContainers'));
    expect(working).not.toMatch(/'case-audit'/);
    expect(working).not.toMatch(/'group-audit'/);
    expect(working).not.toMatch(/'security-log'/);
    // The create+read role covers, and is assigned on, every audit container.
    expect(cosmos).toMatch(/assignableScopes: \[for c in auditContainers: '\$\{account\.id\}\/dbs\/\$\{databaseName\}\/colls\/\$\{c\.name\}'\]/);
    const assignment = cosmos.slice(cosmos.indexOf('resource auditAccess'), cosmos.indexOf('resource privateEndpoint'));
    expect(assignment).toMatch(/= \[for c in auditContainers: \{/);
    expect(assignment).toMatch(/roleDefinitionId: auditWriter\.id/);
    expect(assignment).toMatch(/scope: '\$\{account\.id\}\/dbs\/\$\{databaseName\}\/colls\/\$\{c\.name\}'/);
  });

  it('leaves the site reachable for calendar and log-export links: no site-wide IP restriction that would block them', () => {
    // Access restrictions cannot be scoped to /api/messages; a Deny default would lock people out of the
    // .ics and CSV links. The bot endpoint relies on Bot Framework token validation instead (see below).
    for (const file of [main, web, infra('azure.parameters.json')]) expect(file).not.toMatch(/restrictToBotService|ipSecurityRestrictions:|AzureBotService'/);
    expect(web).toMatch(/^      ipSecurityRestrictionsDefaultAction: 'Allow'$/m);
    expect(deployedEnv()).toMatchObject({ BOT_ID: expect.any(String), ALLOWED_TENANTS: expect.any(String) });
    expect(readFileSync(join(REPO_ROOT, 'docs', 'operations.md'), 'utf8')).toMatch(/token validation/);
  });

  it('keeps Key Vault purge protection, and a name suffix lets a recreated resource group choose a new vault name', () => {
    const kv = infra('modules/keyvault.bicep');
    expect(kv).toMatch(/enablePurgeProtection: true/);
    expect(kv).toMatch(/enableSoftDelete: true/);
    expect(main).toMatch(/@maxLength\(4\)\n@description\([^\n]*\)\nparam keyVaultNameSuffix string = ''/);
    expect(main).toMatch(/^    nameSuffix: keyVaultNameSuffix$/m);
    // Key Vault names: 3-24 characters, letters, digits and hyphens. The longest base and suffix still fit,
    // and the suffix is part of the name (so a new suffix is a new name).
    const m = /^  name: '\$\{take\(replace\(resourceBaseName, '-', ''\), (\d+)\)\}kv\$\{take\(uniqueString\(resourceGroup\(\)\.id\), (\d+)\)\}\$\{nameSuffix\}'$/m.exec(kv);
    expect(m).not.toBeNull();
    expect(Number(m![1]) + 2 + Number(m![2]) + 4).toBeLessThanOrEqual(24);
    const ops = readFileSync(join(REPO_ROOT, 'docs', 'operations.md'), 'utf8');
    expect(ops).toMatch(/az keyvault recover --name/);
    expect(ops).toMatch(/keyVaultNameSuffix/);
  });

  it('listens on every interface on App Service (the app defaults to loopback without BOT_ID)', () => {
    expect(appSettings().get('HOST')).toBe("'0.0.0.0'");
    expect(loadConfig(deployedEnv()).host).toBe('0.0.0.0');
  });

  it('docs/operations.md explains every parameter of azure.bicep, and nothing that is gone', () => {
    const ops = readFileSync(join(REPO_ROOT, 'docs', 'operations.md'), 'utf8');
    const params = [...main.matchAll(/^param (\w+) /gm)].map((m) => m[1]);
    expect(params.length).toBeGreaterThan(10);
    const documented = [...ops.matchAll(/^\| `(\w+)` \|/gm)].map((m) => m[1]);
    expect(params.filter((p) => !documented.includes(p))).toEqual([]);
    expect(documented.filter((d) => !params.includes(d))).toEqual([]);
    const file = JSON.parse(infra('azure.parameters.json')) as { parameters: Record<string, unknown> };
    expect(Object.keys(file.parameters).filter((p) => !params.includes(p))).toEqual([]);
    for (const step of [/az bicep build -f infra\/azure\.bicep/, /az deployment group what-if -g/, /### Rollback/]) expect(ops).toMatch(step);
  });
});

