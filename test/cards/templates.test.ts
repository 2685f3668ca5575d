import type * as AdaptiveCards from 'adaptivecards';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CARDS_DIR, renderCard } from '../../src/cards/render';
import { TEMPLATE_SCHEMAS, type TemplateName } from '../../src/cards/templates';

/**
 * Every template in cards/ must be a card Teams can render (schema ≤ 1.5, element types the Adaptive
 * Cards SDK knows, a verb on every Action.Execute), and must render with its sample data in
 * cards/samples/<name>.json without a binding left over. The same samples feed `npm run cards`.
 */
const SAMPLES_DIR = join(CARDS_DIR, 'samples');
const templates = readdirSync(CARDS_DIR).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();

// The package's ES module build does not load in Node; its UMD bundle (the one the gallery uses) does.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const AC = require('adaptivecards/dist/adaptivecards.js') as typeof AdaptiveCards;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Calls `visit` for every object in the tree, with its JSON path. */
function walk(node: Json, path: string, visit: (obj: { [key: string]: Json }, path: string) => void): void {
  if (Array.isArray(node)) node.forEach((n, i) => walk(n, `${path}[${i}]`, visit));
  else if (node && typeof node === 'object') {
    visit(node, path);
    for (const [k, v] of Object.entries(node)) walk(v, `${path}.${k}`, visit);
  }
}

function versionProblems(card: { [key: string]: Json }): string[] {
  const v = String(card.version ?? '');
  const m = /^(\d+)\.(\d+)$/.exec(v);
  if (!m) return [`version "${v}" is not major.minor`];
  return Number(m[1]) > 1 || (Number(m[1]) === 1 && Number(m[2]) > 5) ? [`version ${v} is above 1.5, the highest Teams renders`] : [];
}

/** Problems the Adaptive Cards SDK reports when it parses the card as schema 1.5. */
function sdkProblems(card: Json): string[] {
  const parsed = new AC.AdaptiveCard();
  const context = new AC.SerializationContext(new AC.Version(1, 5));
  parsed.parse(card as object, context);
  const problems: string[] = [];
  for (let i = 0; i < context.eventCount; i++) {
    const message = context.getEventAt(i).message;
    // Teams supports dynamic type-ahead (choices.data with Data.Query) in 1.5 cards; the SDK dates it 1.6.
    if (/Property "choices\.data" is supported in version 1\.6/.test(message)) continue;
    problems.push(message);
  }
  return problems;
}

/** Action.Execute without a verb makes Teams answer "Unable to reach app". */
function executeProblems(card: Json): string[] {
  const problems: string[] = [];
  walk(card, '$', (obj, path) => {
    if (obj.type === 'Action.Execute' && (typeof obj.verb !== 'string' || obj.verb.trim() === '')) problems.push(`${path}: Action.Execute without a verb`);
  });
  return problems;
}

function readJson(file: string): { [key: string]: Json } {
  return JSON.parse(readFileSync(file, 'utf8'));
}

describe('card templates', () => {
  it('finds the templates', () => {
    expect(templates).toEqual(expect.arrayContaining(['help', 'group-register', 'members']));
  });

  it('every sample belongs to a template', () => {
    const orphans = readdirSync(SAMPLES_DIR)
      .filter((f) => f.endsWith('.json'))
      .filter((f) => !templates.includes(f.slice(0, -5)));
    expect(orphans).toEqual([]);
  });

  describe.each(templates)('cards/%s.json', (name) => {
    const samplePath = join(SAMPLES_DIR, `${name}.json`);

    it('is an Adaptive Card Teams can render (≤ 1.5, known elements, verbs on Action.Execute)', () => {
      const template = readJson(join(CARDS_DIR, `${name}.json`));
      expect(template.type).toBe('AdaptiveCard');
      expect([...versionProblems(template), ...executeProblems(template)]).toEqual([]);
    });

    it('renders with its sample data: valid for the SDK, no binding left unresolved', () => {
      if (!existsSync(samplePath)) {
        throw new Error(`cards/${name}.json has no sample data: add cards/samples/${name}.json with a realistic, fictional model (every bound field) for the test and the card gallery.`);
      }
      // The sample must fit the template's schema; rendering it then needs no cast.
      const key = name as TemplateName;
      const sample = TEMPLATE_SCHEMAS[key].parse(readJson(samplePath));
      const card = renderCard(key, sample) as unknown as { [key: string]: Json };
      const leftovers = (JSON.stringify(card).match(/\$\{[^}]*\}?/g) ?? []).slice(0, 5);
      expect({ unresolved: leftovers }).toEqual({ unresolved: [] });
      expect([...versionProblems(card), ...executeProblems(card), ...sdkProblems(card)]).toEqual([]);
    });
  });
});

describe('the checks themselves', () => {
  it('report an unknown element, a version above 1.5 and an Action.Execute without a verb', () => {
    const bad: Json = {
      type: 'AdaptiveCard',
      version: '1.6',
      body: [{ type: 'TextBlok', text: 'x' }],
      actions: [{ type: 'Action.Execute', title: 'Go' }]
    };
    expect(versionProblems(bad as { [key: string]: Json })).toHaveLength(1);
    expect(sdkProblems(bad).join(' ')).toMatch(/Unknown element type "TextBlok"/);
    expect(executeProblems(bad)).toEqual(['$.actions[0]: Action.Execute without a verb']);
  });
});
