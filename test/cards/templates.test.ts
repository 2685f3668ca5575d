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
    if (CHART_UNKNOWN.test(message)) continue;
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

/**
 * Teams charts (learn.microsoft.com, "Charts in Adaptive Cards"): the properties each documented chart
 * element has, and the shape of its data. Clients without charts (older Teams, the Adaptive Cards SDK,
 * the gallery) show the `fallback`, so a chart is accepted only with one: a Table or FactSet.
 */
const CHART_COMMON = ['type', 'title', 'xAxisTitle', 'yAxisTitle', 'colorSet', 'color', 'data', 'fallback', 'id', 'isVisible', 'separator', 'spacing', 'height', 'horizontalAlignment', 'targetWidth', 'requires', 'lang', 'grid.area'];
const CHARTS: Record<string, { properties: string[]; datum: (d: Json, path: string) => string[] }> = {
  'Chart.Line': {
    properties: CHART_COMMON,
    datum: (d, path) => {
      if (!d || typeof d !== 'object' || Array.isArray(d)) return [`${path}: a line is an object {legend, values}`];
      const problems = Object.keys(d).filter((k) => !['legend', 'values', 'color', '$data'].includes(k)).map((k) => `${path}.${k}: not a documented property of a line`);
      const values = d.values;
      if (!Array.isArray(values)) return [...problems, `${path}.values: must be an array of {x, y}`];
      values.forEach((v, i) => problems.push(...point(v, `${path}.values[${i}]`)));
      return problems;
    }
  },
  'Chart.VerticalBar': { properties: [...CHART_COMMON, 'showBarValues'], datum: (d, path) => point(d, path) }
};

function point(v: Json, path: string): string[] {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return [`${path}: a point is an object {x, y}`];
  const problems = Object.keys(v).filter((k) => !['x', 'y', 'color', '$data'].includes(k)).map((k) => `${path}.${k}: not a documented property of a point`);
  if (!('x' in v) || !('y' in v)) problems.push(`${path}: a point needs x and y`);
  return problems;
}

/** Every `Chart.*` element: a documented type, documented properties and data, and a Table or FactSet fallback. */
function chartProblems(card: Json, rendered: boolean): string[] {
  const problems: string[] = [];
  walk(card, '$', (obj, path) => {
    if (typeof obj.type !== 'string' || !obj.type.startsWith('Chart.')) return;
    const spec = CHARTS[obj.type];
    if (!spec) return void problems.push(`${path}: ${obj.type} is not a chart this repository has checked against the documentation`);
    for (const k of Object.keys(obj)) if (!spec.properties.includes(k) && !k.startsWith('$')) problems.push(`${path}.${k}: not a documented property of ${obj.type}`);
    const fallback = obj.fallback;
    if (!fallback || typeof fallback !== 'object' || Array.isArray(fallback) || !['Table', 'FactSet'].includes(String(fallback.type))) {
      problems.push(`${path}: ${obj.type} without a Table or FactSet fallback`);
    }
    if (!Array.isArray(obj.data)) return void problems.push(`${path}.data: must be an array`);
    obj.data.forEach((d, i) => problems.push(...spec.datum(d, `${path}.data[${i}]`)));
    if (rendered && fallback) problems.push(...sameNumbers(obj, path));
  });
  return problems;
}

/** In a rendered card, every plotted y value also appears in the fallback's text (the same numbers). */
function sameNumbers(chart: { [key: string]: Json }, path: string): string[] {
  const ys: number[] = [];
  walk(chart.data ?? null, '', (o) => void (typeof o.y === 'number' ? ys.push(o.y) : undefined));
  const texts: string[] = [];
  walk(chart.fallback ?? null, '', (o) => {
    for (const k of ['text', 'title', 'value']) if (typeof o[k] === 'string') texts.push(o[k] as string);
  });
  const numbers = new Set(texts.join(' ').match(/\d+/g) ?? []);
  return ys.filter((y) => !numbers.has(String(y))).map((y) => `${path}: plotted ${y} is not in the fallback`);
}

/** The Adaptive Cards SDK knows no Teams chart: it reports the type and renders the fallback, which is what we want. */
const CHART_UNKNOWN = /^Unknown element type "Chart\.[A-Za-z.]+"\. Fallback will be used if present\.$/;

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
      expect([...versionProblems(template), ...executeProblems(template), ...chartProblems(template, false)]).toEqual([]);
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
      expect([...versionProblems(card), ...executeProblems(card), ...sdkProblems(card), ...chartProblems(card, true)]).toEqual([]);
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

  it('refuse a chart without a fallback, with an undocumented property or data of the wrong shape, and numbers missing from the fallback', () => {
    const line = (extra: { [key: string]: Json }): Json => ({
      type: 'AdaptiveCard',
      version: '1.5',
      body: [{ type: 'Chart.Line', title: 'x', data: [{ legend: 'a', values: [{ x: 'v1', y: 7 }] }], ...extra }]
    });
    expect(chartProblems(line({}), true)).toEqual(['$.body[0]: Chart.Line without a Table or FactSet fallback']);
    const fallback = { type: 'FactSet', facts: [{ title: 'v1', value: 'a 7' }] };
    expect(chartProblems(line({ fallback }), true)).toEqual([]);
    expect(chartProblems(line({ fallback: { type: 'FactSet', facts: [{ title: 'v1', value: 'a 6' }] } }), true)).toEqual(['$.body[0]: plotted 7 is not in the fallback']);
    expect(chartProblems(line({ fallback, legendPosition: 'top' }), true)).toEqual(['$.body[0].legendPosition: not a documented property of Chart.Line']);
    expect(chartProblems(line({ fallback, data: [{ x: 'v1', y: 7 }] }), true)).toEqual([
      '$.body[0].data[0].x: not a documented property of a line',
      '$.body[0].data[0].y: not a documented property of a line',
      '$.body[0].data[0].values: must be an array of {x, y}'
    ]);
    const bar: Json = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'Chart.VerticalBar', data: [{ legend: 'a' }], fallback }] };
    expect(chartProblems(bar, false)).toEqual(['$.body[0].data[0].legend: not a documented property of a point', '$.body[0].data[0]: a point needs x and y']);
    expect(chartProblems({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'Chart.Gantt', data: [], fallback }] }, false)).toEqual([
      '$.body[0]: Chart.Gantt is not a chart this repository has checked against the documentation'
    ]);
  });
});
