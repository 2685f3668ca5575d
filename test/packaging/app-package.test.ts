import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { REPO_ROOT } from '../../src/paths';
import { openStore } from '../../src/store/store';

interface ManifestCommand {
  title: string;
  description: string;
}
interface Manifest {
  id: string;
  version: string;
  icons: { color: string; outline: string };
  validDomains: string[];
  bots: Array<{ botId: string; scopes: string[]; commandLists: Array<{ scopes: string[]; commands: ManifestCommand[] }> }>;
}
interface PackageScript {
  buildManifest(env: Record<string, string | undefined>, template?: string): Manifest;
  buildPackage(env: Record<string, string | undefined>, out: string): Promise<{ out: string; manifest: Manifest }>;
  PackageError: new (message: string) => Error;
}

// The packaging script is plain JavaScript run by node; the test uses it exactly as `npm run package` does.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const script = require('../../scripts/package.js') as PackageScript;

const APP_DIR = join(REPO_ROOT, 'appPackage');
const env = { BOT_ID: '0b5e2a1c-7d3f-4e8a-9c1b-2f4d6e8a0b1c', BOT_DOMAIN: 'trygg-test.azurewebsites.net' };

function validator() {
  const schema = JSON.parse(readFileSync(join(APP_DIR, 'schema', 'MicrosoftTeams.schema.json'), 'utf8'));
  // The vendored schema declares draft-04; its keywords are the draft-07 subset Ajv 8 understands.
  delete schema.$schema;
  const ajv = new Ajv({ strict: false, allErrors: true });
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
    expect(() => script.buildManifest(env, '{"id":"${{NOPE}}"}')).toThrow(/unknown placeholder/);
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

  it('writes the zip with the filled manifest and both icons at its root', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'trygg-pkg-')), 'trygg.zip');
    const { manifest } = await script.buildPackage(env, out);
    const zip = readFileSync(out);
    expect(zip.subarray(0, 2).toString()).toBe('PK');
    for (const name of ['manifest.json', manifest.icons.color, manifest.icons.outline]) expect(zip.includes(Buffer.from(name))).toBe(true);
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
      expect(bot.router.match('ärende ny')?.command.id).toBe('cases.new');
      expect(bot.router.match('lägesbild ny')?.command.id).not.toBe(bot.router.match('lägesbild')?.command.id);
      // The check itself works: a title no feature registered is reported.
      expect(bot.router.match('trollformel')).toBeUndefined();
    } finally {
      await store.close();
    }
  });
});
