#!/usr/bin/env node
// Card gallery: renders every template in cards/ with its sample data (cards/samples/<name>.json)
// through the one renderer (src/cards/render.ts, compiled to dist/) and draws it with the Adaptive
// Cards JavaScript SDK in headless Chromium, one PNG per card in docs/cards/.
// Run with `npm run cards` (builds first). A template without a sample is reported and skipped here;
// the card test in `npm test` fails for it.
const { existsSync, mkdirSync, readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');
const { launchChromium } = require('./lib/chromium');

const ROOT = join(__dirname, '..');
const CARDS = join(ROOT, 'cards');
const OUT = join(ROOT, 'docs', 'cards');
const { renderCard } = require(join(ROOT, 'dist', 'src', 'cards', 'render.js'));

/** A light Teams-like host config: Segoe UI stack, Teams' purple accent, compact spacing. */
const HOST_CONFIG = {
  fontFamily: "'Segoe UI', 'Helvetica Neue', Arial, sans-serif",
  spacing: { small: 4, default: 8, medium: 16, large: 20, extraLarge: 24, padding: 16 },
  containerStyles: {
    default: { backgroundColor: '#FFFFFF', foregroundColors: { default: { default: '#242424', subtle: '#616161' }, accent: { default: '#5B5FC7' }, good: { default: '#237B4B' }, attention: { default: '#C4314B' }, warning: { default: '#835C00' } } },
    emphasis: { backgroundColor: '#F5F5F5', foregroundColors: { default: { default: '#242424', subtle: '#616161' } } }
  },
  actions: { actionsOrientation: 'horizontal', buttonSpacing: 8, maxActions: 6, showCard: { actionMode: 'inline' } }
};

async function main() {
  mkdirSync(OUT, { recursive: true });
  const names = readdirSync(CARDS).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();
  const browser = await launchChromium();
  const missing = [];
  try {
    const page = await browser.newPage({ viewport: { width: 520, height: 400 }, deviceScaleFactor: 2 });
    await page.setContent(`<!doctype html><html><head><meta charset="utf-8"><style>
      body { margin: 0; padding: 12px; background: #EBEBEB; font-family: 'Segoe UI', Arial, sans-serif; }
      #card { width: 480px; background: #fff; border-radius: 6px; box-shadow: 0 1px 3px rgba(0,0,0,.2); overflow: hidden; }
      .ac-pushButton { border: 1px solid #D1D1D1; background: #fff; border-radius: 4px; padding: 6px 12px; font-weight: 600; }
      input, select { font: inherit; }
    </style></head><body><div id="card"></div></body></html>`);
    await page.addScriptTag({ path: require.resolve('adaptivecards/dist/adaptivecards.js') });
    for (const name of names) {
      const sample = join(CARDS, 'samples', `${name}.json`);
      if (!existsSync(sample)) {
        missing.push(name);
        continue;
      }
      const card = renderCard(name, JSON.parse(readFileSync(sample, 'utf8')));
      const problem = await page.evaluate(
        ({ card, hostConfig }) => {
          const host = document.getElementById('card');
          host.innerHTML = '';
          const ac = new window.AdaptiveCards.AdaptiveCard();
          ac.hostConfig = new window.AdaptiveCards.HostConfig(hostConfig);
          ac.parse(card);
          const el = ac.render();
          if (!el) return 'the SDK rendered nothing';
          host.appendChild(el);
          return '';
        },
        { card, hostConfig: HOST_CONFIG }
      );
      if (problem) throw new Error(`cards/${name}.json: ${problem}`);
      await page.locator('#card').screenshot({ path: join(OUT, `${name}.png`) });
      console.log(`docs/cards/${name}.png`);
    }
  } finally {
    await browser.close();
  }
  if (missing.length) {
    console.error(`no sample data for: ${missing.map((n) => `cards/${n}.json`).join(', ')} (add cards/samples/<name>.json)`);
    process.exitCode = 1;
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
