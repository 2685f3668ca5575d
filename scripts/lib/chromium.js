// Launches Debian's Chromium headless through playwright-core. Never downloads a browser: set
// CHROMIUM_PATH to use another binary (default /usr/bin/chromium; CI installs it with apt).
const { existsSync } = require('node:fs');
const { chromium } = require('playwright-core');

const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];

/** Starts headless Chromium (with `extraArgs` added); fails with an install hint when the binary is missing. */
async function launchChromium(extraArgs = []) {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: install it with "apt-get install -y chromium" or set CHROMIUM_PATH.`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, ...extraArgs], headless: true });
}

module.exports = { launchChromium, CHROMIUM_PATH, CHROMIUM_ARGS };
