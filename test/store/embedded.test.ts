import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { Collection } from '../../src/store/collection';
import { openStore } from '../../src/store/store';

const logger = pino({ level: 'silent' });
const open = (dataFile?: string) => openStore({ cosmos: { database: 'trygg' }, embedded: { dataFile, snapshotMs: 100 }, logger });

describe('embedded store persistence', () => {
  it('has a write in its journal file before the write is answered, and leaves no temporary files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trygg-snap-'));
    const file = join(dir, 'cosmos.json');
    const store = await open(file);
    try {
      const groups = new Collection<{ id: string; name: string }>(store.container('groups'), 'id');
      await groups.create({ id: 'g1', name: 'SSPF Ytterby' });
      const journal = readdirSync(dir).filter((f) => f.startsWith('cosmos.journal.'));
      expect(journal.map((f) => readFileSync(join(dir, f), 'utf8')).join('')).toContain('SSPF Ytterby');
      await store.compact();
      expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
      expect(existsSync(join(dir, 'cosmos.lock'))).toBe(true);
    } finally {
      await store.close();
    }
    expect(existsSync(join(dir, 'cosmos.lock'))).toBe(false);
  });

  it('reloads every container with its partition key on start', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'trygg-snap-')), 'cosmos.json');
    const first = await open(file);
    await new Collection<{ id: string; groupId: string }>(first.container('members'), 'groupId').create({ id: 'u1', groupId: 'g1' });
    await new Collection<{ id: string; groupId: string }>(first.container('members'), 'groupId').create({ id: 'u1', groupId: 'g2' });
    await first.close();
    const second = await open(file);
    try {
      const members = new Collection<{ id: string; groupId: string }>(second.container('members'), 'groupId');
      expect((await members.read('u1', 'g1'))?.doc).toEqual({ id: 'u1', groupId: 'g1' });
      expect((await members.read('u1', 'g2'))?.doc).toEqual({ id: 'u1', groupId: 'g2' });
    } finally {
      await second.close();
    }
  });

  it('keeps memory-only data out of any file when no data file is configured', async () => {
    const store = await open(undefined);
    expect(store.kind).toBe('embedded');
    expect(await store.ping()).toBe(true);
    await store.close();
  });
});
