import type { RunningBot } from './bot-harness';
import type { ConnectorStandIn } from './connector';
import { execute, message, type Person, type Place } from './teams';

/** Registers a group through the bot's card verb, as its coordinator would. */
export async function registerGroup(
  bot: RunningBot,
  connector: ConnectorStandIn,
  place: Place,
  coordinator: Person,
  form: { kind?: 'sspf' | 'styrgrupp'; name?: string; municipality?: string; areas?: string; language?: 'sv' | 'en'; agency?: string } = {}
) {
  const res = await bot.post(
    execute(coordinator, place, 'groups.register', {
      kind: form.kind ?? 'sspf',
      name: form.name ?? 'SSPF Ytterby',
      municipality: form.municipality ?? 'Kungälv',
      areas: form.areas ?? 'Ytterby, Kareby',
      language: form.language ?? 'sv',
      agency: form.agency ?? 'socialtjanst'
    }, { serviceUrl: connector.url })
  );
  if (res.status !== 200 || res.body?.statusCode !== 200) throw new Error(`registration failed: ${JSON.stringify(res.body)}`);
  return res;
}

/** Adds a member with an agency and role through the coordinator's card. */
export async function setMember(bot: RunningBot, connector: ConnectorStandIn, place: Place, coordinator: Person, who: Person, agency: string, role: 'medlem' | 'samordnare' = 'medlem') {
  const res = await bot.post(execute(coordinator, place, 'groups.setMember', { userId: who.aadObjectId, agency, role }, { serviceUrl: connector.url }));
  if (res.status !== 200) throw new Error(`setMember failed: ${JSON.stringify(res.body)}`);
  return res;
}

/** Links an SSPF group to a steering group with `koppla`, as the SSPF group's coordinator would. */
export async function linkToSteering(bot: RunningBot, connector: ConnectorStandIn, place: Place, coordinator: Person, steeringName: string) {
  const res = await bot.post(message(coordinator, place, `koppla ${steeringName}`, { serviceUrl: connector.url }));
  if (res.status !== 200) throw new Error(`link failed: ${JSON.stringify(res.body)}`);
  const answer = connector.activities.map((a) => a.body.text ?? '').join('\n');
  if (!answer.includes('är nu kopplad')) throw new Error(`link refused: ${answer}`);
  return res;
}
