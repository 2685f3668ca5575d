import { buildPicture, type AreaRef } from '../../../src/features/updates/picture';
import { pictureCard } from '../../../src/features/updates/picture-card';
import { cardText } from '../../support/teams';
import type { SituationUpdate } from '../../../src/features/updates/model';

const kallinge: AreaRef = { municipality: 'Ronneby', municipalityKey: 'ronneby', area: 'Kallinge', areaKey: 'kallinge' };
const centrum: AreaRef = { municipality: 'Ronneby', municipalityKey: 'ronneby', area: 'Centrum', areaKey: 'centrum' };
const current = { from: '2026-02-09', to: '2026-03-10' };
const previous = { from: '2026-01-10', to: '2026-02-08' };

let n = 0;
function update(over: Partial<SituationUpdate>): SituationUpdate {
  n++;
  return {
    id: `u${n}`, groupId: 'g1', municipalityKey: 'ronneby', area: 'Kallinge', areaKey: 'kallinge', category: 'narkotika', trend: 'okande',
    level: 'generell', observedOn: '2026-03-01', text: 'text', agency: 'fritid', authorAad: 'a', status: 'active', history: [],
    createdAt: `2026-03-01T10:00:0${n % 10}Z`, updatedAt: '2026-03-01T10:00:00Z', ...over
  };
}

describe('buildPicture', () => {
  it('counts per area and category, with the dominant trend and the change from the previous period', () => {
    const list = [
      update({ trend: 'okande' }),
      update({ trend: 'okande', observedOn: '2026-03-05' }),
      update({ trend: 'minskande', observedOn: '2026-03-06' }),
      update({ observedOn: '2026-01-20' }),
      update({ category: 'vald', observedOn: '2026-01-15', trend: 'minskande' }),
      update({ area: 'Centrum', areaKey: 'centrum', category: 'skadegorelse', trend: 'oforandrad' })
    ];
    const p = buildPicture(list, [kallinge, centrum], current, previous);
    expect(p.areas[0].categories).toEqual([
      { category: 'narkotika', count: 3, previousCount: 1, change: 2, trend: 'okande', trends: { okande: 2, oforandrad: 0, minskande: 1 } },
      { category: 'vald', count: 0, previousCount: 1, change: -1, trend: undefined, trends: { okande: 0, oforandrad: 0, minskande: 0 } }
    ]);
    expect(p.areas[1].count).toBe(1);
    expect(p.total?.count).toBe(4);
    expect(p.total?.categories.map((c) => c.category)).toEqual(['narkotika', 'vald', 'skadegorelse']);
    expect(p.latest.map((u) => u.observedOn)).toEqual(['2026-03-06', '2026-03-05', '2026-03-01', '2026-03-01']);
  });

  it('leaves out withdrawn updates, other areas and other municipalities', () => {
    const list = [
      update({ status: 'withdrawn' }),
      update({ area: 'Centrum', areaKey: 'centrum' }),
      update({ municipalityKey: 'kungalv' })
    ];
    const p = buildPicture(list, [kallinge], current, previous);
    expect(p.areas[0]).toMatchObject({ count: 0, categories: [] });
    expect(p.total).toBeUndefined();
    expect(p.latest).toEqual([]);
  });

  it('breaks a tie between trends by the latest update', () => {
    const list = [update({ trend: 'okande', observedOn: '2026-03-01' }), update({ trend: 'minskande', observedOn: '2026-03-02' })];
    expect(buildPicture(list, [kallinge], current, previous).areas[0].categories[0].trend).toBe('minskande');
  });
});

describe('weekly points of the picture (Stockholm ISO weeks)', () => {
  it('counts the period per ISO week, partial weeks at both ends, and leaves out what lies outside the period', () => {
    const list = [
      update({ observedOn: '2026-02-09' }), // Monday of W07, first day of the period
      update({ observedOn: '2026-02-15' }), // Sunday of W07
      update({ observedOn: '2026-03-10' }), // Tuesday of W11, last day
      update({ observedOn: '2026-02-08' }) // before the period (W06 is not a point)
    ];
    const p = buildPicture(list, [kallinge], current, previous);
    expect(p.weeks).toEqual([
      { key: '2026-W07', week: 7, count: 2 },
      { key: '2026-W08', week: 8, count: 0 },
      { key: '2026-W09', week: 9, count: 0 },
      { key: '2026-W10', week: 10, count: 0 },
      { key: '2026-W11', week: 11, count: 1 }
    ]);
  });

  it('shows them as a vertical bar chart with a FactSet fallback holding the same numbers, and the key figures as text', () => {
    const p = buildPicture([update({ observedOn: '2026-03-02' }), update({ observedOn: '2026-03-03' }), update({ observedOn: '2026-01-20' })], [kallinge], current, previous);
    const card = JSON.stringify(pictureCard('sv', p, 'Kallinge', false));
    const chart = JSON.parse(card).body.flatMap((b: { items?: unknown[] }) => b.items ?? []).find((i: { type: string }) => i.type === 'Chart.VerticalBar');
    expect(chart.data).toEqual([{ x: 'v7', y: 0 }, { x: 'v8', y: 0 }, { x: 'v9', y: 0 }, { x: 'v10', y: 2 }, { x: 'v11', y: 0 }]);
    expect(chart.fallback.facts).toContainEqual({ title: 'v10', value: '2 rapporter' });
    expect(card).toContain('Perioden: 2 rapporter, förra perioden 1.');
  });
});

describe('situation picture wording', () => {
  it('keeps the trend the reporters judged apart from the change in the number of reports', () => {
    const list = [
      update({ trend: 'oforandrad', observedOn: '2026-03-01' }),
      update({ trend: 'okande', observedOn: '2026-03-02' }),
      update({ trend: 'okande', observedOn: '2026-03-03' }),
      update({ trend: 'okande', observedOn: '2026-03-04' })
    ];
    const text = cardText(pictureCard('sv', buildPicture(list, [kallinge], current, previous), 'Kallinge', false));
    expect(text).toContain('4 rapporter, förra perioden 0 (+4)');
    expect(text).toContain('bedömd trend: ökande, 3 av 4 rapporter');
    expect(text).not.toMatch(/Oförändrad · 4 rapporter/);
    const en = cardText(pictureCard('en', buildPicture(list.slice(0, 1), [kallinge], current, previous), 'Kallinge', false));
    expect(en).toContain('1 update, previous period 0 (+1)');
    expect(en).toContain('judged trend: unchanged, 1 of 1 update');
  });
});
