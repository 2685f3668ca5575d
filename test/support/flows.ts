import type { RunningBot } from './bot-harness';
import type { ConnectorStandIn } from './connector';
import { GroupRepository } from '../../src/features/groups/group-repository';
import type { Group } from '../../src/features/groups/model';
import { anna, execute, message, ytterby, type Person, type Place } from './teams';

/** Registers a group through the bot's card verb, as its coordinator would. */
export async function registerGroup(
  bot: RunningBot,
  connector: ConnectorStandIn,
  place: Place,
  coordinator: Person,
  form: { kind?: 'sspf' | 'styrgrupp'; name?: string; municipality?: string; areas?: string; language?: 'sv' | 'en'; agency?: string } = {},
  /** The posted registration form pressed (from `registrera`); only it is replaced by the registered card. */
  replyToId?: string
) {
  const res = await bot.post(
    execute(coordinator, place, 'groups.register', {
      kind: form.kind ?? 'sspf',
      name: form.name ?? 'SSPF Ytterby',
      municipality: form.municipality ?? 'Kungälv',
      areas: form.areas ?? 'Ytterby, Kareby',
      language: form.language ?? 'sv',
      agency: form.agency ?? 'socialtjanst'
    }, { serviceUrl: connector.url, replyToId })
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

/**
 * Types the command that posts a create form (`insats ny`, `lägesbild ny`, `möte`, …) and returns the posted
 * form's message id, as Teams would send it as `replyToId` when the form is submitted: create invokes are
 * bound to a form the bot recorded in that conversation (src/access/card-binding.ts).
 */
export async function postedForm(bot: RunningBot, connector: ConnectorStandIn, who: Person, place: Place, command: string): Promise<string> {
  const typed = message(who, place, command, { serviceUrl: connector.url });
  await bot.post(typed);
  // The bot answers in reply to the typed message: that finds this form even among concurrent conversations.
  const form = connector.activities.filter((a) => a.method === 'POST' && a.replyToId === typed.id && JSON.stringify(a.body).includes('application/vnd.microsoft.card.adaptive')).at(-1);
  if (!form?.activityId) throw new Error(`no form was posted for "${command}"`);
  return form.activityId;
}

/**
 * Stores a registered group directly (no card flow), for tests of the group channel: its posting channel
 * is `<channel>-<suffix>` and, unless `reference` is false, that channel's reference is stored as the bot
 * stores it, pointing at the connector stand-in.
 */
export async function seedChannelGroup(bot: RunningBot, connector: ConnectorStandIn, suffix: string, reference = true): Promise<Group> {
  const channelId = ytterby.kind === 'channel' ? ytterby.channelId : '';
  const teamId = ytterby.kind === 'channel' ? ytterby.teamId : '';
  const conversationId = `${channelId}-${suffix}`;
  const key = `team:${teamId}-${suffix}`;
  const now = new Date().toISOString();
  const group: Group = {
    id: GroupRepository.idFor(key), key, kind: 'sspf', name: `G${suffix}`, municipality: 'Kungälv', municipalityKey: 'kungalv', areas: [], language: 'sv',
    conversationType: 'channel', teamId, postConversationId: conversationId, registeredBy: anna.aadObjectId, registeredAt: now, updatedAt: now
  };
  await bot.bot.repos.groups.create(group);
  if (reference) {
    await bot.bot.repos.conversations.remember(`conv:${conversationId}`, 'channel', {
      channelId: 'msteams',
      serviceUrl: connector.url,
      conversation: { id: conversationId, isGroup: true, conversationType: 'channel', name: '' },
      bot: { id: '28:trygg-bot', name: 'Trygg' }
    }, new Date());
  }
  return (await bot.bot.repos.groups.get(group.id))!;
}
