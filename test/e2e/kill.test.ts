import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { EMBEDDED_KEY } from '../../src/store/embedded';
import { openStore } from '../../src/store/store';
import { GroupRepository, MemberRepository } from '../../src/features/groups/group-repository';
import { UpdateRepository } from '../../src/features/updates/update-repository';
import { ActionRepository } from '../../src/features/actions/action-repository';
import { ConnectorStandIn } from '../support/connector';
import { freePort } from '../support/net';
import { anna, execute, message, person, type Place } from '../support/teams';

const BOT_ENTRY = join(__dirname, '..', '..', 'dist', 'src', 'index.js');
const STORE_ENTRY = join(__dirname, '..', '..', 'dist', 'src', 'store', 'standalone.js');
/** Kills per scenario: 10 in CI; KILL_TEST_KILLS=20 for the longer run by hand. */
const KILLS = Number(process.env.KILL_TEST_KILLS || 10);
const WRITERS = 12;

interface Proc {
  proc: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function spawnNode(entry: string, env: Record<string, string>): Proc {
  let out = '';
  const proc = spawn(process.execPath, [entry], { env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((r) => proc.on('exit', (code) => r(code)));
  return { proc, output: () => out, exited };
}

/** Polls GET /healthz for up to 60 s: a loaded CI machine takes many seconds just to load the bot's modules. */
async function waitUp(port: number): Promise<void> {
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return;
    } catch {
      /* starting */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the bot on port ${port} did not become healthy`);
}

async function waitStore(port: number): Promise<void> {
  for (let i = 0; i < 1200; i++) {
    try {
      await fetch(`http://127.0.0.1:${port}/`);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 25));
    }
  }
  throw new Error('the store did not start');
}

const YTTERBY_TEAM = '19:team-ytterby@thread.tacv2';
const ytterby: Place = { kind: 'channel', teamId: YTTERBY_TEAM, channelId: '19:general-ytterby@thread.tacv2' };

/** What users were told was saved, by kind. */
interface Acknowledged {
  groups: string[];
  members: string[];
  updates: string[];
  actions: string[];
}

/**
 * 12 writers, each cycling through registrations, member changes, situation updates and action
 * proposals through /api/messages, until `until` resolves. Only answers that confirm a save count.
 */
async function writeUntil(botPort: number, connector: ConnectorStandIn, round: number, ack: Acknowledged, until: (acknowledged: () => number) => Promise<void>): Promise<number> {
  let stop = false;
  const before = total(ack);
  void until(() => total(ack) - before).then(() => (stop = true));
  let sent = 0;
  const c = { serviceUrl: connector.url };
  const post = async (activity: unknown) => {
    const res = await fetch(`http://127.0.0.1:${botPort}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
    return { status: res.status, text: await res.text() };
  };
  /** Types the command that posts a create form and returns the form's message id (create invokes are bound to it). */
  const formFor = async (command: string): Promise<string | undefined> => {
    const typed = message(anna, ytterby, command, c);
    if ((await post(typed)).status !== 200) return undefined;
    return connector.activities.find((a) => a.method === 'POST' && a.replyToId === typed.id)?.activityId;
  };
  const due = new Date(Date.now() + 20 * 86400000).toISOString().slice(0, 10);
  const today = new Date().toISOString().slice(0, 10);
  const writer = async (w: number) => {
    for (let i = 0; !stop; i++) {
      const tag = `${round}-${w}-${i}`;
      sent++;
      try {
        // Each writer starts each round at a different kind, so every kind is in flight when the kill comes.
        switch ((i + w + round) % 4) {
          case 0: {
            const teamId = `19:team-k${tag}@thread.tacv2`;
            const place: Place = { kind: 'channel', teamId, channelId: `19:general-k${tag}@thread.tacv2` };
            const res = await post(execute(anna, place, 'groups.register', { kind: 'sspf', name: `SSPF ${tag}`, municipality: 'Kungälv', areas: 'Ytterby', language: 'sv', agency: 'skola' }, c));
            if (res.status === 200 && (JSON.parse(res.text) as { statusCode?: number }).statusCode === 200 && !/försök igen/i.test(res.text)) {
              ack.groups.push(`team:${teamId}`);
              answers.set(`team:${teamId}`, res.text);
            }
            break;
          }
          case 1: {
            const p = person(10_000 + w * 80 + (i % 80), `Person ${w}-${i % 80}`);
            const res = await post(execute(anna, ytterby, 'groups.setMember', { userId: p.aadObjectId, agency: 'fritid', role: 'medlem' }, c));
            if (res.status === 200 && res.text.includes('är sparad')) ack.members.push(p.aadObjectId);
            break;
          }
          case 2: {
            const draftId = `00000000-0000-4000-8${String(w).padStart(3, '0')}-${String(round * 100000 + i).padStart(12, '0')}`;
            const res = await post(execute(anna, ytterby, 'updates.submit', { draftId, area: 'Ytterby', category: 'narkotika', trend: 'okande', level: 'generell', observedOn: today, text: `Dödning ${tag}` }, { ...c, replyToId: await formFor('lägesbild ny') }));
            if (res.status === 200 && res.text.includes('application/vnd.microsoft.card.adaptive') && !res.text.includes('Kontrollera') && !/försök igen/i.test(res.text)) ack.updates.push(draftId);
            break;
          }
          default: {
            const res = await post(
              execute(anna, ytterby, 'actions.propose', { formVersion: 1, title: `Insats ${tag}`, description: 'Under dödning.', level: 'generell', area: '', casePseudonym: '', agency: 'fritid', ownerId: anna.aadObjectId, dueDate: due, promiseId: '' }, { ...c, replyToId: await formFor('insats ny') })
            );
            const id = res.status === 200 ? /"actionId":"([0-9a-f-]{36})"/.exec(res.text)?.[1] : undefined;
            if (id) ack.actions.push(id);
          }
        }
      } catch {
        /* the connection died with the process: not acknowledged */
      }
    }
  };
  await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));
  return sent;
}

/** Checks in the data file that every acknowledged item is there. */
async function verify(dataFile: string | undefined, endpoint: string | undefined, ack: Acknowledged): Promise<{ missing: string[] }> {
  const store = await openStore({
    cosmos: endpoint ? { endpoint, key: EMBEDDED_KEY, database: 'trygg' } : { database: 'trygg' },
    embedded: { dataFile, snapshotMs: 1000 },
    logger: pino({ level: 'silent' })
  });
  const missing: string[] = [];
  try {
    const groups = new GroupRepository(store);
    const base = await groups.getByKey(`team:${YTTERBY_TEAM}`);
    if (!base) throw new Error('the base group is gone');
    for (const key of ack.groups) if (!(await groups.getByKey(key))) missing.push(`group ${key} (answered ${answers.get(key)?.slice(0, 300)})`);
    const members = new Set((await new MemberRepository(store).list(base.id)).map((m) => m.aadObjectId));
    for (const id of ack.members) if (!members.has(id)) missing.push(`member ${id}`);
    const updates = new Set((await new UpdateRepository(store).list(base.id)).map((u) => u.id));
    for (const id of ack.updates) if (!updates.has(id)) missing.push(`update ${id}`);
    const actions = new ActionRepository(store);
    for (const id of ack.actions) if (!(await actions.get(base.id, id))) missing.push(`action ${id}`);
  } finally {
    await store.close();
  }
  return { missing };
}

/** The answer each acknowledged registration got, to show what a user saw when something is missing. */
const answers = new Map<string, string>();

const total = (a: Acknowledged) => a.groups.length + a.members.length + a.updates.length + a.actions.length;
/** Mid-burst: once this round has some acknowledged writes, after a random 0–500 ms more. */
async function midBurst(acknowledged: () => number): Promise<void> {
  const started = Date.now();
  while (acknowledged() < 12 && Date.now() - started < 60_000) await new Promise((r) => setTimeout(r, 20));
  await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 500)));
}

describe('SIGKILL during 12 concurrent writers', () => {
  const connector = new ConnectorStandIn();
  beforeAll(async () => {
    await connector.start();
    connector.addPeople(anna, ...Array.from({ length: WRITERS * 80 }, (_, i) => person(10_000 + i, `Person ${Math.floor(i / 80)}-${i % 80}`)));
  });
  afterAll(() => connector.stop());

  it(`keeps every acknowledged write of the default npm start set-up (embedded store in-process, data file) over ${KILLS} kills`, async () => {
    const dataFile = join(mkdtempSync(join(tmpdir(), 'trygg-kill-')), 'cosmos.json');
    const port = await freePort();
    const env = { PORT: String(port), EMBEDDED_DATA_FILE: dataFile };
    const ack: Acknowledged = { groups: [], members: [], updates: [], actions: [] };
    const firstStart = Date.now();
    let bot = spawnNode(BOT_ENTRY, env);
    await waitUp(port);
    const coldStart = Date.now() - firstStart;
    const reg = await fetch(`http://127.0.0.1:${port}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(execute(anna, ytterby, 'groups.register', { kind: 'sspf', name: 'SSPF Ytterby', municipality: 'Kungälv', areas: 'Ytterby', language: 'sv', agency: 'socialtjanst' }, { serviceUrl: connector.url }))
    });
    expect(reg.status).toBe(200);
    const restarts: number[] = [];
    let sent = 0;
    try {
      for (let round = 0; round < KILLS; round++) {
        const kill = (acknowledged: () => number) => midBurst(acknowledged).then(() => void bot.proc.kill('SIGKILL'));
        sent += await writeUntil(port, connector, round, ack, kill);
        await bot.exited;
        const t0 = Date.now();
        bot = spawnNode(BOT_ENTRY, env);
        await waitUp(port);
        restarts.push(Date.now() - t0);
      }
    } finally {
      bot.proc.kill('SIGTERM');
      expect(await bot.exited).toBe(0);
    }
    const { missing } = await verify(dataFile, undefined, ack);
    console.log(
      `npm start set-up: ${KILLS} kills, ${sent} requests, ${total(ack)} acknowledged (groups ${ack.groups.length}, members ${ack.members.length}, updates ${ack.updates.length}, actions ${ack.actions.length}), ${missing.length} lost; restart after SIGKILL max ${Math.max(...restarts)} ms (cold start ${coldStart} ms)`
    );
    expect(total(ack)).toBeGreaterThanOrEqual(KILLS * 12);
    for (const kind of [ack.groups, ack.members, ack.updates, ack.actions]) expect(kind.length).toBeGreaterThan(0);
    expect(missing).toEqual([]);
    // Every restart took over the killed process's lock (a refused start would have exited); the times
    // printed above are dominated by loading the program, which on a loaded CI machine alone takes seconds.
  }, 900_000);

  it(`keeps every acknowledged write when the standalone store process (npm run store) is killed ${KILLS} times`, async () => {
    const dataFile = join(mkdtempSync(join(tmpdir(), 'trygg-kill-store-')), 'cosmos.json');
    const storePort = await freePort();
    const botPort = await freePort();
    const storeEnv = { EMBEDDED_STORE_PORT: String(storePort), EMBEDDED_DATA_FILE: dataFile };
    let store = spawnNode(STORE_ENTRY, storeEnv);
    await waitStore(storePort);
    const endpoint = `http://127.0.0.1:${storePort}`;
    const bot = spawnNode(BOT_ENTRY, { PORT: String(botPort), COSMOS_ENDPOINT: endpoint, COSMOS_KEY: EMBEDDED_KEY });
    await waitUp(botPort);
    const ack: Acknowledged = { groups: [], members: [], updates: [], actions: [] };
    const reg = await fetch(`http://127.0.0.1:${botPort}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(execute(anna, ytterby, 'groups.register', { kind: 'sspf', name: 'SSPF Ytterby', municipality: 'Kungälv', areas: 'Ytterby', language: 'sv', agency: 'socialtjanst' }, { serviceUrl: connector.url }))
    });
    expect(reg.status).toBe(200);
    let sent = 0;
    try {
      for (let round = 0; round < KILLS; round++) {
        // The store is killed mid-burst and restarted at once; the bot keeps running and asks users to try again meanwhile.
        const kill = (acknowledged: () => number) => midBurst(acknowledged).then(async () => {
          store.proc.kill('SIGKILL');
          await store.exited;
          store = spawnNode(STORE_ENTRY, storeEnv);
          await waitStore(storePort);
          await new Promise((r) => setTimeout(r, 200));
        });
        sent += await writeUntil(botPort, connector, round, ack, kill);
      }
    } finally {
      bot.proc.kill('SIGTERM');
      await bot.exited;
      store.proc.kill('SIGKILL');
      await store.exited;
    }
    const { missing } = await verify(dataFile, undefined, ack);
    console.log(`npm run store set-up: ${KILLS} kills of the store, ${sent} requests, ${total(ack)} acknowledged (groups ${ack.groups.length}, members ${ack.members.length}, updates ${ack.updates.length}, actions ${ack.actions.length}), ${missing.length} lost`);
    expect(total(ack)).toBeGreaterThanOrEqual(KILLS * 12);
    for (const kind of [ack.groups, ack.members, ack.updates, ack.actions]) expect(kind.length).toBeGreaterThan(0);
    expect(missing).toEqual([]);
  }, 900_000);

  it('refuses a second process on the same data file, naming the file and the holder', async () => {
    const dataFile = join(mkdtempSync(join(tmpdir(), 'trygg-two-')), 'cosmos.json');
    const [p1, p2] = [await freePort(), await freePort()];
    const first = spawnNode(BOT_ENTRY, { PORT: String(p1), EMBEDDED_DATA_FILE: dataFile });
    await waitUp(p1);
    const second = spawnNode(BOT_ENTRY, { PORT: String(p2), EMBEDDED_DATA_FILE: dataFile });
    expect(await second.exited).toBe(1);
    expect(second.output()).toContain(`${dataFile.replace(/\.json$/, '.lock')} is held by pid ${first.proc.pid}`);
    first.proc.kill('SIGTERM');
    expect(await first.exited).toBe(0);
  }, 60_000);
});
