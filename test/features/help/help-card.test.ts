import { helpCardOf, sectionOf, type HelpCommand } from '../../../src/features/help/card';
import { conversationButtons, personalButtons } from '../../../src/features/help/forms';

type Node = { [key: string]: unknown };

/** Every object of the card, depth first. */
function nodes(card: unknown): Node[] {
  const out: Node[] = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (n && typeof n === 'object') {
      out.push(n as Node);
      Object.values(n).forEach(walk);
    }
  };
  walk(card);
  return out;
}
const texts = (card: unknown) => nodes(card).filter((n) => n.type === 'TextBlock').map((n) => String(n.text));
const buttons = (card: unknown) => nodes(card).filter((n) => n.type === 'Action.Execute').map((n) => ({ title: n.title, verb: n.verb, data: n.data }));

const commands: HelpCommand[] = [
  { id: 'groups.register', usage: 'registrera', description: 'Registrera gruppen.' },
  { id: 'cases.new', usage: 'ärende ny', description: 'Nytt ärende.' },
  { id: 'actions.new', usage: 'insats ny', description: 'Ny insats.' },
  { id: 'updates', usage: 'observation', description: 'Rapportera.' },
  { id: 'meetings.propose', usage: 'möte', description: 'Föreslå möte.' },
  { id: 'help', usage: 'hjälp', description: 'Visa vad jag kan.' }
];

describe('the help card', () => {
  it('sorts commands into the tasks by feature', () => {
    expect(['updates', 'ask.picture', 'summaries.preview', 'actions.list', 'promises.new', 'meetings.next', 'cases.log', 'groups.link', 'help'].map(sectionOf)).toEqual(
      ['lagesbild', 'lagesbild', 'lagesbild', 'insatser', 'insatser', 'moten', 'arenden', 'grupp', 'grupp']
    );
  });

  it('groups the commands by task, in order, each command on its own wrapping line (344 px)', () => {
    const card = helpCardOf('sv', commands, conversationButtons('sv', false));
    const all = texts(card);
    const order = ['Lägesbild', 'Insatser', 'Möten', 'Ärenden', 'Grupp'].map((title) => all.indexOf(title));
    expect(order.every((i, k) => i >= 0 && (k === 0 || i > order[k - 1]))).toBe(true);
    expect(all).toContain('**ärende ny** – Nytt ärende.');
    expect(nodes(card).filter((n) => n.type === 'TextBlock').every((n) => n.wrap === true)).toBe(true);
    expect(nodes(card).some((n) => n.type === 'FactSet')).toBe(false);
  });

  it('in an unregistered conversation offers registration to everyone; in a registered one marks the coordinator buttons', () => {
    expect(buttons(helpCardOf('sv', commands, conversationButtons('sv', false)))).toEqual([
      { title: 'Registrera gruppen', verb: 'groups.openRegistration', data: { groupId: '', lang: 'sv' } }
    ]);
    const registered = buttons(helpCardOf('en', commands, conversationButtons('en', true)));
    expect(registered.map((b) => [b.title, b.verb])).toEqual([
      ['New situation update', 'updates.openNew'],
      ['Propose an action', 'actions.openNew'],
      ['Propose a meeting (coordinators)', 'meetings.openNew'],
      ['New case (coordinators, social services)', 'cases.openNew'],
      ['Change the group settings (coordinators)', 'groups.openRegistration'],
      ['Members and roles (coordinators)', 'groups.openMembers']
    ]);
  });

  it('in personal chat lists the groups and roles, with a log button per coordinated group only', () => {
    const groups = [{ id: 'g1', name: 'SSPF Ytterby', coordinator: true }, { id: 'g2', name: 'Styrgrupp Kungälv', coordinator: false }];
    const card = helpCardOf('sv', commands, personalButtons('sv', groups), [{ name: 'SSPF Ytterby', roles: 'Socialtjänst, Samordnare' }]);
    expect(texts(card)).toContain('Dina grupper');
    expect(texts(card)).toContain('**SSPF Ytterby** – Socialtjänst, Samordnare');
    expect(buttons(card)).toEqual([{ title: 'Grupplogg: SSPF Ytterby', verb: 'groups.openLog', data: { groupId: 'g1', lang: 'sv' } }]);
    expect(texts(helpCardOf('sv', commands, [], []))).toContain('Du är inte medlem i någon registrerad grupp än. Be en samordnare lägga till dig.');
  });
});
