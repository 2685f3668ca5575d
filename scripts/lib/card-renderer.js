// Draws Adaptive Cards to PNG the same way on every run: the Adaptive Cards JavaScript SDK in Debian's
// Chromium (playwright-core), the bundled Noto Sans (@fontsource/noto-sans, OFL-1.1) as the only web
// font, deviceScaleFactor 1, no animation, no caret, no hinting or LCD text, sRGB, a fixed locale and time
// zone, and the PNG re-encoded by pngjs (no metadata chunks, fixed compression). Used by `npm run cards`
// and by the visual test in test/browser/.
const { readFileSync } = require('node:fs');
const { dirname, join } = require('node:path');
const { PNG } = require('pngjs');
const { launchChromium } = require('./chromium');

/** The gallery's widths: Teams desktop's card column, and a 344 px phone (Teams mobile's narrowest). */
const WIDTHS = [480, 344];

/** The family name the page gives the bundled font: unique, so no installed font can stand in for it. */
const FONT_FAMILY = 'TryggGalleryNotoSans';
const FONT_DIR = join(dirname(require.resolve('@fontsource/noto-sans/package.json')), 'files');
const FONT_WEIGHTS = [300, 400, 600, 700];

/**
 * Chromium switches that take the machine's font settings and GPU out of the picture: no hinting and no
 * subpixel (LCD) text, so glyphs rasterise the same whatever fontconfig says; sRGB instead of the
 * display's profile; no scrollbars.
 */
const DETERMINISTIC_ARGS = ['--font-render-hinting=none', '--disable-lcd-text', '--disable-font-subpixel-positioning', '--force-color-profile=srgb', '--hide-scrollbars', '--disable-skia-runtime-opts'];

/** A light Teams-like host config with the bundled font and Teams' purple accent. */
const HOST_CONFIG = {
  fontFamily: `'${FONT_FAMILY}', sans-serif`,
  fontTypes: {
    default: {
      fontFamily: `'${FONT_FAMILY}', sans-serif`,
      fontSizes: { small: 12, default: 14, medium: 16, large: 20, extraLarge: 24 },
      fontWeights: { lighter: 300, default: 400, bolder: 600 }
    },
    monospace: {
      fontFamily: 'monospace',
      fontSizes: { small: 12, default: 14, medium: 16, large: 20, extraLarge: 24 },
      fontWeights: { lighter: 300, default: 400, bolder: 600 }
    }
  },
  spacing: { small: 4, default: 8, medium: 16, large: 20, extraLarge: 24, padding: 16 },
  containerStyles: {
    default: { backgroundColor: '#FFFFFF', foregroundColors: { default: { default: '#242424', subtle: '#616161' }, accent: { default: '#5B5FC7' }, good: { default: '#237B4B' }, attention: { default: '#C4314B' }, warning: { default: '#835C00' } } },
    emphasis: { backgroundColor: '#F5F5F5', foregroundColors: { default: { default: '#242424', subtle: '#616161' } } }
  },
  actions: { actionsOrientation: 'horizontal', buttonSpacing: 8, maxActions: 6, showCard: { actionMode: 'inline' } }
};

function fontFaces() {
  return FONT_WEIGHTS.map((w) => {
    const woff2 = readFileSync(join(FONT_DIR, `noto-sans-latin-${w}-normal.woff2`)).toString('base64');
    return `@font-face { font-family: '${FONT_FAMILY}'; font-style: normal; font-weight: ${w}; font-display: block; src: url(data:font/woff2;base64,${woff2}) format('woff2'); }`;
  }).join('\n');
}

function pageHtml() {
  return `<!doctype html><html><head><meta charset="utf-8"><style>
${fontFaces()}
*, *::before, *::after { animation: none !important; transition: none !important; caret-color: transparent !important; }
html { -webkit-font-smoothing: antialiased; text-rendering: geometricPrecision; }
body { margin: 0; padding: 12px; background: #EBEBEB; font-family: '${FONT_FAMILY}', sans-serif; }
#card { background: #fff; border-radius: 6px; box-shadow: 0 1px 3px rgba(0,0,0,.2); overflow: hidden; }
.ac-pushButton { border: 1px solid #D1D1D1; background: #fff; border-radius: 4px; padding: 6px 12px; font-weight: 600; font-family: inherit; }
input, select, textarea, button { font: inherit; }
</style></head><body><div id="card"></div></body></html>`;
}

/**
 * Runs in the page: the markdown Teams renders in a TextBlock (bold, italic, links, bulleted and numbered
 * lists, line breaks). The SDK alone shows the asterisks; Teams does not.
 */
