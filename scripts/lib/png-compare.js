// Compares two PNGs pixel by pixel (pngjs): the visual test's rule is "same size, and at most 0.5 % of
// the pixels differ". A pixel differs when any channel (RGBA) differs by more than `tolerance` (0-255),
// so invisible rounding noise does not count but any visible change of a glyph, line or colour does.
const { PNG } = require('pngjs');

/** The share of differing pixels the visual test allows. */
const MAX_DIFF_RATIO = 0.005;
/** The per-channel difference a pixel may have and still count as the same. */
const CHANNEL_TOLERANCE = 8;

/**
 * `{ ok, reason, width, height, differing, ratio, diff }`: for a failure, `diff` is a PNG (Buffer) with
 * the differing pixels in red over a faded copy of `expected`, for a person to look at.
 */
function comparePngs(expected, actual, options = {}) {
  const maxRatio = options.maxRatio ?? MAX_DIFF_RATIO;
  const tolerance = options.tolerance ?? CHANNEL_TOLERANCE;
  const a = PNG.sync.read(expected);
  const b = PNG.sync.read(actual);
  if (a.width !== b.width || a.height !== b.height) {
    return { ok: false, reason: `size ${b.width}×${b.height} instead of ${a.width}×${a.height}`, width: b.width, height: b.height, differing: NaN, ratio: 1 };
  }
  let differing = 0;
  const differs = (i) => {
    for (let c = 0; c < 4; c++) if (Math.abs(a.data[i + c] - b.data[i + c]) > tolerance) return true;
    return false;
  };
  for (let i = 0; i < a.data.length; i += 4) if (differs(i)) differing++;
  const ratio = differing / (a.width * a.height);
  const ok = ratio <= maxRatio;
  return {
    ok,
    reason: ok ? '' : `${differing} of ${a.width * a.height} pixels differ (${(ratio * 100).toFixed(2)} %, at most ${(maxRatio * 100).toFixed(1)} % allowed)`,
    width: a.width,
    height: a.height,
    differing,
    ratio,
    // Drawn only for a failure: encoding a PNG per comparison would cost more than the comparison.
    diff: ok ? undefined : diffPng(a, differs)
  };
}

/** The differing pixels in red over a faded copy of `a`. */
function diffPng(a, differs) {
  const out = new PNG({ width: a.width, height: a.height });
  for (let i = 0; i < a.data.length; i += 4) {
    const d = differs(i);
    const grey = 255 - Math.round((255 - (a.data[i] + a.data[i + 1] + a.data[i + 2]) / 3) * 0.3);
    out.data[i] = d ? 255 : grey;
    out.data[i + 1] = d ? 0 : grey;
    out.data[i + 2] = d ? 0 : grey;
    out.data[i + 3] = 255;
  }
  return PNG.sync.write(out);
}

module.exports = { comparePngs, MAX_DIFF_RATIO, CHANNEL_TOLERANCE };
