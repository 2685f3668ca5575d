/**
 * Child process for the "crash between applied and synced" test: the embedded store from dist/ with
 * a fault hook that, once armed over IPC, kills this process (SIGKILL) right before the next journal
 * fdatasync: the change is applied in memory and written, not yet synced, and not yet answered.
 */
const pino = require('pino');
const { EmbeddedCosmos } = require('../../dist/src/store/embedded');

const [dataFile] = process.argv.slice(2);
let armed = false;
const store = new EmbeddedCosmos({
  dataFile,
  snapshotMs: 1000,
  logger: pino({ level: 'silent' }),
  io: (op) => {
    if (armed && op === 'sync') process.kill(process.pid, 'SIGKILL');
  }
});
process.on('message', (m) => {
  if (m === 'arm') {
    armed = true;
    process.send('armed');
  }
});
store.start().then(() => process.send({ endpoint: store.endpoint }));
