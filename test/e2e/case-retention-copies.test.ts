import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBot, type RunningBot } from '../support/bot-harness';
import { ConnectorStandIn } from '../support/connector';
import { registerGroup, setMember } from '../support/flows';
import { anna, execute, message, olle, stina, ytterby, type Person } from '../support/teams';
import handbook from '../../handbook/sspf.json';

/**
 * The attack: retention removed the case's details but left the same text in the title and description of
 * the `indikerad` action linked to it, and in older snapshot files. The test reads every item of every
 * container (found through the Cosmos API, not a list) and every file under the data directory.
 */
const MARKS = ['Ylva RETMARKNAMN', 'Skolgården RETMARKOMRADE', 'Oro RETMARKORO', 'Setts RETMARKOBS', 'Samtal med Ylva RETMARKINSATS', 'Via mamma RETMARKBESKRIVNING'];

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('retention removes every copy of a case\'s text', () => {
  const connector = new ConnectorStandIn();
  const dir = mkdtempSync(join(tmpdir(), 'trygg-retention-'));
  let now = new Date('2026-03-10T09:00:00Z');
  let bot: RunningBot;
  const c = (replyToId?: string) => ({ serviceUrl: connector.url, replyToId });
  const cardFrom = async (who: Person, text: string) => {
    await bot.post(message(who, ytterby, text, c()));
    return connector.activities.at(-1)!.activityId!;
  };

  beforeAll(async () => {
    await connector.start();
    connector.addPeople(anna, olle, stina);
    bot = await startBot({ clock: { now: () => now }, dataFile: join(dir, 'trygg.json'), env: { CASE_DETAILS_RETENTION_MONTHS: '1' } });
    await registerGroup(bot, connector, ytterby, anna, { agency: 'socialtjanst' });
    await setMember(bot, connector, ytterby, anna, olle, 'polis');
    await setMember(bot, connector, ytterby, anna, stina, 'socialtjanst');
  });
  afterAll(async () => {
    await bot.stop();
    await connector.stop();
  });

  it('after the retention run no container item and no file holds the case\'s name, concern, observations or its indicated action\'s texts', async () => {
    const groupId = (await bot.bot.repos.groups.getByKey('team:19:team-ytterby@thread.tacv2'))!.id;
    const created = await bot.post(execute(stina, ytterby, 'cases.create', { name: MARKS[0], birthYear: 2012, area: MARKS[1], concern: MARKS[2] }, c(await cardFrom(stina, 'ärende ny'))));
    expect(JSON.stringify(created.body)).toContain('K-2026-001');
    await bot.post(execute(olle, ytterby, 'cases.observe', { groupId, caseId: 'K-2026-001', date: '2026-03-09', text: MARKS[3] }, c(await cardFrom(olle, 'observation K-2026-001'))));
    const form = await cardFrom(stina, 'insats ny');
    const proposed = await bot.post(
      execute(stina, ytterby, 'actions.propose', {
        formVersion: 1, title: MARKS[4], description: MARKS[5], level: 'indikerad', area: '', casePseudonym: 'K-2026-001', agency: 'socialtjanst', ownerId: stina.aadObjectId, dueDate: '2026-03-31', promiseId: ''
      }, c(form))
    );
    expect(JSON.stringify(proposed.body)).toContain('Indikerad insats i ärende K-2026-001');
    const lifecycle = await cardFrom(stina, 'arbetsgång K-2026-001');
    for (const step of handbook.steps) {
      const items = Object.fromEntries(step.items.map((i) => [`item_${i.id}`, 'true']));
      await bot.post(execute(stina, ytterby, 'cases.complete', { groupId, caseId: 'K-2026-001', step: step.id, ...items }, c(lifecycle)));
    }
    // An older snapshot left beside the data file (an interrupted write) still holds every text.
    const all = async () => {
      const client = bot.store.database.client;
      const texts: string[] = [];
      for (const db of (await client.databases.readAll().fetchAll()).resources) {
        for (const container of (await client.database(db.id).containers.readAll().fetchAll()).resources) {
          const { resources } = await client.database(db.id).container(container.id).items.readAll().fetchAll();
          texts.push(`${db.id}/${container.id}: ${JSON.stringify(resources)}`);
        }
      }
      return texts.join('\n');
    };
    const beforeRetention = await all();
    for (const mark of MARKS) expect(beforeRetention).toContain(mark);
    writeFileSync(join(dir, `trygg.json.${process.pid + 1}.tmp`), beforeRetention);

    now = new Date('2026-05-01T03:00:00Z');
    await bot.bot.jobs.run('cases.retention', now);

    const after = await all();
    const files = filesUnder(dir).map((f) => `${f}: ${readFileSync(f, 'utf8')}`).join('\n');
    expect(files).toContain('K-2026-001'); // the snapshot was written and holds the case, by pseudonym
    for (const mark of MARKS) {
      expect(after).not.toContain(mark);
      expect(files).not.toContain(mark);
    }
    expect(after).toContain('Indikerad insats K-2026-001');
  });
});
