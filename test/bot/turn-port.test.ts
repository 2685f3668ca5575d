import { TurnContext, type Activity } from 'botbuilder';
import { TryggAdapter } from '../../src/bot/adapter';
import { Roster } from '../../src/bot/roster';
import { setTurnLang } from '../../src/bot/turn';
import { pressedReference, turnOf } from '../../src/bot/turn-port';
import { renderCard } from '../../src/cards/render';
import { loadConfig } from '../../src/config';
import { ConnectorStandIn } from '../support/connector';
import { anna, execute, message, personalOf, sara, ytterby } from '../support/teams';

/** A Turn built from a real TurnContext on the real adapter; replies and roster look-ups reach the connector stand-in. */
describe('turn port: TurnContext -> Turn', () => {
  const connector = new ConnectorStandIn();
  let adapter: TryggAdapter;
  let roster: Roster;

  beforeAll(async () => {
    await connector.start();
    adapter = new TryggAdapter(loadConfig({ LOG_LEVEL: 'silent' }));
    roster = new Roster(adapter.connector);
    connector.addPeople({ id: sara.id, aadObjectId: sara.aadObjectId, name: sara.name });
  });
  afterAll(() => connector.stop());
  beforeEach(() => connector.clear());

  const contextOf = (activity: unknown) => new TurnContext(adapter, activity as Activity);

  it('reads where, who and the client language of a channel message; no card fields', () => {
    const activity = message(anna, ytterby, 'hjälp', { serviceUrl: connector.url, locale: 'en-US' });
    const turn = turnOf(contextOf(activity), roster);
    expect(turn.where).toMatchObject({ kind: 'channel', groupKey: `team:${ytterby.kind === 'channel' ? ytterby.teamId : ''}` });
    expect(turn.where.conversationId).not.toContain(';messageid=');
    expect(turn.actor).toEqual({ aadObjectId: anna.aadObjectId.toLowerCase(), teamsUserId: anna.id, name: anna.name });
    expect(turn.clientLang).toBe('en');
    expect(turn.lang).toBe('en');
    expect(turn.cardMessageId).toBeUndefined();
    expect(turn.automatic).toBe(false);
  });

  it('follows the language the router decides during the turn, and caches one Turn per context', () => {
    const context = contextOf(message(anna, ytterby, 'help', { serviceUrl: connector.url, locale: 'sv-SE' }));
    const turn = turnOf(context, roster);
    expect(turn.lang).toBe('sv');
    setTurnLang(context, 'en');
    expect(turn.lang).toBe('en');
    expect(turn.clientLang).toBe('sv');
    expect(turnOf(context, roster)).toBe(turn);
  });

  it('gives a card action its pressed message and tells an automatic refresh from a press', () => {
    const press = execute(anna, ytterby, 'x.verb', {}, { serviceUrl: connector.url, replyToId: 'm-42' });
    const pressed = turnOf(contextOf(press), roster);
    expect(pressed.cardMessageId).toBe('m-42');
    expect(pressed.automatic).toBe(false);
    const refresh = { ...press, value: { ...press.value, trigger: 'automatic' } };
    expect(turnOf(contextOf(refresh), roster).automatic).toBe(true);
    // The raw reference keeps the thread, so the pressed card is updated where Teams shows it.
    expect(pressedReference(pressed)?.conversation?.id).toBe(press.conversation.id);
  });

  it('stores a group reference without the thread, the activity id or a user', () => {
    const turn = turnOf(contextOf(message(anna, ytterby, 'x', { serviceUrl: connector.url })), roster);
    const reference = turn.reference as { conversation?: { id: string }; user?: unknown; activityId?: unknown; serviceUrl?: string };
    expect(reference.conversation?.id).toBe(turn.where.conversationId);
    expect(reference.user).toBeUndefined();
    expect(reference.activityId).toBeUndefined();
    expect(reference.serviceUrl).toBe(connector.url);
  });

  it('keeps the user in a personal reference', () => {
    const turn = turnOf(contextOf(message(anna, personalOf(anna), 'x', { serviceUrl: connector.url })), roster);
    expect((turn.reference as { user?: { id: string } }).user?.id).toBe(anna.id);
  });

  it('replies with text and with a card into the conversation', async () => {
    const activity = message(anna, ytterby, 'x', { serviceUrl: connector.url });
    const turn = turnOf(contextOf(activity), roster);
    await turn.reply('hej');
    await turn.replyCard(renderCard('help', { title: 'T', intro: 'I', footer: 'F', groupsTitle: '', groups: [], sections: [] }, 'sv'));
    const sent = connector.sentTo(turn.where.conversationId);
    expect(sent.map((a) => a.body.text ?? null)).toEqual(['hej', null]);
    expect(ConnectorStandIn.cards(sent)).toHaveLength(1);
  });

  it('looks roster members up in the team: a member is found, a stranger is not', async () => {
    const turn = turnOf(contextOf(message(anna, ytterby, 'x', { serviceUrl: connector.url })), roster);
    expect((await turn.rosterMember(sara.aadObjectId))?.id).toBe(sara.id);
    expect(await turn.rosterMember('29:nobody')).toBeUndefined();
  });
});
