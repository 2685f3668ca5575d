import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { actionTexts } from '../../src/i18n/actions';
import { commonTexts } from '../../src/i18n/common';
import { groupTexts, labelTexts } from '../../src/i18n/groups';
import { REPO_ROOT } from '../../src/paths';
import { startBot, type RunningBot } from '../support/bot-harness';

/**
 * Drives Trygg through the Microsoft 365 Agents Playground (a local Teams-like web client) in headless
 * Chromium, as a person would: type, mention, fill cards, press buttons, read what the page shows.
 * The Playground sends every activity with locale en-US (hard-coded in 0.2.28); the bot answers in the
 * language of the words typed (Swedish commands in Swedish, English ones in English), and posts to the
 * group follow the group's language.
 */
const sv = { group: groupTexts('sv'), label: labelTexts('sv'), common: commonTexts('sv') };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { launchChromium } = require('../../scripts/lib/chromium.js') as { launchChromium(): Promise<Browser> };

const SHOTS = join(REPO_ROOT, 'devTools', 'browser-test');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

async function startPlayground(endpoint: string, port: number): Promise<ChildProcess> {
  const child = spawn(join(REPO_ROOT, 'node_modules', '.bin', 'agentsplayground'), ['-e', endpoint, '-c', 'msteams', '-p', String(port), '--disable-telemetry'], {
    cwd: REPO_ROOT,
    env: { ...process.env, TEAMSAPPTESTER_BROWSER: 'none', M365_AGENTS_PLAYGROUND_CONFIG_PATH: join(REPO_ROOT, 'scripts', 'playground.yml') },
    stdio: ['ignore', 'pipe', 'pipe']
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Playground did not start: ${output}`)), 30000);
    const onData = (d: Buffer) => {
      output += d.toString();
      if (output.includes(`Listening on ${port}`)) {
        clearTimeout(timer);
        resolve();
      }
      if (/error/i.test(output) && /Failed to start/.test(output)) reject(new Error(output));
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`Playground exited with ${code}: ${output}`)));
  });
  return child;
}

describe('Trygg in the Microsoft 365 Agents Playground', () => {
  let bot: RunningBot;
  let playground: ChildProcess;
  let browser: Browser;
  let page: Page;
  let url: string;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    bot = await startBot();
    const port = await freePort();
    playground = await startPlayground(`${bot.url}/api/messages`, port);
    url = `http://127.0.0.1:${port}`;
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'sv-SE' });
    await page.goto(url, { waitUntil: 'networkidle' });
  }, 90000);

  afterEach(async () => {
    const name = expect.getState().currentTestName?.replace(/[^a-z0-9]+/gi, '-').slice(0, 60) ?? 'test';
    await page?.screenshot({ path: join(SHOTS, `${name}.png`) }).catch(() => undefined);
  });

  afterAll(async () => {
    await browser?.close();
    playground?.kill('SIGTERM');
    await bot?.stop();
  });

  /** Posts a new channel message that @mentions the bot, as Teams requires in channels. */
  async function postMentioning(text: string): Promise<void> {
    await page.locator('[data-lexical-editor="true"]:visible').first().click();
    await page.keyboard.type('@Tryg');
    await page.getByRole('menuitem', { name: 'Trygg' }).click();
    await page.keyboard.type(` ${text}`);
    await page.getByRole('button', { name: 'Post' }).click();
  }

  it('answers "hjälp" in the personal chat with the Swedish help card, although the Playground says en-US', async () => {
    await page.getByText('Personal Chat', { exact: true }).click();
    await page.locator('[data-lexical-editor="true"]:visible').last().click();
    await page.keyboard.type('hjälp');
    await page.keyboard.press('Enter');
    await page.getByText('Trygg – det här kan jag').waitFor({ timeout: 15000 });
    // The grouped help card (issue 16 item 5) shows each command as one line: "**registrera** – Registrera …".
    for (const line of ['registrera – Registrera teamet eller gruppchatten (SSPF-grupp eller styrgrupp).', 'medlemmar – Visa gruppens medlemmar, verksamheter och roller.']) {
      await expect(page.getByText(line, { exact: true }).count()).resolves.toBeGreaterThan(0);
    }
    await expect(page.getByText('Lägesbild', { exact: true }).count()).resolves.toBeGreaterThan(0);
  });

  it('answers "help" with the English help card', async () => {
    await page.locator('[data-lexical-editor="true"]:visible').last().click();
    await page.keyboard.type('help');
    await page.keyboard.press('Enter');
    await page.getByText('Trygg – what I can do').waitFor({ timeout: 15000 });
    await expect(page.getByText('register – Register the team or group chat (SSPF group or steering group).', { exact: true }).count()).resolves.toBeGreaterThan(0);
  });

  it('registers the team from the channel: the card is submitted and replaced by the confirmation', async () => {
    await page.getByText('Samverkan', { exact: true }).click();
    await postMentioning('registrera');
    await page.getByText(sv.group.registerTitle).waitFor({ timeout: 15000 });
    await page.getByRole('textbox', { name: sv.group.name }).fill('SSPF Ytterby');
    await page.getByRole('textbox', { name: sv.group.municipality }).fill('Kungälv');
    await page.getByRole('textbox', { name: sv.group.areas }).fill('Ytterby, Kode');
    await page.getByRole('combobox', { name: sv.group.agency }).click();
    await page.getByRole('option', { name: sv.label.socialtjanst }).click();
    await page.getByRole('button', { name: sv.group.submit }).click();
    await page.getByText(sv.group.registeredTitle).waitFor({ timeout: 15000 });
    await expect(page.getByText('Kungälv', { exact: true }).count()).resolves.toBeGreaterThan(0);
    await expect(page.getByText('Ytterby, Kode', { exact: true }).count()).resolves.toBeGreaterThan(0);
    // The data reached the store, not just the page.
    const groups = await bot.bot.repos.groups.listAll();
    expect(groups.map((g) => [g.name, g.municipality])).toEqual([['SSPF Ytterby', 'Kungälv']]);
  });

  it('a coordinator adds a member with the member card (Action.Execute) and the card shows the new roster', async () => {
    await postMentioning('medlem');
    await page.getByText(sv.group.changeTitle).waitFor({ timeout: 15000 });
    // The Playground's people picker suggests the mock tenant's users (scripts/playground.yml) and
    // returns the chosen person's id, as Teams' picker returns the Entra object id.
    await page.getByRole('combobox', { name: 'People Picker' }).click();
    await page.keyboard.type('Sara');
    await page.locator('.ms-Suggestions-item, [role="option"]').filter({ hasText: 'Sara Skola' }).first().click();
    await page.getByRole('combobox', { name: sv.group.agencyLabel }).click();
    await page.getByRole('option', { name: sv.label.skola, exact: true }).click();
    await page.getByRole('button', { name: sv.group.save }).click();
    await page.getByText('Sara Skola', { exact: true }).waitFor({ timeout: 15000 });
    await expect(page.getByText(`${sv.label.skola} · ${sv.label.medlem}`, { exact: true }).count()).resolves.toBeGreaterThan(0);
    const [group] = await bot.bot.repos.groups.listAll();
    const members = await bot.bot.repos.members.list(group.id);
    expect(members.map((m) => [m.name, m.agency, m.roles]).sort()).toEqual([
      ['Anna Samordnare', 'socialtjanst', ['samordnare']],
      ['Sara Skola', 'skola', ['medlem']]
    ]);
  });

  it('executes an approval: a proposed action (card submit) is approved from its card by the coordinator', async () => {
    const [group] = await bot.bot.repos.groups.listAll();
    // Cards posted in the group follow the group's language.
    const t = actionTexts(group.language);
    await page.getByText('Samverkan', { exact: true }).click();
    await postMentioning('insats ny');
    await page.getByText(t.newTitle, { exact: true }).last().waitFor({ timeout: 15000 });
    await page.getByRole('textbox', { name: t.title }).last().fill('Föräldravandring i Ytterby centrum inför påsklovet');
    // Selective level (the default) needs one of the group's areas.
    await page.getByRole('combobox', { name: t.areaHint }).last().click();
    await page.getByRole('option', { name: 'Ytterby', exact: true }).click();
    // The owner is a people picker over the tenant's users (Data.Query), as in Teams.
    await page.getByRole('combobox', { name: 'People Picker' }).last().click();
    await page.keyboard.type('Anna');
    await page.locator('.ms-Suggestions-item, [role="option"]').filter({ hasText: 'Anna Samordnare' }).first().click();
    // Teams (and the Playground) render Input.Date as a date picker: open it, go to next month, pick the 15th.
    await page.locator('input[placeholder="Select a date..."]').last().click();
    await page.getByRole('button', { name: /next month/i }).first().click();
    await page.getByRole('gridcell', { name: /^15,/ }).first().click().catch(async () => page.getByRole('button', { name: /^15,/ }).first().click());
    await page.getByRole('button', { name: t.submit, exact: true }).last().click();
    await page.getByText(t.proposedBy('Anna Samordnare', '').trim(), { exact: false }).last().waitFor({ timeout: 15000 });
    // Anna is the group's coordinator: the card offers her the decision.
    await page.getByRole('button', { name: t.approve, exact: true }).last().click();
    await page.getByText(t.approvedBy('Anna Samordnare', '').trim(), { exact: false }).last().waitFor({ timeout: 15000 });
    const actions = await bot.store.container('actions').items.query({ query: 'SELECT * FROM c WHERE c.groupId = @g', parameters: [{ name: '@g', value: group.id }] }).fetchAll();
    expect(actions.resources.map((a) => [a.title, a.status, a.decision?.byName])).toEqual([['Föräldravandring i Ytterby centrum inför påsklovet', 'godkand', 'Anna Samordnare']]);
  });

  it('a refusal is shown to the user: a group command in the personal chat', async () => {
    await page.getByText('Personal Chat', { exact: true }).click();
    await page.locator('[data-lexical-editor="true"]:visible').last().click();
    await page.keyboard.type('medlemmar');
    await page.keyboard.press('Enter');
    await page.getByText(sv.common.groupOnly).first().waitFor({ timeout: 15000 });
  });
});
