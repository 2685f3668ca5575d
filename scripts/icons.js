#!/usr/bin/env node
// Draws the Teams app icons with pngjs: appPackage/color.png (192×192, white shield on the accent colour)
// and appPackage/outline.png (32×32, white shield on a transparent background, as Teams requires).
// The PNGs are committed; run `npm run icons` only when the design changes.
const { PNG } = require('pngjs');
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');

const ACCENT = [0x1b, 0x5e, 0x7a];
const SAMPLES = 4; // supersampling per axis, for smooth edges

/** Whether the point (u, v) in the unit square lies inside a shield with a check-mark cut-out. */
function inShield(u, v, withCheck) {
  const x = (u - 0.5) * 2; // -1..1
  const top = 0.12;
  const shoulder = 0.52;
  const tip = 0.9;
  const halfWidth = 0.68;
  let inside = false;
  if (v >= top && v <= shoulder) inside = Math.abs(x) <= halfWidth;
  else if (v > shoulder && v <= tip) {
    const t = (v - shoulder) / (tip - shoulder);
    inside = Math.abs(x) <= halfWidth * Math.sqrt(Math.max(0, 1 - t * t));
  }
  if (!inside || !withCheck) return inside;
  // A check mark: two thick strokes, cut out of the shield.
  return !(nearSegment(u, v, 0.33, 0.5, 0.46, 0.63, 0.055) || nearSegment(u, v, 0.46, 0.63, 0.69, 0.36, 0.055));
}

function nearSegment(px, py, ax, ay, bx, by, r) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  const cx = ax + t * dx - px;
  const cy = ay + t * dy - py;
  return cx * cx + cy * cy <= r * r;
}

/** Coverage of the shield in pixel (x, y) of a size×size image, 0..1. */
function coverage(x, y, size, withCheck) {
  let hits = 0;
  for (let i = 0; i < SAMPLES; i++) {
    for (let j = 0; j < SAMPLES; j++) {
      if (inShield((x + (i + 0.5) / SAMPLES) / size, (y + (j + 0.5) / SAMPLES) / size, withCheck)) hits++;
    }
  }
  return hits / (SAMPLES * SAMPLES);
}

/** Renders one icon; `background` undefined means transparent. */
function draw(size, background, withCheck) {
  const png = new PNG({ width: size, height: size });
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const c = coverage(x, y, size, withCheck);
      const i = (y * size + x) * 4;
      if (background) {
        for (let k = 0; k < 3; k++) png.data[i + k] = Math.round(background[k] * (1 - c) + 255 * c);
        png.data[i + 3] = 255;
      } else {
        png.data[i] = png.data[i + 1] = png.data[i + 2] = 255;
        png.data[i + 3] = Math.round(255 * c);
      }
    }
  }
  return PNG.sync.write(png);
}

const dir = join(__dirname, '..', 'appPackage');
writeFileSync(join(dir, 'color.png'), draw(192, ACCENT, true));
writeFileSync(join(dir, 'outline.png'), draw(32, undefined, false));
console.log('wrote appPackage/color.png (192×192) and appPackage/outline.png (32×32)');
