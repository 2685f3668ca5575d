import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { REPO_ROOT } from '../../src/paths';
import { openStore } from '../../src/store/store';
import { readZip } from '../support/zip';

interface ManifestCommand {
  title: string;
  description: string;
}
interface Manifest {
  id: string;
  version: string;
  icons: { color: string; outline: string };
  validDomains: string[];
  developer: { privacyUrl: string; termsOfUseUrl: string; websiteUrl: string };
  localizationInfo?: { defaultLanguageTag: string; defaultLanguageFile?: string; additionalLanguages?: Array<{ languageTag: string; file: string }> };
  bots: Array<{ botId: string; scopes: string[]; commandLists: Array<{ scopes: string[]; commands: ManifestCommand[] }> }>;
}
interface BuildOptions {
  dev?: boolean;
  template?: string;
}
interface PackageScript {
  buildManifest(env: Record<string, string | undefined>, options?: BuildOptions): Manifest;
  buildPackage(env: Record<string, string | undefined>, out: string, options?: BuildOptions): Promise<{ out: string; manifest: Manifest }>;
  localizationFiles(manifest: Manifest): string[];
  parseArgs(argv: string[]): { dev: boolean };
  PackageError: new (message: string) => Error;
}

// The packaging script is plain JavaScript run by node; the test uses it exactly as `npm run package` does.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const script = require('../../scripts/package.js') as PackageScript;

const APP_DIR = join(REPO_ROOT, 'appPackage');
const site = { BOT_ID: '0b5e2a1c-7d3f-4e8a-9c1b-2f4d6e8a0b1c', BOT_DOMAIN: 'trygg-test.azurewebsites.net' };
/** What a production package needs: the bot, and the municipality's privacy and terms pages. */
const env = { ...site, PRIVACY_URL: 'https://kungalv.example/trygg/integritet', TERMS_OF_USE_URL: 'https://kungalv.example/trygg/villkor' };

