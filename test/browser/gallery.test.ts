import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import * as app from '../../src/app';
import * as config from '../../src/config';
import * as seed from '../../src/demo/seed';
import { REPO_ROOT } from '../../src/paths';
import * as store from '../../src/store/store';

/**
 * The visual test of the card gallery (docs/cards/README.md): every gallery card is collected again from
 * the bot's current sources on the demo data at the fixed clock, drawn again, and must have the stored
 * picture's size with at most 0.5 % of its pixels differing. After a deliberate change of a card, run
 * `npm run cards` and commit the pictures; a failing picture's new rendering and a diff are written to
 * devTools/gallery-diff/.
 */
type Json = Record<string, unknown>;
interface Comparison {
  ok: boolean;
  reason: string;
  differing: number;
  ratio: number;
  diff?: Buffer;
}
interface Renderer {
  render(card: Json, o: { width: number; lang: string; raw?: boolean }): Promise<{ png: Buffer; warnings: string[] }>;
  close(): Promise<void>;
}
/* eslint-disable @typescript-eslint/no-require-imports */
const { comparePngs, MAX_DIFF_RATIO } = require('../../scripts/lib/png-compare.js') as {
  comparePngs(expected: Buffer, actual: Buffer, o?: { maxRatio?: number; tolerance?: number }): Comparison;
  MAX_DIFF_RATIO: number;
};
const { openCardRenderer, WIDTHS } = require('../../scripts/lib/card-renderer.js') as { openCardRenderer(): Promise<Renderer>; WIDTHS: number[] };
const { collectGalleryCards, GALLERY, LANGS } = require('../../scripts/lib/gallery-cards.js') as {
  collectGalleryCards(mod: object): Promise<{ entries: Array<{ card: string; lang: string; json: Json }>; missing: Array<{ card: string; lang: string; reason: string }> }>;
  GALLERY: Array<{ card: string }>;
  LANGS: string[];
};
/* eslint-enable @typescript-eslint/no-require-imports */

const DOCS = join(REPO_ROOT, 'docs', 'cards');
const DIFFS = join(REPO_ROOT, 'devTools', 'gallery-diff');

/** A blank white PNG of the given size, with `paint` pixels (from the top left) set to black. */
function png(width: number, height: number, paint = 0): Buffer {
  const p = new PNG({ width, height });
  p.data.fill(255);
  for (let i = 0; i < paint; i++) p.data.set([0, 0, 0, 255], i * 4);
  return PNG.sync.write(p);
}

describe('the visual comparison (pngjs)', () => {
  const stored = readFileSync(join(DOCS, 'help.sv.480.png'));

  it('accepts the same picture', () => {
    expect(comparePngs(stored, stored)).toMatchObject({ ok: true, differing: 0 });
  });

  it('allows at most 0.5 % differing pixels: 50 of 10 000 pass, 51 fail', () => {
    expect(MAX_DIFF_RATIO).toBe(0.005);
    expect(comparePngs(png(100, 100), png(100, 100, 50))).toMatchObject({ ok: true, differing: 50 });
    expect(comparePngs(png(100, 100), png(100, 100, 51))).toMatchObject({ ok: false, differing: 51 });
  });

  it('fails a picture of another size, even one pixel taller', () => {
    const r = comparePngs(png(100, 100), png(100, 101));
    expect(r.ok).toBe(false);
    expect(r.reason).toMatch(/size 100×101 instead of 100×100/);
  });

  it('fails a changed gallery picture: a band of 2 % of the stored help card painted over', () => {
    const changed = PNG.sync.read(stored);
    const rows = Math.ceil(changed.height * 0.02) + 1;
    for (let y = 20; y < 20 + rows; y++) for (let x = 0; x < changed.width; x++) changed.data.set([91, 95, 199, 255], (y * changed.width + x) * 4);
    const r = comparePngs(stored, PNG.sync.write(changed));
    expect(r.ok).toBe(false);
    expect(r.differing).toBeGreaterThan(0.005 * changed.width * changed.height);
  });
});

