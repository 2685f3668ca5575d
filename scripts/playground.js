#!/usr/bin/env node
// Starts Trygg on the embedded store and the Microsoft 365 Agents Playground pointed at it.
// Open the URL the Playground prints (default http://localhost:56150) to talk to the bot as in Teams.
const { spawn } = require('node:child_process');
const { existsSync } = require('node:fs');
const { join } = require('node:path');

// m365agents.playground.yml writes the ports and data file here (from env/.env.playground); the shell's
// own variables win.
const localConfigs = join(__dirname, '..', '.localConfigs.playground');
if (existsSync(localConfigs)) require('dotenv').config({ path: localConfigs, quiet: true });

const port = process.env.PORT || '3978';
const playgroundPort = process.env.PLAYGROUND_PORT || '56150';
const root = join(__dirname, '..');
const children = [];

function run(cmd, args, env) {
  const child = spawn(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  children.push(child);
  child.on('exit', (code) => {
    for (const c of children) if (c !== child && c.exitCode === null) c.kill('SIGTERM');
    process.exitCode = code ?? 0;
  });
  return child;
}

// --disable-warning=DEP0111: as in npm start (see package.json's "//" note).
run(process.execPath, ['--disable-warning=DEP0111', join(root, 'dist', 'src', 'index.js')], { PORT: port });
run(join(root, 'node_modules', '.bin', 'agentsplayground'), [
  '-e', `http://localhost:${port}/api/messages`, '-c', 'msteams', '-p', playgroundPort, '--disable-telemetry'
], {
  TEAMSAPPTESTER_BROWSER: process.env.TEAMSAPPTESTER_BROWSER || 'none',
  // Fictional tenant whose user ids equal their Entra object ids, so registering a group works (see the file).
  M365_AGENTS_PLAYGROUND_CONFIG_PATH: process.env.M365_AGENTS_PLAYGROUND_CONFIG_PATH || join(root, 'scripts', 'playground.yml')
});

for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => children.forEach((c) => c.kill(sig)));
