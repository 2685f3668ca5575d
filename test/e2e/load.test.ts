import { ActionRepository } from '../../src/features/actions/action-repository';
import { UpdateRepository } from '../../src/features/updates/update-repository';
import { startBot, type RunningBot } from '../support/bot-harness';
import { ConnectorStandIn } from '../support/connector';
import { postedForm, registerGroup, setMember } from '../support/flows';
import { anna, execute, message, person, personalOf, ytterby, type Person } from '../support/teams';

/**
 * 200 concurrent conversations × 20 turns each: commands, new situation updates and card approvals
 * racing on shared actions. Nothing may be lost or decided twice, and no turn may fail with a 5xx.
 */
describe('load without loss', () => {
  const connector = new ConnectorStandIn();
  let bot: RunningBot;
  const c = (replyToId?: string) => ({ serviceUrl: connector.url, replyToId });
  const staff = Array.from({ length: 20 }, (_, i) => person(2000 + i, `Medarbetare ${i}`));
  const coordinators = staff.slice(0, 5);
  const actionIds: string[] = [];
  let groupId = '';

  beforeAll(async () => {
    await connector.start();
    connector.addPeople(anna, ...staff);
    // This test is about loss and double decisions under contention, not latency: on a shared CI machine
    // 200 simultaneous conversations with the store in the same process take longer than Teams' patience
    // (turn deadline, 2 s per store request), which would turn most turns into "försök igen"; that
    // behaviour has its own tests (store-deadlines.test.ts). So the time limits are long here.
    const long = { totalMs: 120_000, answerReserveMs: 1000 };
    bot = await startBot({ env: { LOG_LEVEL: 'warn' }, turnBudgets: { invoke: long, message: long }, storeRequestTimeoutMs: 60_000 });
    await registerGroup(bot, connector, ytterby, anna, { areas: 'Ytterby, Kareby' });
    for (const [i, p] of staff.entries()) await setMember(bot, connector, ytterby, anna, p, ['skola', 'polis', 'fritid', 'socialtjanst'][i % 4], i < 5 ? 'samordnare' : 'medlem');
    groupId = (await bot.bot.repos.groups.getByKey('team:19:team-ytterby@thread.tacv2'))!.id;
    const due = new Date(Date.now() + 20 * 86400000).toISOString().slice(0, 10);
    for (let i = 0; i < 10; i++) {
      const owner = staff[5 + i];
      const res = await bot.post(
        execute(owner, ytterby, 'actions.propose', { formVersion: 1, title: `Delad insats ${i}`, description: 'Under last.', level: 'generell', area: '', casePseudonym: '', agency: 'fritid', ownerId: owner.aadObjectId, dueDate: due, promiseId: '' }, c(await postedForm(bot, connector, owner, ytterby, 'insats ny')))
      );
      actionIds.push(JSON.stringify(res.body).match(/"actionId":"([A-Za-z0-9-]+)"/)![1]);
    }
    connector.clear();
  });
  afterAll(async () => {
    await bot.stop();
    await connector.stop();
  });

  it('answers 4000 turns without a 5xx, keeps every acknowledged update and decides every action exactly once', async () => {
    const statuses: number[] = [];
    const acknowledged: string[] = [];
    const retried: string[] = [];
    const today = new Date().toISOString().slice(0, 10);
    /** Posts the update form for `who`; under this load a turn may answer "försök igen", and then she types again. */
    const formUnderLoad = async (who: Person): Promise<string> => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await postedForm(bot, connector, who, ytterby, 'lägesbild ny');
        } catch (err) {
          if (attempt >= 10) throw err;
        }
      }
    };
    const conversation = async (n: number) => {
      const who: Person = staff[n % staff.length];
      for (let turn = 0; turn < 20; turn++) {
        const kind = (n + turn) % 5;
        let res;
        if (kind === 0) {
          const draftId = `00000000-0000-4000-8${String(n).padStart(3, '0')}-${String(turn).padStart(12, '0')}`;
          // A user told to try again (a store conflict or "försök igen" under this load) presses again, from a
          // fresh form, with the same draft: the draft id makes the submit idempotent, so a retry never doubles it.
          for (let attempt = 1; attempt <= 3; attempt++) {
            res = await bot.post(execute(who, ytterby, 'updates.submit', { draftId, area: 'Ytterby', category: 'narkotika', trend: 'okande', level: 'generell', observedOn: today, text: `Last ${n}-${turn}` }, c(await formUnderLoad(who))));
            if (res.status === 200 && res.body?.type === 'application/vnd.microsoft.card.adaptive' && !JSON.stringify(res.body).includes('Kontrollera')) {
              acknowledged.push(draftId);
              break;
            }
            retried.push(JSON.stringify(res.body).slice(0, 300));
          }
        } else if (kind === 1) {
          const coordinator = coordinators[(n + turn) % coordinators.length];
          const verb = (n + turn) % 2 === 0 ? 'actions.approve' : 'actions.reject';
          res = await bot.post(execute(coordinator, ytterby, verb, { actionId: actionIds[(n * 7 + turn) % actionIds.length], note: 'Beslut under last' }, c()));
        } else if (kind === 2) {
          res = await bot.post(message(who, ytterby, 'insatser', c()));
        } else if (kind === 3) {
          res = await bot.post(message(who, personalOf(who), 'lägesbild Ytterby', c()));
        } else {
          res = await bot.post(message(who, personalOf(who), 'hjälp', c()));
        }
        statuses.push(res!.status);
      }
    };
    await Promise.all(Array.from({ length: 200 }, (_, n) => conversation(n)));

    expect(statuses).toHaveLength(4000);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    if (retried.length > 0) console.log(`update submits answered without a card and pressed again: ${retried.length}`, retried.slice(0, 3));
    expect(acknowledged.length).toBe(800);

    const stored = new Set((await new UpdateRepository(bot.store).list(groupId)).map((u) => u.id));
    for (const id of acknowledged) expect(stored.has(id)).toBe(true);
    // No retry stored an update twice.
    expect((await new UpdateRepository(bot.store).list(groupId)).filter((u) => u.text.startsWith('Last ')).length).toBe(800);

    const actions = new ActionRepository(bot.store);
    for (const id of actionIds) {
      const action = await actions.get(groupId, id);
      expect(action?.decision).toBeDefined();
      const decisions = action!.history.filter((h) => h.to === 'godkand' || h.to === 'avslagen');
      expect(decisions).toHaveLength(1);
      expect(action!.status).toBe(decisions[0].to);
    }
  }, 300_000);
});
