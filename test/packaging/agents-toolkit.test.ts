import Ajv from 'ajv';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from '../../src/paths';

/**
 * The Microsoft 365 Agents Toolkit project (m365agents.yml, m365agents.playground.yml, env/): each file
 * validates against the Toolkit's own schema for its `version:` (vendored in appPackage/schema/), every
 * `${{VAR}}` it or a file it hands to an action uses is defined before use, and every path exists.
 */
interface Action {
  uses: string;
  name?: string;
  with?: Record<string, unknown>;
  writeToEnvironmentFile?: Record<string, string>;
}
interface ToolkitFile {
  version: string;
  environmentFolderPath?: string;
  provision?: Action[];
  deploy?: Action[];
  publish?: Action[];
}

const FILES: Array<{ file: string; envs: string[] }> = [
  { file: 'm365agents.yml', envs: ['.env.dev'] },
  { file: 'm365agents.playground.yml', envs: ['.env.playground'] }
];
const PLACEHOLDER = /\$\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;
/** Set by the Toolkit itself for every run. */
const BUILT_IN = ['TEAMSFX_ENV'];

const read = (file: string) => readFileSync(join(REPO_ROOT, file), 'utf8');
const load = (file: string) => parse(read(file)) as ToolkitFile;

function validator(version: string) {
  const file = join(REPO_ROOT, 'appPackage', 'schema', `m365agents.${version}.yaml.schema.json`);
  if (!existsSync(file)) throw new Error(`no vendored Agents Toolkit schema for version ${version} (${file})`);
  const ajv = new Ajv({ strict: false, allErrors: true });
  return ajv.compile(JSON.parse(readFileSync(file, 'utf8')));
}

/** NAME=value lines of an env file (comments and blank lines skipped). */
function envNames(file: string): string[] {
  return read(file)
    .split('\n')
    .map((l) => /^([A-Z0-9_]+)=/.exec(l.trim())?.[1])
    .filter((n): n is string => n !== undefined);
}

function placeholders(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1]);
}

/** The names an action writes into the environment for the actions after it. */
function written(action: Action): string[] {
  const names = Object.values(action.writeToEnvironmentFile ?? {});
  if (action.uses === 'arm/deploy') {
    // Bicep outputs become variables of the same (upper snake case) name.
    for (const t of (action.with?.templates as Array<{ path: string }>) ?? []) names.push(...[...read(t.path).matchAll(/^output ([A-Z0-9_]+) /gm)].map((m) => m[1]));
  }
  if (action.uses === 'script') {
    // `node scripts/toolkit-secret.js NAME` prints ::set-teamsfx-env NAME=…
    const m = /^node scripts\/toolkit-secret\.js (SECRET_[A-Z0-9_]+)$/.exec(String(action.with?.run));
    if (m) names.push(m[1]);
  }
  return names;
}

/** Files an action reads, relative to the project root. */
function referencedFiles(action: Action): string[] {
  const w = action.with ?? {};
  const files: string[] = [];
  for (const key of ['manifestPath', 'artifactFolder', 'ignoreFile', 'appPackagePath']) if (typeof w[key] === 'string') files.push(w[key] as string);
  for (const t of (w.templates as Array<{ path: string; parameters?: string }>) ?? []) files.push(t.path, ...(t.parameters ? [t.parameters] : []));
  return files;
}

/** Paths under the git-ignored build folders. */
function isBuildOutput(path: string): boolean {
  return /^\.\/(build|appPackage\/build)\//.test(path);
}

/** What an action builds for the actions after it (the paths the two npm scripts write, checked below). */
function produced(action: Action): string[] {
  if (action.uses === 'cli/runNpmCommand' && action.with?.args === 'run bundle') return ['./build/app'];
  if (action.uses === 'script' && action.with?.run === 'npm run package') return ['./appPackage/build/trygg.zip'];
  return [];
}

/** The files whose ${{VAR}} placeholders the Toolkit expands from the environment (the action's own inputs). */
function expandedFiles(action: Action): string[] {
  const w = action.with ?? {};
  if (action.uses === 'teamsApp/validateManifest') return [w.manifestPath as string];
  if (action.uses === 'arm/deploy') return ((w.templates as Array<{ parameters?: string }>) ?? []).flatMap((t) => (t.parameters ? [t.parameters] : []));
  return [];
}

