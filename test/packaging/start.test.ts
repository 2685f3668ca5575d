import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../src/config';
import { REPO_ROOT } from '../../src/paths';

/**
 * A quiet, safe start: local anonymous mode listens on loopback only, and the one deprecation warning a
 * dependency prints at load time (DEP0111, restify → spdy → http-deceiver) is silenced by a node flag on
 * every command that starts the bot, never by a warning listener in the code.
 */
const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
const web = readFileSync(join(REPO_ROOT, 'infra', 'modules', 'web.bicep'), 'utf8');
const FLAG = '--disable-warning=DEP0111';

describe('a quiet, safe start', () => {
  it('listens on 127.0.0.1 without BOT_ID, so local anonymous mode is not reachable from the network', () => {
    expect(loadConfig({}).host).toBe('127.0.0.1');
    expect(loadConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    const authenticated = { BOT_ID: '6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b', BOT_TENANT_ID: 't', ALLOWED_TENANTS: 't', BOT_TYPE: 'UserAssignedMSI' };
    expect(loadConfig(authenticated).host).toBe('0.0.0.0');
    expect(loadConfig({ ...authenticated, HOST: '127.0.0.1' }).host).toBe('127.0.0.1');
  });

  it('restify really prints DEP0111 when loaded, and the flag silences exactly that (so the check below means something)', () => {
    const load = (args: string[]) => spawnSync(process.execPath, [...args, '-e', "require('restify')"], { cwd: REPO_ROOT, encoding: 'utf8' }).stderr;
    expect(load([])).toMatch(/\[DEP0111\] DeprecationWarning/);
    expect(load([FLAG])).toBe('');
    // Other warnings still show.
    const other = spawnSync(process.execPath, [FLAG, '-e', "require('restify'); process.emitWarning('x', 'DeprecationWarning', 'DEP0999')"], { cwd: REPO_ROOT, encoding: 'utf8' }).stderr;
    expect(other).toMatch(/DEP0999/);
  });

  it('every command that starts the bot passes the flag: npm start, seed:demo, the Playground script and App Service', () => {
    expect(pkg.scripts.start).toMatch(new RegExp(`node ${FLAG} dist/src/index\\.js$`));
    expect(pkg.scripts['seed:demo']).toMatch(new RegExp(`node ${FLAG} dist/src/demo/seed\\.js$`));
    expect(readFileSync(join(REPO_ROOT, 'scripts', 'playground.js'), 'utf8')).toContain(`run(process.execPath, ['${FLAG}', join(root, 'dist', 'src', 'index.js')]`);
    expect(web).toMatch(new RegExp(`^      appCommandLine: 'node ${FLAG} dist/src/index\\.js'$`, 'm'));
    // No warning listener hides warnings in the code.
    for (const file of ['src/index.ts', 'src/server.ts']) expect(readFileSync(join(REPO_ROOT, file), 'utf8')).not.toMatch(/on\(['"]warning['"]|removeAllListeners\(['"]warning/);
  });
});
