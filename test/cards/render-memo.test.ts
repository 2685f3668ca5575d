import * as ACData from 'adaptivecards-templating';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CARDS_DIR, MEMOISED, renderCard } from '../../src/cards/render';
import { TEMPLATE_SCHEMAS, type TemplateData, type TemplateName } from '../../src/cards/templates';
import { CARD_LANG_KEY } from '../../src/i18n/answer-language';

/**
 * The read turns' cards are rendered once per model (`MEMOISED` in src/cards/render.ts). What that must
 * never change: the card a model gets, whichever models came before it; one turn's card cannot be
 * changed by another; and a case card is never kept.
 */
const sample = <K extends TemplateName>(name: K) => JSON.parse(readFileSync(join(CARDS_DIR, 'samples', `${name}.json`), 'utf8')) as TemplateData[K];

/** The card as the template gives it, expanded afresh, outside the code under test. */
function fresh(name: TemplateName, data: unknown, lang?: 'sv' | 'en'): unknown {
  const card = new ACData.Template(JSON.parse(readFileSync(join(CARDS_DIR, `${name}.json`), 'utf8'))).expand({ $root: data }) as object;
  if (!lang) return card;
  // What renderCard adds: the card's language in the data of every Action.Execute.
  return JSON.parse(JSON.stringify(card), (_k, v: unknown) => {
    const o = v as { type?: unknown; data?: Record<string, unknown> };
    return o && typeof o === 'object' && o.type === 'Action.Execute' ? { ...o, data: { ...o.data, [CARD_LANG_KEY]: lang } } : v;
  });
}

const text = fc.string({ maxLength: 30 });
const listModel = fc.record({
  heading: text,
  empty: text,
  more: text,
  items: fc.array(fc.record({ title: text, detail: text, warning: fc.oneof(fc.constant(''), text) }), { maxLength: 6 })
});

describe('cards of the read turns, rendered once per model', () => {
  it('keeps only cards that show no case: never a case card', () => {
    expect([...MEMOISED].sort()).toEqual(['action-list', 'help', 'members', 'situation-picture']);
    for (const name of Object.keys(TEMPLATE_SCHEMAS) as TemplateName[]) {
      if (MEMOISED.has(name)) continue;
      // Each render of a card that is not kept is a card of its own: nothing of it outlives the turn.
      expect(renderCard(name, sample(name), 'sv')).not.toBe(renderCard(name, sample(name), 'sv'));
    }
  });

  it.each([...MEMOISED])('gives %s, from its sample, the card the template gives, in either language, again and again', (name) => {
    for (const lang of ['sv', 'en'] as const) {
      const first = renderCard(name, sample(name), lang);
      expect(first).toEqual(fresh(name, sample(name), lang));
      expect(renderCard(name, sample(name), lang)).toEqual(first);
    }
  });

  it('gives every model its own card, whatever models were rendered before it', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(listModel, fc.constantFrom('sv' as const, 'en' as const)), { minLength: 1, maxLength: 8 }), (renders) => {
        for (const [model, lang] of [...renders, ...renders]) expect(renderCard('action-list', model, lang)).toEqual(fresh('action-list', model, lang));
      }),
      { numRuns: 100 }
    );
  });

  it('does not let one turn change the card another turn gets', () => {
    const model = { heading: 'Insatser', empty: 'Inga', more: '', items: [{ title: 'Fältvandring', detail: 'Godkänd', warning: '' }] };
    const card = renderCard('action-list', model, 'sv') as unknown as { body: Array<{ text?: string }> };
    expect(() => card.body.push({ text: 'tillagd' })).toThrow(TypeError);
    expect(() => {
      card.body[0].text = 'ändrad';
    }).toThrow(TypeError);
    expect(renderCard('action-list', model, 'sv')).toEqual(fresh('action-list', model, 'sv'));
  });

  it('renders a very large model every time instead of keeping it', () => {
    const items = Array.from({ length: 400 }, (_, i) => ({ title: `Insats ${i} ${'x'.repeat(200)}`, detail: 'Godkänd', warning: '' }));
    const model = { heading: 'Insatser', empty: '', more: '', items };
    expect(renderCard('action-list', model, 'sv')).not.toBe(renderCard('action-list', model, 'sv'));
    const small = { ...model, items: items.slice(0, 2) };
    expect(renderCard('action-list', small, 'sv')).toBe(renderCard('action-list', small, 'sv'));
  });
});