/** Every use of an undefined variable and every missing file in `doc`, in action order. */
function problemsOf(doc: ToolkitFile, envs: string[]): string[] {
  const defined = new Set([...BUILT_IN, ...envs.flatMap((e) => envNames(join(doc.environmentFolderPath ?? './env', e)))]);
  const problems: string[] = [];
  const made = new Set<string>();
  for (const stage of ['provision', 'deploy', 'publish'] as const) {
    for (const action of doc[stage] ?? []) {
      const used = [...placeholders(JSON.stringify(action.with ?? {})), ...expandedFiles(action).flatMap((f) => (existsSync(join(REPO_ROOT, f)) ? placeholders(read(f)) : []))];
      for (const name of used) if (!defined.has(name)) problems.push(`${stage} ${action.name ?? action.uses}: \${{${name}}} is not defined before it`);
      // Build outputs (git-ignored) must come from an earlier action, whatever a previous local run left on disk.
      for (const f of referencedFiles(action)) if (isBuildOutput(f) ? !made.has(f) : !existsSync(join(REPO_ROOT, f))) problems.push(`${stage} ${action.name ?? action.uses}: ${f} does not exist`);
      for (const name of written(action)) defined.add(name);
      for (const f of produced(action)) made.add(f);
    }
  }
  return problems;
}

