import fc from 'fast-check';
import { buildWeeklySummary } from '../../../src/features/summaries/build';
import { weeklySummaryCard } from '../../../src/features/summaries/card';
import { parseIsoWeek } from '../../../src/features/summaries/iso-week';
import { cardText } from '../../support/teams';
import { SUMMARY_CATEGORIES, type SectionFigures, type SummaryCategory } from '../../../src/features/summaries/model';
import { isSmall, sumSeries, suppressTrends, type Shown } from '../../../src/features/summaries/small-numbers';
import { chartSeries, trendBlockModel } from '../../../src/features/summaries/trends-card';
import { summaryTexts } from '../../../src/i18n/summaries';

/**
 * An independent check of what a card reveals. Every figure the card shows is a linear equation over
 * the cells (area × category × week). The unknowns are the hidden cells (every other cell is treated as
 * known, which is more than the card shows). A hidden figure can be computed from the card exactly when
 * its vector over the unknowns lies in the span of the shown equations: a rank test, by elimination.
 */
function rank(rows: number[][]): number {
  const m = rows.map((r) => [...r]);
  let r = 0;
  const cols = m[0]?.length ?? 0;
  for (let c = 0; c < cols && r < m.length; c++) {
    const pivot = m.findIndex((row, i) => i >= r && Math.abs(row[c]) > 1e-9);
    if (pivot < 0) continue;
    [m[r], m[pivot]] = [m[pivot], m[r]];
    for (let i = 0; i < m.length; i++) {
      if (i === r || Math.abs(m[i][c]) < 1e-9) continue;
      const f = m[i][c] / m[r][c];
      for (let k = c; k < cols; k++) m[i][k] -= f * m[r][k];
    }
    r++;
  }
  return r;
}

function determined(equations: number[][], target: number[]): boolean {
  if (target.every((x) => x === 0)) return true;
  return rank([...equations, target]) === rank(equations);
}

const grid = fc
  .record({
    areas: fc.integer({ min: 1, max: 4 }),
    categories: fc.subarray([...SUMMARY_CATEGORIES], { minLength: 1, maxLength: 6 }),
    weeks: fc.integer({ min: 1, max: 6 }),
    threshold: fc.integer({ min: 2, max: 5 })
  })
  .chain(({ areas, categories, weeks, threshold }) =>
    fc.record({
      threshold: fc.constant(threshold),
      trends: fc
        .array(fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 7 })), { minLength: weeks, maxLength: weeks }), {
          minLength: areas * categories.length,
          maxLength: areas * categories.length
        })
        .map((counts): SectionFigures<'trends'> => ({
          kind: 'trends',
          weeks: Array.from({ length: weeks }, (_, i) => `2026-W${String(i + 1).padStart(2, '0')}`),
          rows: counts.map((c, i) => ({ area: `Område ${String.fromCharCode(65 + Math.floor(i / categories.length))}`, category: categories[i % categories.length], counts: c }))
        }))
    })
  );

