#!/usr/bin/env node
// `npm run cards:playground` (builds first): screenshots of Trygg's main cards in the Microsoft 365 Agents
// Playground, at desktop width (1280 px) and phone width (344 px), into docs/cards/playground/. The bot
// (dist/) runs on a fresh in-memory store with the demo data at the gallery's fixed clock; the Playground
// (scripts/playground.yml: Anna Samordnare, the team SSPF Ytterby, the steering group's group chat) is
// driven in Debian's Chromium as a person would: type a command, press a button, wait for the card.
// The pictures show the Playground's own chrome and times, so they are not byte-stable (the gallery is).
const { spawn } = require('node:child_process');
const { mkdirSync, writeFileSync } = require('node:fs');
const { createServer: createNetServer } = require('node:net');
const { join } = require('node:path');
const { launchChromium } = require('./lib/chromium');
const { GALLERY_NOW } = require('./lib/gallery-cards');
const { normalizePng } = require('./lib/card-renderer');

const ROOT = join(__dirname, '..');
const OUT = join(ROOT, 'docs', 'cards', 'playground');
const dist = (p) => require(join(ROOT, 'dist', 'src', p));

/**
 * The shots: where to go, what to type (a channel or group chat mentions the bot), which button to press
 * afterwards (by its title), and the picture's name (`<name>.<desktop|phone>.png`).
 */
const SHOTS = [
  { name: 'help', where: 'Personal Chat', type: 'hjälp' },
  { name: 'weekly-summary', where: 'Styrgrupp Trygg i Kungälv', type: 'sammanfattning', mention: true },
  { name: 'situation-picture', where: 'Styrgrupp Trygg i Kungälv', type: 'lägesbild', mention: true },
  { name: 'meeting-propose', where: 'Samverkan', type: 'möte', mention: true },
  { name: 'case-refusal', where: 'Samverkan', type: 'ärende K-2026-002', mention: true, press: 'Visa detaljer' },
  { name: 'case-log', where: 'Personal Chat', type: 'logg K-2026-001' },
  { name: 'group-log', where: 'Personal Chat', type: 'grupplogg SSPF Ytterby' }
];

const VIEWS = [
  { view: 'desktop', viewport: { width: 1280, height: 900 } },
  { view: 'phone', viewport: { width: 344, height: 740 } }
];

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createNetServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** The bot with the demo data at the fixed clock, serving /api/messages on a free loopback port. */
async function startSeededBot() {
  const { createApp } = dist('app.js');
  const { loadConfig } = dist('config.js');
  const { openStore } = dist('store/store.js');
  const { createServer } = dist('server.js');
  const { createLogger } = dist('logger.js');
  const { seedDemo, startConnector, outboundSettled, DEMO_PEOPLE } = dist('demo/seed.js');
  const config = loadConfig({ LOG_LEVEL: 'warn', PORT: '0', ICS_SIGNING_SECRET: 'playground-screenshots-fixed-key-not-a-secret-0000' });
  const logger = createLogger('warn');
  const store = await openStore({ cosmos: config.cosmos, embedded: { snapshotMs: 600_000 }, logger });
  const clock = { now: () => new Date(GALLERY_NOW) };
  const connector = await startConnector(Object.values(DEMO_PEOPLE));
  const seeding = createApp(config, { store, logger, clock });
  await seedDemo(seeding, connector, new Date(GALLERY_NOW));
  await outboundSettled(seeding);
  await connector.stop();
  const bot = createApp(config, { store, logger, clock });
  const server = createServer({ bot, store, config, logger });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    stop: async () => {
      server.closeAllConnections?.();
      await new Promise((r) => server.close(() => r()));
      await store.close();
    }
  };
}

async function startPlayground(endpoint, port) {
  const child = spawn(join(ROOT, 'node_modules', '.bin', 'agentsplayground'), ['-e', endpoint, '-c', 'msteams', '-p', String(port), '--disable-telemetry'], {
    cwd: ROOT,
    env: { ...process.env, TEAMSAPPTESTER_BROWSER: 'none', M365_AGENTS_PLAYGROUND_CONFIG_PATH: join(ROOT, 'scripts', 'playground.yml') },
    stdio: ['ignore', 'pipe', 'pipe']
  });
  let output = '';
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Playground did not start: ${output}`)), 60000);
    const onData = (d) => {
      output += d.toString();
      if (output.includes(`Listening on ${port}`)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`Playground exited with ${code}: ${output}`)));
  });
  return child;
}

/** Opens a conversation in the Playground's list (on a phone-width page the list may first need its button). */
async function open(page, where) {
  const entry = page.getByText(where, { exact: true }).first();
  await entry.click({ timeout: 15000 });
}

async function send(page, shot) {
  const editor = page.locator('[data-lexical-editor="true"]:visible').last();
  await editor.click();
  if (shot.mention) {
    await page.keyboard.type('@Tryg');
    await page.getByRole('menuitem', { name: 'Trygg' }).click();
    await page.keyboard.type(` ${shot.type}`);
  } else {
    await page.keyboard.type(shot.type);
  }
  await page.keyboard.press('Enter');
}

/** Waits until the Playground shows one more message than `before` and the page has settled. */
async function nextMessage(page, selector, before) {
  await page.waitForFunction(({ selector, before }) => document.querySelectorAll(selector).length > before, { selector, before }, { timeout: 20000 });
  await page.waitForTimeout(800);
}

async function main() {
  mkdirSync(OUT, { recursive: true });
  const bot = await startSeededBot();
  const port = await freePort();
  const playground = await startPlayground(`${bot.url}/api/messages`, port);
  const browser = await launchChromium();
  const failures = [];
  try {
    for (const { view, viewport } of VIEWS) {
      const context = await browser.newContext({ viewport, deviceScaleFactor: 1, locale: 'sv-SE', timezoneId: 'Europe/Stockholm', reducedMotion: 'reduce' });
      const page = await context.newPage();
      await page.goto(`http://127.0.0.1:${port}`, { waitUntil: 'networkidle' });
      for (const shot of SHOTS) {
        try {
          await open(page, shot.where);
          const messages = '.ac-adaptiveCard, [data-testid="message-body"], [class*="messageBody"]';
          let before = await page.locator(messages).count();
          await send(page, shot);
          await nextMessage(page, messages, before);
          if (shot.press) {
            before = await page.locator(messages).count();
            await page.getByRole('button', { name: shot.press, exact: true }).last().click();
            await page.waitForTimeout(2500);
          }
          const card = page.locator('.ac-adaptiveCard').last();
          await card.scrollIntoViewIfNeeded().catch(() => undefined);
          const file = join(OUT, `${shot.name}.${view}.png`);
          writeFileSync(file, normalizePng(await page.screenshot({ animations: 'disabled', caret: 'hide' })));
          console.log(`docs/cards/playground/${shot.name}.${view}.png`);
        } catch (err) {
          failures.push(`${shot.name} (${view}): ${err instanceof Error ? err.message.split('\n')[0] : err}`);
          await page.screenshot({ path: join(ROOT, 'devTools', `playground-${shot.name}.${view}.failed.png`) }).catch(() => undefined);
        }
      }
      await context.close();
    }
  } finally {
    await browser.close();
    playground.kill('SIGTERM');
    await bot.stop();
  }
  if (failures.length) {
    console.error(`no screenshot for:\n  ${failures.join('\n  ')}`);
    process.exitCode = 1;
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
