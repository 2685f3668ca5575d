/**
 * Proposals for timing real approvals. An action is decided once: a second click answers the stored
 * decision and writes nothing. So the timed approval run takes each proposal once, from `freshProposals`.
 *
 * They are spread over other teams of `PER_GROUP` proposals each, registered by the bench coordinator, so
 * every timed approval writes the action and its group's read model as it would in a group of the
 * standard size (40 actions). Hundreds of proposals in the bench group would time the size of that one
 * read model instead.
 */
import { channelInvoke, freshProposals, groupIdOfTeam, inTeam, postedForm, SCENARIOS, type BotPort } from './scenarios';

/** Proposals per extra team. */
export const PER_GROUP = 50;

let teams = 0;

/** Registers `count / PER_GROUP` (rounded up) new teams and proposes `count` actions in them through the bot's verbs. */
export async function addFreshProposals(port: BotPort, serviceUrl: string, count: number): Promise<void> {
  const coordinator = SCENARIOS.roster[0];
  const due = new Date(Date.now() + 30 * 86400000).toISOString().slice(0, 10);
  const byTeam: Array<typeof freshProposals> = [];
  for (let made = 0; made < count; ) {
    const team = `approvals-${++teams}`;
    const registered = JSON.stringify(
      await port.send(inTeam(channelInvoke(serviceUrl, coordinator, 'groups.register', { kind: 'sspf', name: `SSPF Beslut ${teams}`, municipality: 'Kungälv', areas: 'Ytterby', language: 'sv', agency: 'socialtjanst' }), team))
    );
    if (!registered.includes(`SSPF Beslut ${teams}`)) throw new Error(`approvals: ${team} not registered: ${registered.slice(0, 300)}`);
    const proposals: typeof freshProposals = [];
    byTeam.push(proposals);
    for (let i = 0; i < PER_GROUP && made < count; i++, made++) {
      const cardId = await postedForm(port, coordinator, 'insats ny', team);
      const res = await port.send({
        ...inTeam(
          channelInvoke(serviceUrl, coordinator, 'actions.propose', {
            formVersion: 1, title: `Beslut ${teams}-${i}`, description: 'Kvällstid.', level: 'generell', area: '', casePseudonym: '',
            agency: 'socialtjanst', ownerId: coordinator.aadObjectId, dueDate: due, promiseId: ''
          }),
          team
        ),
        replyToId: cardId
      });
      const actionId = JSON.stringify(res).match(/"actionId":"([A-Za-z0-9-]+)"/)?.[1];
      if (!actionId) throw new Error(`approvals: proposal in ${groupIdOfTeam(team)} refused: ${JSON.stringify(res).slice(0, 300)}`);
      proposals.push({ team, actionId, cardId });
    }
  }
  // Taken in turn from each team, so concurrent turns decide in different groups, as concurrent users of
  // many groups would: 50 at once in one group would time that group's read model, each write waiting
  // for the one before it.
  for (let i = 0; i < PER_GROUP; i++) for (const proposals of byTeam) if (proposals[i]) freshProposals.push(proposals[i]);
}

/** Proposals not yet taken by the approval scenario. */
export const freshLeft = (): number => freshProposals.length;
