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
  // Not Trygg's: a probe card with Chart.Line and Chart.VerticalBar (each with a fallback) answered by a stand-in.
  { name: 'chart-probe', where: 'Personal Chat', type: 'gallery-chart-probe' },
  { name: 'help', where: 'Personal Chat', type: 'hjälp' },
  { name: 'weekly-summary', where: 'Styrgrupp Trygg i Kungälv', type: 'sammanfattning', mention: true },
  { name: 'situation-picture', where: 'Styrgrupp Trygg i Kungälv', type: 'lägesbild', mention: true },
  { name: 'meeting-propose', where: 'Samverkan', type: 'möte', mention: true },
  { name: 'case-refusal', where: 'Samverkan', type: 'ärende K-2026-002', mention: true, press: 'Visa detaljer' },
  { name: 'case-log', where: 'Personal Chat', type: 'logg K-2026-001' },
  // A text answer today (no card): waited for by its words.
  { name: 'group-log', where: 'Personal Chat', type: 'grupplogg SSPF Ytterby', expect: /Grupplogg för SSPF Ytterby/ }
];

/** The Playground's desktop (tall enough for the longest card). */
const DESKTOP = { width: 1280, height: 1300 };

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

/** A card with one chart of each kind Trygg uses, each with its fallback: shows whether the Playground draws charts. */
const CHART_PROBE_TEXT = 'gallery-chart-probe';
const CHART_PROBE_CARD = {
  type: 'AdaptiveCard', version: '1.5',
  body: [
    { type: 'TextBlock', text: 'Chart probe (Chart.Line, Chart.VerticalBar)', weight: 'Bolder' },
    {
      type: 'Chart.Line', title: 'Narkotika per vecka', xAxisTitle: 'Vecka', yAxisTitle: 'Rapporter', colorSet: 'categorical',
      data: [{ legend: 'Ytterby', values: [{ x: 'v. 7', y: 1 }, { x: 'v. 8', y: 3 }, { x: 'v. 9', y: 2 }, { x: 'v. 10', y: 4 }] }, { legend: 'Kareby', values: [{ x: 'v. 7', y: 0 }, { x: 'v. 8', y: 1 }, { x: 'v. 9', y: 1 }, { x: 'v. 10', y: 2 }] }],
      fallback: { type: 'TextBlock', text: 'FALLBACK of Chart.Line', wrap: true }
    },
    {
      type: 'Chart.VerticalBar', title: 'Rapporter per vecka', xAxisTitle: 'Vecka', yAxisTitle: 'Rapporter',
      data: [{ x: 'v. 7', y: 1 }, { x: 'v. 8', y: 4 }, { x: 'v. 9', y: 3 }, { x: 'v. 10', y: 6 }],
      fallback: { type: 'TextBlock', text: 'FALLBACK of Chart.VerticalBar', wrap: true }
    }
  ]
};

/**
 * Stands in front of the bot's /api/messages: a message saying CHART_PROBE_TEXT is answered with the
 * probe card straight to the Playground's connector; everything else goes to the bot unchanged.
 */
async function startChartProbe(botUrl) {
  const http = require('node:http');
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const raw = Buffer.concat(chunks);
      let activity;
      try {
        activity = JSON.parse(raw.toString('utf8'));
      } catch {
        activity = undefined;
      }
      if (activity?.type === 'message' && String(activity.text ?? '').includes(CHART_PROBE_TEXT)) {
        const reply = { type: 'message', from: activity.recipient, recipient: activity.from, conversation: activity.conversation, replyToId: activity.id, attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: CHART_PROBE_CARD }] };
        await fetch(`${activity.serviceUrl.replace(/\/$/, '')}/v3/conversations/${encodeURIComponent(activity.conversation.id)}/activities`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(reply) });
        res.statusCode = 200;
        return res.end();
      }
      const forwarded = await fetch(`${botUrl}${req.url}`, { method: req.method, headers: { 'content-type': req.headers['content-type'] ?? 'application/json', ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}) }, body: ['GET', 'HEAD'].includes(req.method) ? undefined : raw });
      res.statusCode = forwarded.status;
      const type = forwarded.headers.get('content-type');
      if (type) res.setHeader('content-type', type);
      res.end(Buffer.from(await forwarded.arrayBuffer()));
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${server.address().port}`, stop: () => new Promise((r) => server.close(() => r())) };
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

/** Opens a conversation in the Playground's list. */
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

async function main() {
  mkdirSync(OUT, { recursive: true });
  const bot = await startSeededBot();
  const port = await freePort();
  const probe = await startChartProbe(bot.url);
  const playground = await startPlayground(`${probe.url}/api/messages`, port);
  const browser = await launchChromium();
  const failures = [];
  try {
    const context = await browser.newContext({ viewport: DESKTOP, deviceScaleFactor: 1, locale: 'sv-SE', timezoneId: 'Europe/Stockholm', reducedMotion: 'reduce' });
    const page = await context.newPage();
    await page.goto(`http://127.0.0.1:${port}`, { waitUntil: 'networkidle' });
    for (const shot of SHOTS) {
      try {
        await open(page, shot.where);
        const cards = page.locator('.ac-adaptiveCard');
        let before = await cards.count();
        await send(page, shot);
        if (shot.expect) await page.getByText(shot.expect).last().waitFor({ timeout: 20000 });
        else await page.waitForFunction((n) => document.querySelectorAll('.ac-adaptiveCard').length > n, before, { timeout: 20000 });
        if (shot.press) {
          before = await cards.count();
          await page.getByRole('button', { name: shot.press, exact: true }).last().click();
        }
        await page.waitForTimeout(2500);
        // Desktop: the Playground as it is. Phone: the Playground has no phone layout (at 344 px the page
        // scrolls sideways and cuts the card), so its card renderer is given the card at 344 px instead.
        const last = shot.expect ? page.getByText(shot.expect).last() : cards.last();
        await last.evaluate((el) => el.scrollIntoView({ block: 'start' })).catch(() => undefined);
        await page.waitForTimeout(300);
        writeFileSync(join(OUT, `${shot.name}.desktop.png`), normalizePng(await page.screenshot({ animations: 'disabled', caret: 'hide' })));
        const narrow = await last.evaluateHandle((el) => {
          const box = el.closest('.ac-adaptiveCard') ?? el.parentElement ?? el;
          box.style.width = '344px';
          box.style.maxWidth = '344px';
          box.style.minWidth = '344px';
          return box;
        });
        await page.waitForTimeout(500);
        writeFileSync(join(OUT, `${shot.name}.phone.png`), normalizePng(await narrow.screenshot({ animations: 'disabled', caret: 'hide' })));
        console.log(`docs/cards/playground/${shot.name}.{desktop,phone}.png`);
      } catch (err) {
        failures.push(`${shot.name}: ${err instanceof Error ? err.message.split('\n')[0] : err}`);
        mkdirSync(join(ROOT, 'devTools'), { recursive: true });
        await page.screenshot({ path: join(ROOT, 'devTools', `playground-${shot.name}.failed.png`) }).catch(() => undefined);
      }
    }
    await context.close();
  } finally {
    await browser.close();
    playground.kill('SIGTERM');
    await probe.stop();
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
