import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import pino from 'pino';
import { EMBEDDED_KEY, EmbeddedCosmos } from '../../src/store/embedded';
import { openStore } from '../../src/store/store';
import { MemberRepository, GroupRepository } from '../../src/features/groups/group-repository';
import { ConnectorStandIn } from '../support/connector';
import { freePort, waitHealthy } from '../support/net';
import { anna, execute, person, ytterby } from '../support/teams';

const ENTRY = join(__dirname, '..', '..', 'dist', 'src', 'index.js');

async function startBotProcess(port: number, endpoint: string): Promise<ChildProcess> {
  const proc = spawn(process.execPath, [ENTRY], {
    env: { PATH: process.env.PATH ?? '', PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', COSMOS_ENDPOINT: endpoint, COSMOS_KEY: EMBEDDED_KEY, COSMOS_DATABASE: 'kill' },
    stdio: 'ignore'
  });
  await waitHealthy(port);
  return proc;
}

describe('SIGKILL of the bot during a burst of writes', () => {
  it('keeps every write that was acknowledged to a user', async () => {
    const connector = new ConnectorStandIn();
    await connector.start();
    const people = Array.from({ length: 80 }, (_, i) => person(1000 + i, `Person ${i}`));
    connector.addPeople(anna, ...people);
    const store = new EmbeddedCosmos({ snapshotMs: 1000, logger: pino({ level: 'silent' }) });
    await store.start();
    const port = await freePort();
    let bot = await startBotProcess(port, store.endpoint);
    const post = (activity: unknown) =>
      fetch(`http://127.0.0.1:${port}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
    try {
      const reg = await post(execute(anna, ytterby, 'groups.register', { kind: 'sspf', name: 'SSPF Ytterby', municipality: 'Kungälv', areas: 'Ytterby', agency: 'skola' }, { serviceUrl: connector.url }));
      expect(reg.status).toBe(200);

      const acknowledged: string[] = [];
      let killed = false;
      const burst = people.map(async (p) => {
        try {
          const res = await post(execute(anna, ytterby, 'groups.setMember', { userId: p.aadObjectId, agency: 'fritid', role: 'medlem' }, { serviceUrl: connector.url }));
          const body = (await res.json()) as { value?: unknown };
          if (res.status === 200 && JSON.stringify(body.value).includes('är sparad')) acknowledged.push(p.aadObjectId);
        } catch {
          /* the connection died with the process: not acknowledged */
        }
        if (!killed && acknowledged.length >= 30) {
          killed = true;
          bot.kill('SIGKILL');
        }
      });
      await Promise.all(burst);
      expect(killed).toBe(true);
      expect(acknowledged.length).toBeGreaterThanOrEqual(30);
      expect(acknowledged.length).toBeLessThan(people.length);

      bot = await startBotProcess(port, store.endpoint);
      const client = await openStore({ cosmos: { endpoint: store.endpoint, key: EMBEDDED_KEY, database: 'kill' }, embedded: { snapshotMs: 1000 }, logger: pino({ level: 'silent' }) });
      try {
        const group = await new GroupRepository(client).getByKey('team:19:team-ytterby@thread.tacv2');
        const stored = new Set((await new MemberRepository(client).list(group!.id)).map((m) => m.aadObjectId));
        for (const id of acknowledged) expect(stored.has(id)).toBe(true);
        expect(stored.has(anna.aadObjectId)).toBe(true);
      } finally {
        await client.close();
      }
    } finally {
      bot.kill('SIGKILL');
      await store.stop();
      await connector.stop();
    }
  });
});
