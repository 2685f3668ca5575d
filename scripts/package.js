#!/usr/bin/env node
// Builds the Teams app package appPackage/build/trygg.zip: manifest.json with the ${{VAR}} placeholders
// filled from the environment, the two icons and the localisation files the manifest names (en.json).
//
//   BOT_ID=… BOT_DOMAIN=<app>.azurewebsites.net PRIVACY_URL=https://… TERMS_OF_USE_URL=https://… npm run package
//   BOT_ID=… BOT_DOMAIN=… npm run package -- --dev
//
// Required: BOT_ID, BOT_DOMAIN, and for a production package PRIVACY_URL and TERMS_OF_USE_URL (the
// municipality's own https pages: Teams shows them to every user who installs the app). `--dev` builds a
// package for testing that points missing privacy and terms URLs at https://<BOT_DOMAIN>/. Optional:
// TEAMS_APP_ID (default: a stable id derived from BOT_ID, so a rebuilt package updates the same app),
// APP_VERSION, PUBLISHER_NAME, PUBLISHER_WEBSITE_URL (default https://<BOT_DOMAIN>/).
const { createHash } = require('node:crypto');
const { mkdirSync, readFileSync, createWriteStream } = require('node:fs');
const { join } = require('node:path');
const yazl = require('yazl');

const ROOT = join(__dirname, '..');
const APP_DIR = join(ROOT, 'appPackage');
const OUT = join(APP_DIR, 'build', 'trygg.zip');
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DOMAIN = /^(?!-)[a-z0-9-]+(\.[a-z0-9-]+)+$/i;
/** The pages a production package must name; `--dev` lets them fall back to the bot's root page. */
const LEGAL_URLS = {
  PRIVACY_URL: "the municipality's privacy statement for Trygg",
  TERMS_OF_USE_URL: "the municipality's terms of use for Trygg"
};
/** Fixed timestamp inside the zip, so the same input gives the same bytes. */
const ZIP_TIME = new Date('2026-01-01T00:00:00Z');

class PackageError extends Error {}