describe('small-number suppression in a steering group roll-up', () => {
  it('shows no count from 1 to threshold − 1, and no hidden figure can be computed from the figures on the same card', () => {
    fc.assert(
      fc.property(grid, ({ trends, threshold }) => {
        const view = suppressTrends(trends, threshold);
        const cells = trends.rows.flatMap((r, ri) => r.counts.map((value, w) => ({ ri, w, value, category: r.category })));
        const hidden = cells.filter((c) => isSmall(c.value, threshold));
        const unknown = (ri: number, w: number) => hidden.findIndex((h) => h.ri === ri && h.w === w);
        const vector = (parts: Array<{ ri: number; w: number }>) => {
          const v = hidden.map(() => 0);
          for (const p of parts) if (unknown(p.ri, p.w) >= 0) v[unknown(p.ri, p.w)] = 1;
          return v;
        };
        const ofCategories = (cats: readonly SummaryCategory[], w: number) => cells.filter((c) => c.w === w && cats.includes(c.category));
        // What the card shows: the report week's cells (update rows), each chart line with its fallback, the week totals.
        const legends = new Map(SUMMARY_CATEGORIES.map((c) => [summaryTexts('sv')[`cat_${c}`], [c] as SummaryCategory[]]));
        const lines = chartSeries(view, 'sv').map((s) => ({
          figures: s.figures,
          categories: legends.get(s.legend) ?? view.series.map((x) => x.category).filter((c) => !chartSeries(view, 'sv').some((l) => legends.get(l.legend)?.[0] === c))
        }));
        const everything = view.series.map((s) => s.category);
        const shownFigures: Array<{ figure: Shown; parts: Array<{ ri: number; w: number; value: number }> }> = [
          ...view.cells.flatMap((c, ri) => c.counts.map((figure, w) => ({ figure, parts: [{ ri, w, value: trends.rows[ri].counts[w] }] }))),
          ...lines.flatMap((l) => l.figures.map((figure, w) => ({ figure, parts: ofCategories(l.categories, w) }))),
          ...sumSeries(view.series, view.weeks.length, threshold).map((figure, w) => ({ figure, parts: ofCategories(everything, w) }))
        ];
        const equations: number[][] = [];
        for (const s of shownFigures) {
          if (s.figure.hidden) continue;
          // A shown figure is the true sum of its cells, and never a small number.
          expect(s.figure.value).toBe(s.parts.reduce((n, p) => n + p.value, 0));
          expect(isSmall(s.figure.value, threshold)).toBe(false);
          if (hidden.length > 0) equations.push(vector(s.parts));
        }
        for (const h of hidden) expect(determined(equations, vector([h]))).toBe(false);
        for (const s of shownFigures.filter((x) => x.figure.hidden)) expect(determined(equations, vector(s.parts))).toBe(false);
      }),
      { numRuns: 300 }
    );
  });

  it('keeps exact counts without a threshold (an SSPF group\'s own picture)', () => {
    const trends: SectionFigures<'trends'> = { kind: 'trends', weeks: ['2026-W09', '2026-W10'], rows: [{ area: 'Ytterby', category: 'narkotika', counts: [1, 2] }] };
    const view = suppressTrends(trends, undefined);
    expect(view.suppressed).toBe(false);
    expect(view.series[0].totals).toEqual([{ hidden: false, value: 1 }, { hidden: false, value: 2 }]);
    expect(trendBlockModel(view, 'sv').table.map((f) => f.value)).toEqual(['Narkotika 1', 'Narkotika 2']);
  });

  it('hides a small cell, and the week total it would be recovered from, with a note and a gap in the chart', () => {
    const trends: SectionFigures<'trends'> = {
      kind: 'trends',
      weeks: ['2026-W09', '2026-W10'],
      rows: [
        { area: 'Kareby', category: 'vald', counts: [0, 1] },
        { area: 'Ytterby', category: 'vald', counts: [4, 5] }
      ]
    };
    const model = trendBlockModel(suppressTrends(trends, 3), 'sv');
    expect(model.table).toEqual([{ title: 'v9', value: 'Våld 4' }, { title: 'v10', value: 'Våld färre än 3' }]);
    expect(model.lines).toEqual([{ legend: 'Våld', values: [{ x: 'v9', y: 4 }] }]);
    expect(model.gapNote).toContain('färre än 3');
    expect(JSON.stringify(model)).not.toMatch(/\b6\b/); // 1 + 5 would give the hidden 1 away
  });
});

describe('the weekly summary card with small numbers', () => {
  const week = parseIsoWeek('2026-W10', 'Europe/Stockholm')!;
  const sections = [
    { source: 'updates', figures: { kind: 'updates', rows: [{ area: 'Kareby', category: 'vald', count: 1, trend: 'rising' }, { area: 'Ytterby', category: 'narkotika', count: 4, trend: 'rising' }] } },
    { source: 'trends', figures: { kind: 'trends', weeks: ['2026-W09', '2026-W10'], rows: [{ area: 'Kareby', category: 'vald', counts: [0, 1] }, { area: 'Ytterby', category: 'narkotika', counts: [3, 4] }, { area: 'Ytterby', category: 'vald', counts: [0, 5] }] } }
  ];

  it("shows 'färre än 3' in a steering group's roll-up, never the count, and says why", () => {
    const text = cardText(weeklySummaryCard(buildWeeklySummary({ sections, allowedAreas: ['Kareby', 'Ytterby'], smallNumberThreshold: 3 }, week), 'sv', 'Trygg i Kungälv'));
    expect(text).toMatch(/Kareby · Våld\nfärre än 3 ↑ ökande/);
    expect(text).toMatch(/Ytterby · Narkotika\n4 ↑ ökande/);
    expect(text).toContain('Våld färre än 3');
    expect(text).not.toMatch(/Våld 6|\b6 nya/); // 1 + 5 would give the hidden 1 away
    expect(text).toContain('visas som "färre än 3" och ritas inte');
  });

  it("keeps exact counts in an SSPF group's own summary", () => {
    const text = cardText(weeklySummaryCard(buildWeeklySummary({ sections, allowedAreas: ['Kareby', 'Ytterby'] }, week), 'sv', 'SSPF Ytterby'));
    expect(text).toMatch(/Kareby · Våld\n1 ↑ ökande/);
    expect(text).toContain('Våld 6');
    expect(text).not.toContain('färre än');
  });
});
