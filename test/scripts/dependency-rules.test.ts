import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * `npm run lint:deps` (.dependency-cruiser.cjs) on a small tree with one planted violation per rule, and
 * imports the rules allow beside them: each rule reports exactly its own violation, type-only imports
 * count, and nothing allowed is reported.
 */
const REPO = join(__dirname, '..', '..');
const CLI = join(REPO, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
const CONFIG = join(REPO, '.dependency-cruiser.cjs');

const FILES: Record<string, string> = {
  // Leaves: import nothing.
  'src/store/collection.ts': 'export const collection = 1;\n',
  'src/features/other/model.ts': 'export const other = 1;\n',
  'src/bot/port.ts': 'export interface Turn { text: string }\n',
  'src/bot/adapter.ts': 'export const adapter = 1;\n',
  'src/server.ts': 'export const server = 1;\n',
  'src/app.ts': 'export const app = 1;\n',
  'src/privacy/policy.ts': 'export const policy = 1;\n',
  // Allowed: a feature using the port (types), the store, privacy and another feature's model; access using privacy.
  'src/features/good/service.ts':
    "import type { Turn } from '../../bot/port';\nimport { collection } from '../../store/collection';\nimport { policy } from '../../privacy/policy';\nimport { other } from '../other/model';\nexport const f = (t: Turn) => [t, collection, policy, other];\n",
  'src/access/ok.ts': "import { policy } from '../privacy/policy';\nexport const ok = policy;\n",
  // One violation each.
  'src/privacy/leaky.ts': "import { collection } from '../store/collection';\nexport const leaky = collection;\n",
  'src/store/knows-app.ts': "import { app } from '../app';\nexport const knows = app;\n",
  'src/cards/reads-store.ts': "import { collection } from '../store/collection';\nexport const reads = collection;\n",
  'src/features/sdk/handler.ts': "import type { TurnContext } from 'botbuilder';\nexport type Ctx = TurnContext;\n",
  'src/features/edge/handler.ts': "import { adapter } from '../../bot/adapter';\nexport const edge = adapter;\n",
  'src/features/server/route.ts': "import { server } from '../../server';\nexport const route = server;\n",
  'src/access/decides.ts': "import { other } from '../features/other/model';\nexport const decides = other;\n",
  'src/features/cycle/one.ts': "import { two } from './two';\nexport const one = () => two;\n",
  'src/features/cycle/two.ts': "import { one } from './one';\nexport const two = () => one;\n"
};

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dep-rules-'));
  for (const [file, text] of Object.entries(FILES)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'commonjs', moduleResolution: 'node', strict: true }, include: ['src'] }));
  // The real packages, so `botbuilder` resolves into node_modules as it does in the repository.
  symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'), 'dir');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
}

it('reports each planted violation under its rule, and nothing else', () => {
  const r = spawnSync(process.execPath, [CLI, 'src', '--config', CONFIG, '--output-type', 'json'], { cwd: dir, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  expect(r.stderr).toBe('');
  const violations = (JSON.parse(r.stdout) as { summary: { violations: Violation[] } }).summary.violations;
  const found = violations.map((v) => `${v.rule.name}: ${v.from}`).sort();
  expect(found).toEqual(
    [
      'access-is-pure: src/access/decides.ts',
      'cards-read-no-store: src/cards/reads-store.ts',
      'features-no-server: src/features/server/route.ts',
      'features-no-teams-sdk: src/features/sdk/handler.ts',
      'features-only-bot-port: src/features/edge/handler.ts',
      // A cycle is reported once, from the first module of it.
      'no-circular: src/features/cycle/one.ts',
      'privacy-is-pure: src/privacy/leaky.ts',
      'store-knows-no-feature: src/store/knows-app.ts'
    ].sort()
  );
  // The SDK import above is type-only: it counts all the same.
  expect(violations.find((v) => v.rule.name === 'features-no-teams-sdk')?.to).toMatch(/node_modules\/botbuilder\//);
});

it('fails the command (as `npm run lint:deps` runs it) when there is a violation', () => {
  const r = spawnSync(process.execPath, [CLI, 'src', '--config', CONFIG], { cwd: dir, encoding: 'utf8' });
  expect(r.status).not.toBe(0);
  expect(r.stdout).toMatch(/error privacy-is-pure: src\/privacy\/leaky\.ts → src\/store\/collection\.ts/);
});
