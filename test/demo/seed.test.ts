import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { DEMO_PEOPLE, seedDemo, startConnector } from '../../src/demo/seed';
import { ActionRepository } from '../../src/features/actions/action-repository';
import { CaseRepository } from '../../src/features/cases/case-repository';
import { UpdateRepository } from '../../src/features/updates/update-repository';
import { openStore } from '../../src/store/store';

describe('npm run seed:demo', () => {
  it('creates a living Kungälv data set through the bot, with actions in every state, and persists it', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'trygg-demo-')), 'cosmos.json');
    const logger = pino({ level: 'silent' });
    const store = await openStore({ cosmos: { database: 'trygg' }, embedded: { dataFile: file, snapshotMs: 1000 }, logger });
    const connector = await startConnector(Object.values(DEMO_PEOPLE));
    const now = new Date('2026-11-23T09:00:00Z');
    const bot = createApp(loadConfig({}), { store, logger, clock: { now: () => now } });
    const report = await seedDemo(bot, connector, now);
    await connector.stop();
    expect(report).toEqual({ groups: 5, members: 14, updates: 24, actions: 6, promises: 1, meetings: 2, cases: 2, consents: 1 });

    const ytterby = await bot.repos.groups.getByKey('team:team-sspf-ytterby');
    expect(ytterby?.name).toBe('SSPF Ytterby');
    expect((await bot.repos.groups.getByKey('chat:group-chat-styrgrupp'))?.kind).toBe('styrgrupp');
    expect((await bot.repos.groups.listByMunicipality('Kungalv')).length).toBe(5);
    expect((await bot.repos.members.list(ytterby!.id)).map((m) => m.name).sort()).toEqual(
      ['Anna Samordnare', 'Filip Fritid', 'Gustav Gast', 'Olle Polis', 'Sara Skola', 'Stina Socialtjanst']
    );
    expect((await new UpdateRepository(store).list(ytterby!.id)).length).toBe(24);
    const statuses = (await new ActionRepository(store).listForGroup(ytterby!.id)).map((a) => a.status).sort();
    expect(statuses).toEqual(['avbruten', 'avslagen', 'foreslagen', 'godkand', 'klar', 'pagar']);
    const cases = await new CaseRepository(store).listOpen(ytterby!.id);
    expect(cases).toHaveLength(2);
    expect(cases.flatMap((c) => c.consents)).toHaveLength(1);
    await store.close();

    // The snapshot holds the data, and running the command on a file with data refuses without --force.
    const dist = join(__dirname, '..', '..', 'dist', 'src', 'demo', 'seed.js');
    let refused = '';
    try {
      execFileSync(process.execPath, [dist], { env: { PATH: process.env.PATH ?? '', EMBEDDED_DATA_FILE: file }, stdio: 'pipe' });
    } catch (err) {
      refused = String((err as { stderr?: Buffer }).stderr);
    }
    expect(refused).toMatch(/already has data.*--force/);
    const real = join(mkdtempSync(join(tmpdir(), 'trygg-demo-')), 'x.json');
    writeFileSync(real, '');
    let external = '';
    try {
      execFileSync(process.execPath, [dist], { env: { PATH: process.env.PATH ?? '', COSMOS_ENDPOINT: 'https://x.documents.azure.com:443/', COSMOS_KEY: 'k' }, stdio: 'pipe' });
    } catch (err) {
      external = String((err as { stderr?: Buffer }).stderr);
    }
    expect(external).toMatch(/never a real database/);
  }, 60_000);
});