function validator(file = 'MicrosoftTeams.schema.json') {
  const schema = JSON.parse(readFileSync(join(APP_DIR, 'schema', file), 'utf8'));
  // The vendored schema declares draft-04; its keywords are the draft-07 subset Ajv 8 understands.
  delete schema.$schema;
  // unicodeRegExp off: the localisation schema's patterns (an unescaped `]`) are valid only as plain
  // ECMAScript regular expressions, which is how Microsoft's tools read them.
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

function png(name: string): PNG {
  return PNG.sync.read(readFileSync(join(APP_DIR, name)));
}

describe('Teams app package', () => {
  it('fills the manifest from env and it validates against Microsoft\'s manifest schema', () => {
    const manifest = script.buildManifest(env);
    const validate = validator();
    const valid = validate(manifest);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(manifest.bots[0].botId).toBe(env.BOT_ID);
    expect(manifest.validDomains).toEqual([env.BOT_DOMAIN]);
    expect(manifest.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(script.buildManifest({ ...env, TEAMS_APP_ID: 'A1B2C3D4-0000-4000-8000-000000000001' }).id).toBe('a1b2c3d4-0000-4000-8000-000000000001');
    // Same bot, same app id: a rebuilt package updates the app in Teams instead of adding a second one.
    expect(script.buildManifest(env).id).toBe(manifest.id);
  });

  it('the schema check catches a broken manifest (so the test above can fail)', () => {
    const validate = validator();
    const broken = script.buildManifest(env) as unknown as Record<string, unknown>;
    (broken.bots as Array<Record<string, unknown>>)[0].scopes = ['personal', 'everywhere'];
    expect(validate(broken)).toBe(false);
    const tooMany = script.buildManifest(env);
    tooMany.bots[0].commandLists[0].commands = Array.from({ length: 11 }, (_, i) => ({ title: `c${i}`, description: 'x' }));
    expect(validate(tooMany)).toBe(false);
  });

  it('refuses to build without BOT_ID or BOT_DOMAIN, naming them', () => {
    expect(() => script.buildManifest({ BOT_DOMAIN: env.BOT_DOMAIN })).toThrow(/BOT_ID is missing/);
    expect(() => script.buildManifest({ BOT_ID: 'not-a-guid', BOT_DOMAIN: env.BOT_DOMAIN })).toThrow(/BOT_ID "not-a-guid" is not a GUID/);
    expect(() => script.buildManifest({ BOT_ID: env.BOT_ID })).toThrow(/BOT_DOMAIN is missing/);
    expect(() => script.buildManifest({ BOT_ID: env.BOT_ID, BOT_DOMAIN: 'https://x.example.com/' })).toThrow(/not a host name/);
    expect(() => script.buildManifest(env, { template: '{"id":"${{NOPE}}"}' })).toThrow(/unknown placeholder/);
  });

  it('refuses a production package without the privacy and terms pages, naming both; --dev falls back to the bot\'s root page', () => {
    expect(() => script.buildManifest(site)).toThrow(/PRIVACY_URL is missing[\s\S]*TERMS_OF_USE_URL is missing/);
    expect(() => script.buildManifest({ ...env, PRIVACY_URL: '  ' })).toThrow(/PRIVACY_URL is missing/);
    expect(() => script.buildManifest({ ...env, TERMS_OF_USE_URL: undefined })).toThrow(/TERMS_OF_USE_URL is missing/);
    for (const bad of ['http://kungalv.example/integritet', 'kungalv.example/integritet', 'javascript:alert(1)']) {
      expect(() => script.buildManifest({ ...env, PRIVACY_URL: bad })).toThrow(/PRIVACY_URL ".*" is not an https:\/\/ address/);
      // --dev keeps the fallback for a missing page, never for a wrong one.
      expect(() => script.buildManifest({ ...site, TERMS_OF_USE_URL: bad }, { dev: true })).toThrow(/TERMS_OF_USE_URL ".*" is not an https:\/\/ address/);
    }
    const production = script.buildManifest(env);
    expect(production.developer).toMatchObject({ privacyUrl: env.PRIVACY_URL, termsOfUseUrl: env.TERMS_OF_USE_URL });
    const dev = script.buildManifest(site, { dev: true });
    expect(dev.developer).toMatchObject({ privacyUrl: `https://${site.BOT_DOMAIN}/`, termsOfUseUrl: `https://${site.BOT_DOMAIN}/` });
    expect(validator()(dev)).toBe(true);
  });

  it('npm run package: refuses a production package without the pages and unknown options, exit code 1', () => {
    const run = (args: string[], extra: Record<string, string>) =>
      spawnSync(process.execPath, [join(REPO_ROOT, 'scripts', 'package.js'), ...args], { env: { PATH: process.env.PATH ?? '', ...extra }, encoding: 'utf8' });
    const refused = run([], site);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/PRIVACY_URL is missing/);
    expect(refused.stderr).toMatch(/--dev/);
    const unknown = run(['--prod'], env);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/unknown option --prod/);
    expect(script.parseArgs(['--dev'])).toEqual({ dev: true });
    expect(script.parseArgs([])).toEqual({ dev: false });
  });

  it('bot scopes and command lists: personal, team and group chat, at most 10 commands, titles Teams can show', () => {
    const manifest = script.buildManifest(env);
    expect([...manifest.bots[0].scopes].sort()).toEqual(['groupChat', 'personal', 'team']);
    const listed = manifest.bots[0].commandLists.flatMap((l) => l.scopes);
    expect([...listed].sort()).toEqual(['groupChat', 'personal', 'team']);
    for (const list of manifest.bots[0].commandLists) {
      expect(list.commands.length).toBeGreaterThan(0);
      expect(list.commands.length).toBeLessThanOrEqual(10);
      for (const c of list.commands) {
        // Teams' documented limits (the schema is more lenient): title 32, description 128 characters.
        expect(c.title.length).toBeLessThanOrEqual(32);
        expect(c.description.length).toBeLessThanOrEqual(128);
      }
    }
  });

  it('icons: color.png 192×192, outline.png 32×32 white on transparent', () => {
    const color = png('color.png');
    expect([color.width, color.height]).toEqual([192, 192]);
    const outline = png('outline.png');
    expect([outline.width, outline.height]).toEqual([32, 32]);
    let transparent = 0;
    let opaque = 0;
    for (let i = 0; i < outline.data.length; i += 4) {
      const [r, g, b, a] = outline.data.subarray(i, i + 4);
      if (a === 0) transparent++;
      else {
        opaque++;
        expect([r, g, b]).toEqual([255, 255, 255]);
      }
    }
    expect(transparent).toBeGreaterThan(100);
    expect(opaque).toBeGreaterThan(100);
    // Corners are transparent: the outline icon has no background.
    for (const i of [0, 31, 32 * 31, 32 * 32 - 1]) expect(outline.data[i * 4 + 3]).toBe(0);
  });

  it('writes the zip with the filled manifest, both icons and the English localisation at its root', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'trygg-pkg-')), 'trygg.zip');
    const { manifest } = await script.buildPackage(env, out);
    const entries = readZip(readFileSync(out));
    expect([...entries.keys()].sort()).toEqual(['color.png', 'en.json', 'manifest.json', 'outline.png']);
    expect(JSON.parse(entries.get('manifest.json')!.toString('utf8'))).toEqual(manifest);
    expect(entries.get('en.json')!.equals(readFileSync(join(APP_DIR, 'en.json')))).toBe(true);
    expect(entries.get('color.png')!.equals(readFileSync(join(APP_DIR, 'color.png')))).toBe(true);
  });

  it('is localised: Swedish by default, English from en.json, which validates against the v1.22 localisation schema', () => {
    const manifest = script.buildManifest(env);
    expect(manifest.localizationInfo).toEqual({ defaultLanguageTag: 'sv', additionalLanguages: [{ languageTag: 'en', file: 'en.json' }] });
    expect(script.localizationFiles(manifest)).toEqual(['en.json']);
    const en = JSON.parse(readFileSync(join(APP_DIR, 'en.json'), 'utf8')) as Record<string, string>;
    const validate = validator('MicrosoftTeams.Localization.schema.json');
    const valid = validate(en);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    // The localisation schema belongs to the manifest's version.
    expect(en.$schema).toBe(`https://developer.microsoft.com/en-us/json-schemas/teams/v${(manifest as unknown as { manifestVersion: string }).manifestVersion}/MicrosoftTeams.Localization.schema.json`);
    for (const key of ['name.short', 'name.full', 'description.short', 'description.full']) expect(en[key]?.trim()).toBeTruthy();
    // Every listed command has an English title and description, and nothing addresses a command that is not there.
    const expected = manifest.bots[0].commandLists.flatMap((list, l) =>
      list.commands.flatMap((_, c) => [`bots[0].commandLists[${l}].commands[${c}].title`, `bots[0].commandLists[${l}].commands[${c}].description`])
    );
    expect(Object.keys(en).filter((k) => k.startsWith('bots[')).sort()).toEqual(expected.sort());
  });

  it('the localisation schema check catches a broken file (so the test above can fail)', () => {
    const validate = validator('MicrosoftTeams.Localization.schema.json');
    const en = JSON.parse(readFileSync(join(APP_DIR, 'en.json'), 'utf8')) as Record<string, string>;
    expect(validate({ ...en, 'bots[0].commandLists[0].commands[0].title': 'x'.repeat(33) })).toBe(false);
    expect(validate({ ...en, 'nmae.short': 'Trygg' })).toBe(false);
    const { 'description.full': _dropped, ...incomplete } = en;
    expect(validate(incomplete)).toBe(false);
  });

  it('every command in the manifest is answered by the bot\'s command router', async () => {
    const config = loadConfig({ LOG_LEVEL: 'silent' });
    const logger = createLogger('silent');
    const store = await openStore({ cosmos: config.cosmos, embedded: { snapshotMs: 1000 }, logger });
    try {
      const bot = createApp(config, { store, logger, clock: { now: () => new Date() } });
      const manifest = script.buildManifest(env);
      const titles = manifest.bots[0].commandLists.flatMap((l) => l.commands.map((c) => c.title));
      // Each title is a whole Swedish alias of a command (not a shorter command with the rest as arguments).
      const unanswered = titles.filter((t) => {
        const m = bot.router.match(t);
        return !m || m.input.lang !== 'sv' || m.input.args !== '';
      });
      expect(unanswered).toEqual([]);
      // The English titles (en.json) are whole English aliases of the same commands.
      const en = JSON.parse(readFileSync(join(APP_DIR, 'en.json'), 'utf8')) as Record<string, string>;
      const mismatched = manifest.bots[0].commandLists.flatMap((list, l) =>
        list.commands.flatMap((c, i) => {
          const english = en[`bots[0].commandLists[${l}].commands[${i}].title`];
          const m = bot.router.match(english);
          const ok = m && m.aliasLang === 'en' && m.input.args === '' && m.command.id === bot.router.match(c.title)?.command.id;
          return ok ? [] : [`${c.title} / ${english}`];
        })
      );
      expect(mismatched).toEqual([]);
      expect(bot.router.match('ärende ny')?.command.id).toBe('cases.new');
      expect(bot.router.match('lägesbild ny')?.command.id).not.toBe(bot.router.match('lägesbild')?.command.id);
      // The check itself works: a title no feature registered is reported.
      expect(bot.router.match('trollformel')).toBeUndefined();
    } finally {
      await store.close();
    }
  });
});
