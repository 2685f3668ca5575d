#!/usr/bin/env node
// For m365agents.yml's `script` action: makes sure a secret exists in the Toolkit environment.
//
//   node scripts/toolkit-secret.js SECRET_ICS_SIGNING_SECRET
//
// If the variable is already set (the Toolkit passes the environment's values to the script), prints
// nothing, so the key stays the same and calendar links keep working. Otherwise prints a new random key as
// `::set-teamsfx-env NAME=value`, which the Toolkit stores, encrypted, in env/.env.<environment>.user
// (names starting with SECRET_ never go into the committed env file). The value never reaches a log.
const { randomBytes } = require('node:crypto');

const name = process.argv[2];
if (!/^SECRET_[A-Z0-9_]+$/.test(name || '')) {
  console.error('usage: node scripts/toolkit-secret.js SECRET_<NAME> (the name must start with SECRET_)');
  process.exit(2);
}
if (!(process.env[name] || '').trim()) {
  // base64url: no quotes, spaces or '=' that the Toolkit's `::set-teamsfx-env` parser would cut at.
  console.log(`::set-teamsfx-env ${name}=${randomBytes(48).toString('base64url')}`);
}