describe('Agents Toolkit project', () => {
  it.each(FILES)('$file validates against the vendored schema of its version', ({ file }) => {
    const doc = load(file);
    expect(doc.version).toMatch(/^v\d+\.\d+$/);
    const validate = validator(doc.version);
    const valid = validate(doc);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    // The editor hint names the same schema version.
    expect(read(file).split('\n')[0]).toBe(`# yaml-language-server: $schema=https://aka.ms/m365-agents-toolkits/${doc.version}/yaml.schema.json`);
  });

  it('the schema check catches a broken file (so the test above can fail)', () => {
    const doc = load('m365agents.yml');
    const validate = validator(doc.version);
    const typo = structuredClone(doc);
    typo.provision![0].uses = 'teamsApp/creat';
    expect(validate(typo)).toBe(false);
    const missing = structuredClone(doc);
    delete missing.deploy!.find((a) => a.uses === 'azureAppService/zipDeploy')!.with!.resourceId;
    expect(validate(missing)).toBe(false);
  });

  it.each(FILES)('$file uses every ${{VAR}} only after an env template or an earlier action defines it, and every file exists', ({ file, envs }) => {
    expect(problemsOf(load(file), envs)).toEqual([]);
  });

  it('the definition check catches a use before definition, an undefined variable and a missing file', () => {
    const doc = load('m365agents.yml');
    const reordered = structuredClone(doc);
    reordered.provision!.reverse();
    expect(problemsOf(reordered, ['.env.dev'])).toEqual([
      'provision teamsApp/update: ./appPackage/build/trygg.zip does not exist',
      'provision teamsApp/validateAppPackage: ./appPackage/build/trygg.zip does not exist',
      'provision arm/deploy: ${{SECRET_ICS_SIGNING_SECRET}} is not defined before it'
    ]);
    const typo = structuredClone(doc);
    typo.deploy![2].with!.resourceId = '${{BOT_AZURE_APP_SERVICE_RESOURCE}}';
    expect(problemsOf(typo, ['.env.dev'])).toEqual(['deploy azureAppService/zipDeploy: ${{BOT_AZURE_APP_SERVICE_RESOURCE}} is not defined before it']);
    const gone = structuredClone(doc);
    gone.deploy![2].with!.artifactFolder = './build/nowhere';
    expect(problemsOf(gone, ['.env.dev'])).toEqual(['deploy azureAppService/zipDeploy: ./build/nowhere does not exist']);
  });

  it('provisions as the manual recipe does: managed identity and Azure Bot from the Bicep, no app registration or secret, one packaging path', () => {
    const doc = load('m365agents.yml');
    const uses = (stage: Action[] | undefined) => (stage ?? []).map((a) => (a.uses === 'script' ? `script: ${String(a.with?.run)}` : a.uses));
    expect(uses(doc.provision)).toEqual([
      'teamsApp/create',
      'script: node scripts/toolkit-secret.js SECRET_ICS_SIGNING_SECRET',
      'arm/deploy',
      'teamsApp/validateManifest',
      'script: npm run package',
      'teamsApp/validateAppPackage',
      'teamsApp/update'
    ]);
    const every = [...(doc.provision ?? []), ...(doc.deploy ?? []), ...(doc.publish ?? [])];
    expect(every.filter((a) => /aadApp\/|botAadApp\/|botFramework\/create/.test(a.uses))).toEqual([]);
    expect(JSON.stringify(doc)).not.toMatch(/clientSecret|SECRET_BOT/);
    const arm = doc.provision!.find((a) => a.uses === 'arm/deploy')!;
    expect(arm.with!.templates).toEqual([expect.objectContaining({ path: './infra/azure.bicep' })]);
    // The zip npm run package writes is the one validated and uploaded.
    const { OUT } = require('../../scripts/package.js') as { OUT: string };
    for (const a of doc.provision!.filter((x) => /validateAppPackage|update/.test(x.uses))) expect(join(REPO_ROOT, a.with!.appPackagePath as string)).toBe(OUT);
    // Deploy builds the bundle and zip-deploys its folder to the web app from the Bicep's output.
    expect(uses(doc.deploy)).toEqual(['cli/runNpmCommand', 'cli/runNpmCommand', 'azureAppService/zipDeploy']);
    expect(doc.deploy![1].with!.args).toBe('run bundle');
    const { STAGE } = require('../../scripts/bundle.js') as { STAGE: string };
    expect(join(REPO_ROOT, doc.deploy![2].with!.artifactFolder as string)).toBe(STAGE);
    expect(read('infra/azure.bicep')).toMatch(/^output BOT_AZURE_APP_SERVICE_RESOURCE_ID string = web\.outputs\.resourceId$/m);
  });

  it('the Toolkit parameters file sets the same parameters as the manual one, and secrets only from SECRET_ variables', () => {
    const manual = JSON.parse(read('infra/azure.parameters.json')) as { parameters: Record<string, { value: unknown }> };
    const toolkit = JSON.parse(read('infra/azure.parameters.toolkit.json')) as { parameters: Record<string, { value: unknown }> };
    const params = [...read('infra/azure.bicep').matchAll(/^param (\w+) /gm)].map((m) => m[1]);
    expect(Object.keys(toolkit.parameters).filter((p) => !params.includes(p))).toEqual([]);
    expect(Object.keys(manual.parameters).filter((p) => !(p in toolkit.parameters))).toEqual([]);
    for (const [name, { value }] of Object.entries(toolkit.parameters)) {
      if (/secret/i.test(name)) expect(value).toMatch(/^\$\{\{SECRET_[A-Z0-9_]+\}\}$/);
    }
    // No secret value in any committed env file.
    for (const f of readdirSync(join(REPO_ROOT, 'env'))) {
      for (const line of read(join('env', f)).split('\n')) expect(line).not.toMatch(/^SECRET_|PASSWORD=.|_KEY=./);
    }
  });

  it('toolkit-secret.js creates a key once and keeps an existing one', () => {
    const run = (env: Record<string, string>) => spawnSync(process.execPath, [join(REPO_ROOT, 'scripts', 'toolkit-secret.js'), 'SECRET_ICS_SIGNING_SECRET'], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' });
    const first = run({});
    expect(first.status).toBe(0);
    const m = /^::set-teamsfx-env SECRET_ICS_SIGNING_SECRET=([A-Za-z0-9_-]{64})\n$/.exec(first.stdout);
    expect(m).not.toBeNull();
    expect(run({}).stdout).not.toBe(first.stdout);
    expect(run({ SECRET_ICS_SIGNING_SECRET: m![1] }).stdout).toBe('');
    const bad = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts', 'toolkit-secret.js'), 'ICS_SIGNING_SECRET'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe('');
  });
});
