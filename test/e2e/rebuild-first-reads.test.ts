import { startBot, type RunningBot } from '../support/bot-harness';
import { ConnectorStandIn } from '../support/connector';
import { turnWithCost } from '../support/store-cost';
import { linkToSteering, postedForm, registerGroup } from '../support/flows';
import { anna, execute, message, olle, person, styrgrupp, ytterby, type Place } from '../support/teams';

const ale: Place = { kind: 'channel', teamId: '19:team-ale@thread.tacv2', channelId: '19:general-ale@thread.tacv2' };
const aleCoordinator = person(41, 'Alva Samordnare');
/** A steering group no SSPF group has linked to yet. */
const lonely: Place = { kind: 'channel', teamId: '19:team-styr-stenungsund@thread.tacv2', channelId: '19:general-styr-stenungsund@thread.tacv2' };
const stenCoordinator = person(42, 'Sten Samordnare');

/**
 * What reads cost right after `npm run rebuild-read-models`, and in a municipality new to Trygg. A read
 * model that is missing is built on its first read, from the sources; on the embedded store a query
 * holds the whole process while it runs (100 000 records: seconds), so a rebuild must leave no read model
 * to the first read, and a municipality without citizen promises must not scan every group's actions.
 */
describe('first reads after a rebuild, and in a new municipality', () => {
  const connector = new ConnectorStandIn();
  let bot: RunningBot;
  const now = new Date('2026-03-10T09:00:00Z');
  const c = (replyToId?: string) => ({ serviceUrl: connector.url, replyToId });

  beforeAll(async () => {
    await connector.start();
    connector.addPeople(anna, olle, aleCoordinator, stenCoordinator);
    bot = await startBot({ clock: { now: () => now } });
    await registerGroup(bot, connector, ytterby, anna, { name: 'SSPF Ytterby', municipality: 'Kungälv', areas: 'Ytterby, Kareby' });
    await registerGroup(bot, connector, styrgrupp, olle, { kind: 'styrgrupp', name: 'Trygg i Kungälv', municipality: 'Kungälv', areas: 'Kungälv', agency: 'polis' });
    await linkToSteering(bot, connector, ytterby, anna, 'Trygg i Kungälv');
    await registerGroup(bot, connector, lonely, stenCoordinator, { kind: 'styrgrupp', name: 'Trygg i Stenungsund', municipality: 'Stenungsund', areas: 'Stenungsund', agency: 'polis' });
    // Kungälv has a citizen promise and an action linked to it: its book is not empty.
    const promiseForm = await postedForm(bot, connector, olle, styrgrupp, 'medborgarlöfte ny');
    await bot.post(execute(olle, styrgrupp, 'promises.create', {
      title: 'Tryggare centrum', policeArea: 'Lokalpolisområde Kungälv', periodStart: '2026-01-01', periodEnd: '2026-12-31', commitments: 'Trygghetsvandringar varje månad'
    }, c(promiseForm)));
    const [promiseId] = await promisesOfKungalv();
    const form = await postedForm(bot, connector, anna, ytterby, 'insats ny');
    await bot.post(execute(anna, ytterby, 'actions.propose', {
      formVersion: 1, title: 'Trygghetsvandring', description: '', level: 'selektiv', area: 'Ytterby', casePseudonym: '', agency: 'polis', ownerId: anna.aadObjectId, dueDate: '2026-03-20', promiseId
    }, c(form)));
  });
  afterAll(async () => {
    await bot.stop();
    await connector.stop();
  });

  async function promisesOfKungalv(): Promise<string[]> {
    const { resources } = await bot.store.container('promises').items.query<{ id: string }>('SELECT c.id FROM c').fetchAll();
    return resources.map((p) => p.id);
  }

  /** One message; what it answered and what it cost at the store. */
  const turn = (who: typeof olle, place: Place, text: string) => turnWithCost(bot, connector, message(who, place, text, c()));

  it('the set-up linked a promise and an action in Kungälv', async () => {
    expect(await promisesOfKungalv()).toHaveLength(1);
    const summary = await turn(olle, styrgrupp, 'sammanfattning');
    expect(summary.answer).toContain('Tryggare centrum');
    expect(summary.answer).toMatch(/SSPF-grupper\n1/);
  });

  const READS = [[olle, styrgrupp, 'sammanfattning'], [stenCoordinator, lonely, 'sammanfattning'], [anna, ytterby, 'sammanfattning'], [anna, ytterby, 'insatser'], [anna, ytterby, 'nästa möte']] as const;

  it("after a rebuild, the steering group's first summary and the SSPF group's first reads cost point reads only", async () => {
    // Every read model exists and every one-time record is written before the rebuild drops them.
    for (const [who, place, text] of READS) {
      await turn(who, place, text);
    }
    const expected = new Map<string, string>();
    for (const [who, place, text] of READS) {
      expected.set(`${place.kind}:${text}:${who.name}`, (await turn(who, place, text)).answer);
    }
    await bot.bot.readModels.rebuildAll(now);
    for (const [who, place, text] of READS) {
      const first = await turn(who, place, text);
      expect([text, first.cost]).toEqual([text, expect.objectContaining({ queries: 0, crossPartitionQueries: 0, queryPlans: 0, writes: 0 })]);
      expect(first.answer).toBe(expected.get(`${place.kind}:${text}:${who.name}`));
    }
  });

  it('a municipality without citizen promises: its first summary scans no other group (no cross-partition query)', async () => {
    await registerGroup(bot, connector, ale, aleCoordinator, { name: 'SSPF Nödinge', municipality: 'Ale', areas: 'Nödinge' });
    const first = await turn(aleCoordinator, ale, 'sammanfattning');
    expect(first.answer).toContain('Veckosammanfattning');
    expect(first.cost).toMatchObject({ crossPartitionQueries: 0 });
    // And nothing of Kungälv's promise reaches Ale.
    expect(first.answer).not.toContain('Tryggare centrum');
  });
});
