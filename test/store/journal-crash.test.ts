import { fork } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { CosmosClient } from '@azure/cosmos';
import { EMBEDDED_KEY, EmbeddedCosmos } from '../../src/store/embedded';

const FIXTURE = join(__dirname, '..', 'support', 'store-crash-before-sync.js');

describe('a crash between "applied" and "synced"', () => {
  it('never acknowledges that write; everything acknowledged before it survives', async () => {
    const dataFile = join(mkdtempSync(join(tmpdir(), 'trygg-crash-')), 'cosmos.json');
    const child = fork(FIXTURE, [dataFile], { stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((r) => child.on('exit', (_code, signal) => r(signal)));
    const { endpoint } = await new Promise<{ endpoint: string }>((r) => child.once('message', (m) => r(m as { endpoint: string })));
    const client = new CosmosClient({ endpoint, key: EMBEDDED_KEY, connectionPolicy: { enableEndpointDiscovery: false, retryOptions: { maxRetryAttemptCount: 0, fixedRetryIntervalInMilliseconds: 0, maxWaitTimeInSeconds: 0 } } });
    const { database } = await client.databases.createIfNotExists({ id: 'crash' });
    const { container } = await database.containers.createIfNotExists({ id: 'members', partitionKey: { paths: ['/groupId'] } });
    await container.items.create({ id: 'before', groupId: 'g' });

    child.send('arm');
    await new Promise((r) => child.once('message', r));
    const outcome = await container.items.create({ id: 'doomed', groupId: 'g' }).then(
      () => 'acknowledged',
      (err: Error) => `not acknowledged (${(err as { code?: string }).code ?? err.message})`
    );
    client.dispose();
    expect(await exited).toBe('SIGKILL');
    expect(outcome).toMatch(/^not acknowledged/);

    const store = new EmbeddedCosmos({ dataFile, snapshotMs: 1000, logger: pino({ level: 'silent' }) });
    await store.start();
    const again = store.client();
    try {
      const items = again.database('crash').container('members');
      expect((await items.item('before', 'g').read()).resource?.id).toBe('before');
      // Written but never synced: it may or may not be on disk; the user was never told it was saved.
      const doomed = (await items.item('doomed', 'g').read()).resource;
      console.log(`crash before fdatasync: the write was ${outcome}; after restart it is ${doomed ? 'present (unknown outcome, written to the page cache)' : 'absent'}`);
    } finally {
      again.dispose();
      await store.stop();
    }
  });
});
