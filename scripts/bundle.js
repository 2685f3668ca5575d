#!/usr/bin/env node
// Builds the deploy bundle build/trygg-app.zip: exactly what App Service runs (run from package, started
// by infra/modules/web.bicep's appCommandLine), and nothing else.
//
//   npm run bundle                       # build/app/ (the unpacked bundle) and build/trygg-app.zip
//   az webapp deploy -g <rg> -n <app> --src-path build/trygg-app.zip --type zip
//
// Contents: dist/src (compiled fresh from src/), cards/, handbook/, prompts/ (all three read at run time),
// package.json, package-lock.json and the production dependencies installed from the lock file.
// Never: .env*, .data/, test/, TypeScript sources. test/packaging/bundle.test.ts unpacks the zip
// read-only and starts it under Node 22 as App Service does.
const { execFileSync } = require('node:child_process');
const { cpSync, createWriteStream, existsSync, lstatSync, mkdirSync, readdirSync, rmSync, statSync } = require('node:fs');
const { join, relative, sep } = require('node:path');
const yazl = require('yazl');

const ROOT = join(__dirname, '..');
const BUILD = join(ROOT, 'build');
const STAGE = join(BUILD, 'app');
const OUT = join(BUILD, 'trygg-app.zip');
/** Read by the running app (cards, the SSPF handbook, the language model's prompts). */
const RUNTIME_DIRS = ['cards', 'handbook', 'prompts'];
/** Fixed timestamp inside the zip, so the same input gives the same bytes. */
const ZIP_TIME = new Date('2026-01-01T00:00:00Z');
/** What must never be in the bundle: local secrets and data, tests, TypeScript sources. */
const FORBIDDEN = [/^\.env/, /(^|\/)\.data(\/|$)/, /^test\//, /^src\//, /^dist\/(test|bench|scripts)\//, /^(?!node_modules\/).*(?<!\.d)\.ts$/];

function run(cmd, args, cwd) {
  execFileSync(cmd, args, { cwd, stdio: ['ignore', 'ignore', 'inherit'] });
}

/** Every file under `dir`, as paths relative to it with forward slashes, sorted (stable zip order). */
function listFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name);
      const st = lstatSync(full);
      if (st.isSymbolicLink()) throw new Error(`${relative(dir, full)} is a symbolic link; the bundle holds only real files`);
      if (st.isDirectory()) walk(full);
      else out.push(relative(dir, full).split(sep).join('/'));
    }
  };
  walk(dir);
  return out;
}

/** Names in `files` that must not be shipped. */
function forbiddenFiles(files) {
  return files.filter((f) => FORBIDDEN.some((re) => re.test(f)));
}

function stage() {
  rmSync(STAGE, { recursive: true, force: true });
  mkdirSync(STAGE, { recursive: true });
  // Compiled fresh into the stage, so a stale dist/ (or compiled tests) can never slip in.
  run(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', join(STAGE, 'dist')], ROOT);
  for (const d of RUNTIME_DIRS) cpSync(join(ROOT, d), join(STAGE, d), { recursive: true });
  for (const f of ['package.json', 'package-lock.json']) cpSync(join(ROOT, f), join(STAGE, f));
  // Production dependencies exactly as locked. --ignore-scripts: no native build against the build
  // machine's Node (the bundle runs on App Service's Node 22) and no `npx` fetching tools at build time.
  const npm = process.env.npm_execpath;
  const [cmd, args] = npm && npm.endsWith('.js') ? [process.execPath, [npm]] : ['npm', []];
  run(cmd, [...args, 'ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], STAGE);
  // What botbuilder-dialogs' postinstall does (`npx rimraf …`): drop the recognizers' nested copies of
  // recognizers-text-number so that all of them share the one top-level copy.
  for (const pkg of ['recognizers-text-suite', 'recognizers-text-date-time', 'recognizers-text-number-with-unit']) {
    rmSync(join(STAGE, 'node_modules', '@microsoft', pkg, 'node_modules', '@microsoft', 'recognizers-text-number'), { recursive: true, force: true });
  }
  trimDependencies(join(STAGE, 'node_modules'));
}

/** Files in dependencies that Node never loads: type declarations, TypeScript sources, source maps. */
const NEVER_LOADED = /\.(d\.[cm]?ts|[cm]?ts|map)$/;

/**
 * Drops what a running app never reads from node_modules (about half its size): command shims (symbolic
 * links, also in nested node_modules, for a shell), type declarations, TypeScript sources and source maps
 * (the app does not run with --enable-source-maps). Licences and package.json files stay.
 */
function trimDependencies(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name === '.bin') rmSync(full, { recursive: true, force: true });
      else trimDependencies(full);
    } else if (entry.isFile() && NEVER_LOADED.test(entry.name)) rmSync(full);
  }
}

async function zip(files) {
  const z = new yazl.ZipFile();
  for (const f of files) {
    const mode = statSync(join(STAGE, f)).mode;
    z.addFile(join(STAGE, f), f, { mtime: ZIP_TIME, mode: mode & 0o111 ? 0o100755 : 0o100644 });
  }
  z.end();
  await new Promise((resolve, reject) => {
    const stream = createWriteStream(OUT);
    stream.on('close', resolve).on('error', reject);
    z.outputStream.on('error', reject).pipe(stream);
  });
}

/** Builds the bundle; returns the zip's path, its file list and both sizes in bytes. */
async function buildBundle() {
  if (!existsSync(join(ROOT, 'node_modules', 'typescript'))) throw new Error('run `npm ci` first: the bundle is compiled with the project\'s TypeScript');
  stage();
  const files = listFiles(STAGE);
  const bad = forbiddenFiles(files);
  if (bad.length) throw new Error(`the bundle would hold files that must never ship:\n  ${bad.slice(0, 20).join('\n  ')}`);
  for (const required of ['dist/src/index.js', 'package.json', 'handbook', 'prompts', 'cards']) {
    if (!existsSync(join(STAGE, required))) throw new Error(`the bundle lacks ${required}`);
  }
  await zip(files);
  const unpacked = files.reduce((sum, f) => sum + statSync(join(STAGE, f)).size, 0);
  return { out: OUT, stage: STAGE, files, zipped: statSync(OUT).size, unpacked };
}

module.exports = { buildBundle, forbiddenFiles, listFiles, OUT, STAGE };

if (require.main === module) {
  buildBundle().then(
    ({ out, files, zipped, unpacked }) => {
      const mb = (n) => (n / 1e6).toFixed(0) + ' MB';
      console.log(`wrote ${relative(ROOT, out)}: ${files.length} files, ${mb(zipped)} zipped, ${mb(unpacked)} unpacked`);
    },
    (err) => {
      console.error('bundle:', err instanceof Error ? err.message : err);
      process.exit(1);
    }
  );
}