/** A stable UUID (version 5 layout) derived from the bot id: the same bot gets the same Teams app id. */
function deriveAppId(botId) {
  const h = createHash('sha1').update('trygg-teams-app:' + botId.toLowerCase()).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

/** The values for every placeholder, from env; throws a PackageError naming what is missing or wrong. */
function placeholderValues(env, { dev = false } = {}) {
  const blank = (v) => v === undefined || String(v).trim() === '';
  const problems = [];
  if (blank(env.BOT_ID)) problems.push('BOT_ID is missing: set it to the client id of the bot identity (output BOT_ID of infra/azure.bicep).');
  else if (!GUID.test(env.BOT_ID.trim())) problems.push(`BOT_ID "${env.BOT_ID}" is not a GUID.`);
  if (blank(env.BOT_DOMAIN)) problems.push('BOT_DOMAIN is missing: set it to the web app host name (output BOT_DOMAIN of infra/azure.bicep).');
  else if (!DOMAIN.test(env.BOT_DOMAIN.trim())) problems.push(`BOT_DOMAIN "${env.BOT_DOMAIN}" is not a host name (no https://, no path).`);
  if (!blank(env.TEAMS_APP_ID) && !GUID.test(env.TEAMS_APP_ID.trim())) problems.push(`TEAMS_APP_ID "${env.TEAMS_APP_ID}" is not a GUID.`);
  for (const [name, what] of Object.entries(LEGAL_URLS)) {
    if (blank(env[name])) {
      if (!dev) problems.push(`${name} is missing: a production package needs ${what} (an https:// address). For a test install, build with --dev (npm run package -- --dev) to point it at the bot's root page.`);
    } else if (!isHttpsUrl(env[name].trim())) {
      problems.push(`${name} "${env[name]}" is not an https:// address.`);
    }
  }
  if (problems.length) throw new PackageError('Cannot build the Teams app package:\n' + problems.map((p) => '  - ' + p).join('\n'));
  const botId = env.BOT_ID.trim().toLowerCase();
  const domain = env.BOT_DOMAIN.trim().toLowerCase();
  const site = `https://${domain}/`;
  const pick = (name, fallback) => (blank(env[name]) ? fallback : env[name].trim());
  return {
    BOT_ID: botId,
    BOT_DOMAIN: domain,
    TEAMS_APP_ID: pick('TEAMS_APP_ID', deriveAppId(botId)).toLowerCase(),
    APP_VERSION: pick('APP_VERSION', JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version),
    PUBLISHER_NAME: pick('PUBLISHER_NAME', 'Trygg'),
    PUBLISHER_WEBSITE_URL: pick('PUBLISHER_WEBSITE_URL', site),
    PRIVACY_URL: pick('PRIVACY_URL', site),
    TERMS_OF_USE_URL: pick('TERMS_OF_USE_URL', site)
  };
}

function isHttpsUrl(text) {
  try {
    return new URL(text).protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * Fills every ${{NAME}} in the manifest template; an unknown placeholder is an error, never left in.
 * `dev` allows the privacy and terms URLs to fall back to the bot's root page.
 */
function buildManifest(env, { dev = false, template = readFileSync(join(APP_DIR, 'manifest.json'), 'utf8') } = {}) {
  const values = placeholderValues(env, { dev });
  const text = template.replace(/\$\{\{\s*([A-Z0-9_]+)\s*\}\}/g, (_, name) => {
    if (!(name in values)) throw new PackageError(`manifest.json uses the unknown placeholder \${{${name}}}`);
    return JSON.stringify(values[name]).slice(1, -1);
  });
  return JSON.parse(text);
}

/** The localisation files the manifest names (`localizationInfo`), as relative paths inside the package. */
function localizationFiles(manifest) {
  const info = manifest.localizationInfo ?? {};
  return [info.defaultLanguageFile, ...(info.additionalLanguages ?? []).map((l) => l.file)].filter(Boolean);
}

/** Reads one localisation file from appPackage/; it must exist and be JSON. */
function readLocalization(file) {
  let text;
  try {
    text = readFileSync(join(APP_DIR, file), 'utf8');
  } catch {
    throw new PackageError(`manifest.json names the localisation file ${file}, which is not in appPackage/`);
  }
  try {
    JSON.parse(text);
  } catch (err) {
    throw new PackageError(`appPackage/${file} is not valid JSON: ${err.message}`);
  }
  return Buffer.from(text);
}

/**
 * Writes the zip (manifest.json, color.png, outline.png and the localisation files at its root) and
 * returns its path. Options as for buildManifest.
 */
async function buildPackage(env, out = OUT, options = {}) {
  const manifest = buildManifest(env, options);
  mkdirSync(join(out, '..'), { recursive: true });
  const zip = new yazl.ZipFile();
  zip.addBuffer(Buffer.from(JSON.stringify(manifest, null, 2) + '\n'), 'manifest.json', { mtime: ZIP_TIME });
  for (const icon of [manifest.icons.color, manifest.icons.outline]) {
    zip.addBuffer(readFileSync(join(APP_DIR, icon)), icon, { mtime: ZIP_TIME });
  }
  for (const file of localizationFiles(manifest)) zip.addBuffer(readLocalization(file), file, { mtime: ZIP_TIME });
  zip.end();
  await new Promise((resolve, reject) => {
    const stream = createWriteStream(out);
    stream.on('close', resolve).on('error', reject);
    zip.outputStream.on('error', reject).pipe(stream);
  });
  return { out, manifest };
}

/** The command line's options: only `--dev`; anything else is refused rather than ignored. */
function parseArgs(argv) {
  const unknown = argv.filter((a) => a !== '--dev');
  if (unknown.length) throw new PackageError(`unknown option ${unknown.join(' ')} (the only option is --dev)`);
  return { dev: argv.includes('--dev') };
}

module.exports = { buildManifest, buildPackage, deriveAppId, localizationFiles, parseArgs, PackageError, OUT };

if (require.main === module) {
  Promise.resolve()
    .then(async () => {
      const options = parseArgs(process.argv.slice(2));
      const { out, manifest } = await buildPackage(process.env, OUT, options);
      console.log(`wrote ${out.slice(ROOT.length + 1)} (Teams app id ${manifest.id}, bot ${manifest.bots[0].botId}, version ${manifest.version}${options.dev ? ', development package' : ''})`);
      const defaults = ['PRIVACY_URL', 'TERMS_OF_USE_URL', 'PUBLISHER_WEBSITE_URL'].filter((n) => !process.env[n]);
      if (defaults.length) console.warn(`note: ${defaults.join(', ')} not set; the manifest points them at https://${manifest.validDomains[0]}/`);
    })
    .catch((err) => {
      console.error(err instanceof PackageError ? err.message : err);
      process.exit(1);
    });
}
