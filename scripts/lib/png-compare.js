// Compares two PNGs pixel by pixel (pngjs): the visual test's rule is "same size, and at most 0.5 % of
// the pixels differ". A pixel differs when any channel (RGBA) differs by more than `tolerance` (0-255),
// so invisible rounding noise does not count but any visible change of a glyph, line or colour does.
const { PNG } = require('pngjs');

/** The share of differing pixels the visual test allows. */
const MAX_DIFF_RATIO = 0.005;
/** The per-channel difference a pixel may have and still count as the same. */
const CHANNEL_TOLERANCE = 8;

/**
 * `{ ok, reason, width, height, differing, ratio, diff }`: `diff` is a PNG (Buffer) with the differing
 * pixels in red over a faded copy of `expected`, for a person to look at when the test fails.
 */
function comparePngs(expected, actual, options = {}) {
  const maxRatio = options.maxRatio ?? MAX_DIFF_RATIO;
  const tolerance = options.tolerance ?? CHANNEL_TOLERANCE;
  const a = PNG.sync.read(expected);
  const b = PNG.sync.read(actual);
  if (a.width !== b.width || a.height !== b.height) {
    return { ok: false, reason: `size ${b.width}×${b.height} instead of ${a.width}×${a.height}`, width: b.width, height: b.height, differing: NaN, ratio: 1 };
  }
  const out = new PNG({ width: a.width, height: a.height });
  let differing = 0;
  for (let i = 0; i < a.data.length; i += 4) {
    let differs = false;
    for (let c = 0; c < 4; c++) if (Math.abs(a.data[i + c] - b.data[i + c]) > tolerance) differs = true;
    if (differs) differing++;
    const grey = 255 - Math.round((255 - (a.data[i] + a.data[i + 1] + a.data[i + 2]) / 3) * 0.3);
    out.data[i] = differs ? 255 : grey;
    out.data[i + 1] = differs ? 0 : grey;
    out.data[i + 2] = differs ? 0 : grey;
    out.data[i + 3] = 255;
  }
  const ratio = differing / (a.width * a.height);
  const ok = ratio <= maxRatio;
  return {
    ok,
    reason: ok ? '' : `${differing} of ${a.width * a.height} pixels differ (${(ratio * 100).toFixed(2)} %, at most ${(maxRatio * 100).toFixed(1)} % allowed)`,
    width: a.width,
    height: a.height,
    differing,
    ratio,
    diff: PNG.sync.write(out)
  };
}

module.exports = { comparePngs, MAX_DIFF_RATIO, CHANNEL_TOLERANCE };