describe('the card gallery (docs/cards/)', () => {
  let renderer: Renderer;
  const cards = new Map<string, Json>();
  let missing: Array<{ card: string; lang: string; reason: string }> = [];

  beforeAll(async () => {
    mkdirSync(DIFFS, { recursive: true });
    const result = await collectGalleryCards({ ...app, ...config, ...store, ...seed });
    for (const e of result.entries) cards.set(`${e.card}.${e.lang}`, e.json);
    missing = result.missing;
    renderer = await openCardRenderer();
  }, 300_000);

  afterAll(async () => {
    await renderer?.close();
  });

  it('gets a card for every gallery entry in both languages', () => {
    expect(missing).toEqual([]);
  });

  it('draws an unknown Chart.* element as its fallback, as Teams clients without charts do', async () => {
    const facts = { type: 'FactSet', facts: [{ title: 'v. 9', value: '4' }, { title: 'v. 10', value: '7' }] };
    const chart = { type: 'Chart.Line', title: 'Narkotika', data: [{ legend: 'Ytterby', values: [{ x: 'v. 9', y: 4 }, { x: 'v. 10', y: 7 }] }], fallback: facts };
    const card = (element: Json) => ({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'Lägesbild' }, element] });
    const withChart = await renderer.render(card(chart), { width: 344, lang: 'sv' });
    const withFacts = await renderer.render(card(facts), { width: 344, lang: 'sv' });
    const without = await renderer.render(card({ type: 'TextBlock', text: '' }), { width: 344, lang: 'sv' });
    expect(withChart.warnings).toEqual(['Unknown element type "Chart.Line". Fallback will be used if present.']);
    expect(withChart.png.equals(withFacts.png)).toBe(true);
    expect(withChart.png.equals(without.png)).toBe(false);
  });

  it('draws the same card byte-identically twice', async () => {
    const help = cards.get('help.sv')!;
    const a = await renderer.render(help, { width: 344, lang: 'sv' });
    const b = await renderer.render(help, { width: 344, lang: 'sv' });
    expect(a.png.equals(b.png)).toBe(true);
  });

  it('fails on a real change of a card: the help card in the other language, and without its intro', async () => {
    const stored = readFileSync(join(DOCS, 'help.sv.480.png'));
    const help = cards.get('help.sv')!;
    const body = help.body as Json[];
    const shorter = { ...help, body: [body[0], ...body.slice(2)] };
    const r1 = comparePngs(stored, (await renderer.render(cards.get('help.en')!, { width: 480, lang: 'sv' })).png);
    const r2 = comparePngs(stored, (await renderer.render(shorter, { width: 480, lang: 'sv' })).png);
    expect([r1.ok, r2.ok]).toEqual([false, false]);
  });

  const pictures = GALLERY.flatMap((e) => LANGS.flatMap((lang) => WIDTHS.map((width) => ({ card: e.card, lang, width }))));
  it.each(pictures)('$card in $lang at $width px matches docs/cards/', async ({ card, lang, width }) => {
    const name = `${card}.${lang}.${width}.png`;
    const json = cards.get(`${card}.${lang}`);
    if (!json) throw new Error(`no ${lang} card for ${card} (see the first test)`);
    const file = join(DOCS, name);
    if (!existsSync(file)) throw new Error(`docs/cards/${name} is missing: run npm run cards and commit the pictures`);
    const { png: actual } = await renderer.render(json, { width, lang, raw: true });
    const r = comparePngs(readFileSync(file), actual);
    if (!r.ok) {
      writeFileSync(join(DIFFS, name), actual);
      if (r.diff) writeFileSync(join(DIFFS, name.replace(/\.png$/, '.diff.png')), r.diff);
      throw new Error(`docs/cards/${name}: ${r.reason}. New rendering and diff in devTools/gallery-diff/; if the change is meant, run npm run cards and commit.`);
    }
  });
});
