import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CARDS_DIR, renderCard } from '../../../src/cards/render';
import { TEMPLATE_SCHEMAS } from '../../../src/cards/templates';

type Json = Record<string, unknown>;

function executes(card: unknown): Json[] {
  const found: Json[] = [];
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!n || typeof n !== 'object') return;
    if ((n as Json).type === 'Action.Execute') found.push(n as Json);
    Object.values(n as Json).forEach(walk);
  };
  walk(card);
  return found;
}

describe('renderCard with a language', () => {
  const model = {
    t: { show: 'Visa text', edit: 'Ändra', withdraw: 'Dra tillbaka' },
    title: 'Lägesbild',
    facts: [],
    status: '',
    note: '',
    text: '',
    showText: false,
    active: true,
    updateId: 'u-1',
    verbs: { show: 'updates.show', edit: 'updates.edit', withdraw: 'updates.withdraw' }
  };

  it('adds the language to every Action.Execute, keeping its data', () => {
    const card = renderCard('update-posted', model, 'en');
    const actions = executes(card);
    expect(actions.length).toBeGreaterThan(1);
    for (const a of actions) expect(a.data).toEqual({ updateId: 'u-1', lang: 'en' });
  });

  it('stamps the refresh action too (automatic refreshes are answered in the card\'s language)', () => {
    const sample = TEMPLATE_SCHEMAS['case-summary'].parse(JSON.parse(readFileSync(join(CARDS_DIR, 'samples', 'case-summary.json'), 'utf8')));
    const card = renderCard('case-summary', { ...sample, userIds: ['29:user-1'] }, 'sv');
    const refresh = (card.refresh as Json).action as Json;
    expect(refresh.type).toBe('Action.Execute');
    expect((refresh.data as Json).lang).toBe('sv');
    for (const a of executes(card)) expect((a.data as Json).lang).toBe('sv');
  });

  it('leaves a card rendered without a language as the template makes it', () => {
    const card = renderCard('update-posted', model);
    for (const a of executes(card)) expect(a.data).toEqual({ updateId: 'u-1' });
  });
});