function installMarkdown() {
  const escape = (t) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const inline = (t) =>
    escape(t)
      .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, '<a href="$2">$1</a>')
      .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
      .replace(/(^|[\s(])_(.+?)_(?=$|[\s).,:;!?])/g, '$1<em>$2</em>')
      .replace(/(^|[\s(])\*(?!\s)(.+?)\*(?=$|[\s).,:;!?])/g, '$1<em>$2</em>');
  window.AdaptiveCards.AdaptiveCard.onProcessMarkdown = (text, result) => {
    const html = [];
    let list = '';
    for (const line of text.split(/\r?\n/)) {
      const bullet = line.match(/^\s*[-*+]\s+(.*)$/);
      const numbered = line.match(/^\s*\d+\.\s+(.*)$/);
      const kind = bullet ? 'ul' : numbered ? 'ol' : '';
      if (list && kind !== list) html.push(`</${list}>`);
      if (kind && kind !== list) html.push(`<${kind} style="margin:0;padding-left:20px">`);
      list = kind;
      if (kind) html.push(`<li>${inline((bullet || numbered)[1])}</li>`);
      else if (line.trim()) html.push(`<p style="margin:0">${inline(line)}</p>`);
      else html.push('<p style="margin:0">&nbsp;</p>');
    }
    if (list) html.push(`</${list}>`);
    result.outputHtml = html.join('');
    result.didProcess = true;
  };
}

/** Makes a PNG byte-stable: decoded and encoded again by pngjs (pixels only, no text or time chunks). */
function normalizePng(buffer) {
  const png = PNG.sync.read(buffer);
  return PNG.sync.write(png, { colorType: 6, inputColorType: 6, deflateLevel: 9, filterType: 4 });
}

/**
 * Opens a renderer: `render(card, { width, lang, raw })` resolves to `{ png, warnings }`, the card drawn at
 * `width` CSS pixels (deviceScaleFactor 1) and what the SDK said while parsing (unknown elements and the
 * like). One page per language (its locale decides how native date and time inputs look).
 */
async function openCardRenderer() {
  const browser = await launchChromium(DETERMINISTIC_ARGS);
  const pages = new Map();
  async function pageFor(lang) {
    let page = pages.get(lang);
    if (page) return page;
    const context = await browser.newContext({
      viewport: { width: Math.max(...WIDTHS) + 24, height: 600 },
      deviceScaleFactor: 1,
      locale: lang === 'sv' ? 'sv-SE' : 'en-US',
      timezoneId: 'Europe/Stockholm',
      reducedMotion: 'reduce',
      colorScheme: 'light'
    });
    page = await context.newPage();
    await page.setContent(pageHtml());
    await page.addScriptTag({ path: require.resolve('adaptivecards/dist/adaptivecards.js') });
    await page.addScriptTag({ content: `(${installMarkdown.toString()})()` });
    await page.evaluate(async (family) => {
      await Promise.all(['300', '400', '600', '700'].map((w) => document.fonts.load(`${w} 14px '${family}'`, 'Åäö')));
      await document.fonts.ready;
    }, FONT_FAMILY);
    pages.set(lang, page);
    return page;
  }
  return {
    async render(card, { width, lang, raw = false }) {
      const page = await pageFor(lang);
      const warnings = await page.evaluate(
        ({ card, hostConfig, width }) => {
          const host = document.getElementById('card');
          host.innerHTML = '';
          host.style.width = `${width}px`;
          const ac = new window.AdaptiveCards.AdaptiveCard();
          ac.hostConfig = new window.AdaptiveCards.HostConfig(hostConfig);
          const context = new window.AdaptiveCards.SerializationContext();
          ac.parse(card, context);
          const el = ac.render();
          if (!el) throw new Error('the SDK rendered nothing');
          host.appendChild(el);
          if (document.activeElement && document.activeElement !== document.body) document.activeElement.blur();
          const warnings = [];
          for (let i = 0; i < context.eventCount; i++) warnings.push(context.getEventAt(i).message);
          return warnings;
        },
        { card, hostConfig: HOST_CONFIG, width }
      );
      await page.evaluate(() => document.fonts.ready);
      const shot = await page.locator('#card').screenshot({ animations: 'disabled', caret: 'hide', scale: 'css' });
      // `raw`: Chromium's own PNG, for a comparison that decodes it anyway (skips the costly re-encode).
      return { png: raw ? shot : normalizePng(shot), warnings };
    },
    close: () => browser.close()
  };
}

module.exports = { openCardRenderer, normalizePng, WIDTHS, HOST_CONFIG, FONT_FAMILY, DETERMINISTIC_ARGS };
