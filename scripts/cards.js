#!/usr/bin/env node
// Card gallery (`npm run cards`, builds first): the real bot (dist/) on a fresh in-memory store with the
// demo data at a fixed clock, asked for every card in Swedish and English (scripts/lib/gallery-cards.js),
// each card drawn by the Adaptive Cards JS SDK in Debian's Chromium at 480 and 344 px with the bundled
// font (scripts/lib/card-renderer.js), written to docs/cards/<card>.<lang>.<width>.png. The output is
// byte-identical between runs on one machine; the visual test in `npm run test:browser` compares against it.
// `node scripts/cards.js --check` writes nothing and fails if a picture differs from the stored one.
const { existsSync, mkdirSync, readdirSync, readFileSync, unlinkSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { collectGalleryCards, GALLERY } = require('./lib/gallery-cards');
const { openCardRenderer, WIDTHS } = require('./lib/card-renderer');

const ROOT = join(__dirname, '..');
const OUT = join(ROOT, 'docs', 'cards');
const GALLERY_PNG = /^[a-z0-9-]+\.(sv|en)\.\d+\.png$/;

function botModules() {
  const dist = (p) => require(join(ROOT, 'dist', 'src', p));
  return { ...dist('app.js'), ...dist('config.js'), ...dist('store/store.js'), ...dist('demo/seed.js') };
}

async function main() {
  const check = process.argv.includes('--check');
  const started = Date.now();
  const { entries, missing } = await collectGalleryCards(botModules());
  const renderer = await openCardRenderer();
  const written = new Set();
  const differing = [];
  try {
    for (const { card, lang, json } of entries) {
      for (const width of WIDTHS) {
        const name = `${card}.${lang}.${width}.png`;
        const { png, warnings } = await renderer.render(json, { width, lang });
        for (const w of warnings) if (!/^Unknown element type "Chart\./.test(w)) console.warn(`${name}: ${w}`);
        written.add(name);
        const file = join(OUT, name);
        if (check) {
          if (!existsSync(file) || !readFileSync(file).equals(png)) differing.push(name);
        } else {
          mkdirSync(OUT, { recursive: true });
          writeFileSync(file, png);
        }
      }
    }
  } finally {
    await renderer.close();
  }
  // Pictures of cards the gallery no longer shows would mislead: remove them, and the older one-size
  // `<template>.png` pictures (the Playground's screenshots live in playground/ and stay).
  const stale = readdirSync(OUT).filter((f) => (GALLERY_PNG.test(f) && !written.has(f)) || /^[a-z0-9-]+\.png$/.test(f));
  if (!check) for (const f of stale) unlinkSync(join(OUT, f));
  // Every template in cards/ should be in the gallery under its own name.
  const templates = readdirSync(join(ROOT, 'cards')).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5));
  const shown = new Set(GALLERY.map((e) => e.card));
  const unshown = templates.filter((t) => !shown.has(t));
  console.log(`${written.size} pictures of ${new Set(entries.map((e) => e.card)).size} cards in docs/cards/ (${Math.round((Date.now() - started) / 1000)} s)`);
  if (unshown.length) console.warn(`templates with no gallery entry (add one to scripts/lib/gallery-cards.js): ${unshown.join(', ')}`);
  if (missing.length) {
    for (const m of missing) console.error(`no card for ${m.card} (${m.lang}): ${m.reason}`);
    process.exitCode = 1;
  }
  if (check && differing.length) {
    console.error(`differ from docs/cards/: ${differing.join(', ')}`);
    process.exitCode = 1;
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
