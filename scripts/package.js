#!/usr/bin/env node
// Builds the Teams app package appPackage/build/trygg.zip: manifest.json with the ${{VAR}} placeholders
// filled from the environment, plus the two icons.
//
//   BOT_ID=<client id of the bot identity> BOT_DOMAIN=<app>.azurewebsites.net npm run package
//
// Required: BOT_ID, BOT_DOMAIN. Optional: TEAMS_APP_ID (default: a stable id derived from BOT_ID, so a
// rebuilt package updates the same app), PUBLISHER_NAME, PUBLISHER_WEBSITE_URL, PRIVACY_URL,
// TERMS_OF_USE_URL (default: https://<BOT_DOMAIN>/, set them to the municipality's own pages).
const { createHash } = require('node:crypto');
const { mkdirSync, readFileSync, createWriteStream } = require('node:fs');
const { join } = require('node:path');
const yazl = require('yazl');

const ROOT = join(__dirname, '..');
const APP_DIR = join(ROOT, 'appPackage');
const OUT = join(APP_DIR, 'build', 'trygg.zip');
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DOMAIN = /^(?!-)[a-z0-9-]+(\.[a-z0-9-]+)+$/i;
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
function placeholderValues(env) {
  const blank = (v) => v === undefined || String(v).trim() === '';
  const problems = [];
  if (blank(env.BOT_ID)) problems.push('BOT_ID is missing: set it to the client id of the bot identity (output BOT_ID of infra/azure.bicep).');
  else if (!GUID.test(env.BOT_ID.trim())) problems.push(`BOT_ID "${env.BOT_ID}" is not a GUID.`);
  if (blank(env.BOT_DOMAIN)) problems.push('BOT_DOMAIN is missing: set it to the web app host name (output BOT_DOMAIN of infra/azure.bicep).');
  else if (!DOMAIN.test(env.BOT_DOMAIN.trim())) problems.push(`BOT_DOMAIN "${env.BOT_DOMAIN}" is not a host name (no https://, no path).`);
  if (!blank(env.TEAMS_APP_ID) && !GUID.test(env.TEAMS_APP_ID.trim())) problems.push(`TEAMS_APP_ID "${env.TEAMS_APP_ID}" is not a GUID.`);
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

/** Fills every ${{NAME}} in the manifest template; an unknown placeholder is an error, never left in. */
function buildManifest(env, template = readFileSync(join(APP_DIR, 'manifest.json'), 'utf8')) {
  const values = placeholderValues(env);
  const text = template.replace(/\$\{\{\s*([A-Z0-9_]+)\s*\}\}/g, (_, name) => {
    if (!(name in values)) throw new PackageError(`manifest.json uses the unknown placeholder \${{${name}}}`);
    return JSON.stringify(values[name]).slice(1, -1);
  });
  return JSON.parse(text);
}

/** Writes the zip (manifest.json, color.png, outline.png at its root) and returns its path. */
async function buildPackage(env, out = OUT) {
  const manifest = buildManifest(env);
  mkdirSync(join(out, '..'), { recursive: true });
  const zip = new yazl.ZipFile();
  zip.addBuffer(Buffer.from(JSON.stringify(manifest, null, 2) + '\n'), 'manifest.json', { mtime: ZIP_TIME });
  for (const icon of [manifest.icons.color, manifest.icons.outline]) {
    zip.addBuffer(readFileSync(join(APP_DIR, icon)), icon, { mtime: ZIP_TIME });
  }
  zip.end();
  await new Promise((resolve, reject) => {
    const stream = createWriteStream(out);
    stream.on('close', resolve).on('error', reject);
    zip.outputStream.on('error', reject).pipe(stream);
  });
  return { out, manifest };
}

module.exports = { buildManifest, buildPackage, deriveAppId, PackageError, OUT };

if (require.main === module) {
  buildPackage(process.env).then(
    ({ out, manifest }) => {
      console.log(`wrote ${out.slice(ROOT.length + 1)} (Teams app id ${manifest.id}, bot ${manifest.bots[0].botId}, version ${manifest.version})`);
      const defaults = ['PRIVACY_URL', 'TERMS_OF_USE_URL', 'PUBLISHER_WEBSITE_URL'].filter((n) => !process.env[n]);
      if (defaults.length) console.warn(`note: ${defaults.join(', ')} not set; the manifest points them at https://${manifest.validDomains[0]}/`);
    },
    (err) => {
      console.error(err instanceof PackageError ? err.message : err);
      process.exit(1);
    }
  );
}
