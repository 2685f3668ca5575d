#!/usr/bin/env node
/**
 * Guards the mutation score against false kills. With `coverageAnalysis: perTest` StrykerJS runs, for
 * each mutant, only the tests that cover it. End-to-end tests that tell a story (a later test relies on
 * what an earlier one did) can fail in such a subset for reasons that have nothing to do with the
 * mutant, and the mutant would count as killed. This script takes every mutant killed only by
 * end-to-end tests, runs exactly the same subset of tests against the unmutated code, and counts the
 * mutant as survived when that subset fails there too. It prints the corrected score and exits 1 when
 * it is below the break threshold of stryker.config.json.
 *
 * Usage (after `npm run test:mutation`): node scripts/mutation-verify-kills.js [reports/mutation/mutation.json]
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const root = path.resolve(__dirname, '..');
const reportFile = path.resolve(root, process.argv[2] ?? 'reports/mutation/mutation.json');
const config = JSON.parse(fs.readFileSync(path.join(root, 'stryker.config.json'), 'utf8'));
const report = JSON.parse(fs.readFileSync(reportFile, 'utf8'));
const breakAt = config.thresholds?.break ?? 0;

/** Test id → file (relative) and full name. */
const tests = new Map();
for (const [file, tf] of Object.entries(report.testFiles ?? {})) {
  for (const t of tf.tests) tests.set(t.id, { file: path.relative(root, path.resolve(root, file)), name: t.name });
}
const isEndToEnd = (id) => (tests.get(id)?.file ?? '').split(path.sep).join('/').startsWith('test/e2e/');
const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const counted = { Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0 };
/** Covering-test subset → mutants killed only by end-to-end tests with that subset. */
const groups = new Map();
for (const [file, f] of Object.entries(report.files)) {
  for (const m of f.mutants) {
    if (m.status in counted) counted[m.status]++;
    if (m.status === 'Killed' && (m.killedBy ?? []).length > 0 && m.killedBy.every(isEndToEnd)) {
      const key = [...(m.coveredBy ?? m.killedBy)].sort().join(',');
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(`${file}:${m.location.start.line} ${m.mutatorName}`);
    }
  }
}

let falseKills = 0;
for (const [key, mutants] of groups) {
  const ids = key.split(',');
  const files = [...new Set(ids.map((id) => tests.get(id)?.file).filter(Boolean))];
  const pattern = ids.map((id) => `(${escapeRegExp(tests.get(id)?.name ?? '')})`).join('|');
  const run = spawnSync(process.execPath, [path.join(root, 'node_modules/jest/bin/jest.js'), '-c', 'test/mutation/jest.config.js', '--runInBand', '--silent', '-t', pattern, ...files], {
    cwd: root,
    encoding: 'utf8'
  });
  if (run.status !== 0) {
    falseKills += mutants.length;
    console.log(`The subset of ${ids.length} test(s) in ${files.join(', ')} fails WITHOUT any mutant; these ${mutants.length} kill(s) do not count:`);
    for (const m of mutants) console.log(`  ${m}`);
  }
}

const detected = counted.Killed + counted.Timeout;
const valid = detected + counted.Survived + counted.NoCoverage;
const score = valid === 0 ? 100 : (100 * (detected - falseKills)) / valid;
console.log(`${groups.size} subset(s) of end-to-end tests re-run; ${falseKills} false kill(s). Score ${score.toFixed(2)} % (break at ${breakAt} %).`);
process.exit(score < breakAt ? 1 : 0);
