import fc from 'fast-check';
import { buildWeeklySummary } from '../../../src/features/summaries/build';
import { weeklySummaryCard } from '../../../src/features/summaries/card';
import { parseIsoWeek } from '../../../src/features/summaries/iso-week';
import type { SummaryScope } from '../../../src/features/summaries/model';
import { SEEDED_PERSONAL, seedData, seededSources } from '../../support/summary-seed';
import { cardText } from '../../support/teams';

const week = parseIsoWeek('2026-W10', 'Europe/Stockholm')!;
const now = new Date('2026-03-09T07:00:00Z');
const scope: SummaryScope = {
  recipientId: 'sg',
  groupIds: ['sg', 'y', 'k'],
  groups: [
    { id: 'sg', kind: 'styrgrupp', areas: ['Kungälv'] },
    { id: 'y', kind: 'sspf', areas: ['Ytterby', 'Kareby'] },
    { id: 'k', kind: 'sspf', areas: ['Kareby', 'Marstrand'] }
  ],
  week,
  now
};
const allowedAreas = scope.groups.flatMap((g) => g.areas);

async function seededSummary(s: SummaryScope = scope) {
  const sections = await Promise.all(seededSources(seedData('y', 'k')).map(async (src) => ({ source: src.section, figures: await src.read(s) })));
  return buildWeeklySummary({ sections, allowedAreas: s.groups.flatMap((g) => g.areas) }, week);
}

describe('buildWeeklySummary on the seeded data set', () => {
  it('computes the figures of the week for the rolled-up groups', async () => {
    const summary = await seededSummary();
    expect(summary.rejected).toEqual([]);
    expect(summary.sections).toEqual([
      {
        kind: 'updates',
        rows: [
          { area: 'Kareby', category: 'skadegorelse', count: 1, trend: 'falling' },
          { area: 'Kareby', category: 'vald', count: 1, trend: 'rising' },
          { area: 'Ytterby', category: 'narkotika', count: 2, trend: 'rising' }
        ]
      },
      { kind: 'actions', proposed: 2, approved: 1, done: 1, overdue: 1 },
      { kind: 'meetings', held: 1, upcoming: 2 },
      { kind: 'consents', expiringWithin30Days: 1 },
      {
        kind: 'promises',
        items: [
          { number: 1, actionsTotal: 3, actionsDone: 3 },
          { number: 2, actionsTotal: 4, actionsDone: 1 }
        ]
      }
    ]);
  });

  it('covers only the groups in scope (an SSPF group sees its own figures)', async () => {
    const own = await seededSummary({ ...scope, recipientId: 'k', groupIds: ['k'], groups: [scope.groups[2]] });
    expect(own.sections.find((s) => s.kind === 'actions')).toEqual({ kind: 'actions', proposed: 1, approved: 0, done: 0, overdue: 1 });
    expect(own.sections.find((s) => s.kind === 'updates')).toEqual({ kind: 'updates', rows: [{ area: 'Kareby', category: 'vald', count: 1, trend: 'rising' }] });
  });

  it('renders a card with the counts and trends and none of the seeded names, pseudonyms or texts', async () => {
    const summary = await seededSummary();
    for (const lang of ['sv', 'en'] as const) {
      const card = weeklySummaryCard(summary, lang, 'Trygg i Kungälv');
      const json = JSON.stringify(card);
      expect(json).not.toContain('${');
      for (const secret of SEEDED_PERSONAL) expect(json.toLowerCase()).not.toContain(secret.toLowerCase());
      const text = cardText(card);
      if (lang === 'sv') {
        expect(text).toContain('Veckosammanfattning vecka 10 2026');
        expect(text).toContain('2 mars – 8 mars 2026 · Trygg i Kungälv');
        expect(text).toContain('Ytterby · Narkotika');
        expect(text).toContain('2 ↑ ökande');
        expect(text).toContain('Löfte 1');
        expect(text).toContain('3 av 3 insatser klara');
      } else {
        expect(text).toContain('Weekly summary week 10 2026');
        expect(text).toContain('1 ↓ falling');
      }
    }
  });

  it('leaves out a section that has no source, and says so when there is nothing at all', () => {
    const summary = buildWeeklySummary({ sections: [{ source: 'meetings', figures: { kind: 'meetings', held: 0, upcoming: 3 } }], allowedAreas }, week);
    expect(summary.sections.map((s) => s.kind)).toEqual(['meetings']);
    const empty = buildWeeklySummary({ sections: [], allowedAreas }, week);
    expect(cardText(weeklySummaryCard(empty, 'sv', 'X'))).toContain('Inga uppgifter att sammanfatta ännu.');
  });
});

describe('the summary refuses anything but figures', () => {
  const refused = (source: string, figures: unknown) => {
    const summary = buildWeeklySummary({ sections: [{ source, figures }], allowedAreas }, week);
    expect(summary.sections).toEqual([]);
    expect(summary.rejected.map((r) => r.source)).toEqual([source]);
    // The reason names fields, never the refused values.
    expect(JSON.stringify(summary.rejected)).not.toMatch(/Kalle|K-2026|2386|sågs/);
  };

  it('refuses extra fields that could carry a name or free text', () => {
    refused('updates', { kind: 'updates', rows: [{ area: 'Ytterby', category: 'vald', count: 1, trend: 'rising', text: 'Kalle Andersson sågs' }] });
    refused('actions', { kind: 'actions', proposed: 1, approved: 0, done: 0, overdue: 0, titles: ['Samtal med Kalle'] });
    refused('consents', { kind: 'consents', expiringWithin30Days: 1, pseudonyms: ['K-2026-014'] });
    refused('promises', { kind: 'promises', items: [{ number: 1, actionsTotal: 1, actionsDone: 0, owner: 'Kalle' }] });
  });

  it('refuses area labels that are not a registered area, or that look like a pseudonym or an identity number', () => {
    refused('updates', { kind: 'updates', rows: [{ area: 'Kalle Andersson', category: 'vald', count: 1, trend: 'rising' }] });
    refused('updates', { kind: 'updates', rows: [{ area: 'K-2026-014', category: 'vald', count: 1, trend: 'rising' }] });
    refused('updates', { kind: 'updates', rows: [{ area: '20100101-2386', category: 'vald', count: 1, trend: 'rising' }] });
    // Even registered as an area by mistake, a pseudonym-like label cannot pass the label's shape.
    const registered = buildWeeklySummary(
      { sections: [{ source: 'updates', figures: { kind: 'updates', rows: [{ area: 'K-2026-014', category: 'vald', count: 1, trend: 'rising' }] } }], allowedAreas: ['K-2026-014'] },
      week
    );
    expect(registered.sections).toEqual([]);
  });

  it('refuses categories outside the list, fractional or negative counts, and a source answering for another section', () => {
    refused('updates', { kind: 'updates', rows: [{ area: 'Ytterby', category: 'Kalle', count: 1, trend: 'rising' }] });
    refused('actions', { kind: 'actions', proposed: 1.5, approved: 0, done: 0, overdue: 0 });
    refused('meetings', { kind: 'meetings', held: -1, upcoming: 0 });
    refused('meetings', { kind: 'consents', expiringWithin30Days: 2 });
    refused('notes', { kind: 'notes', text: 'Kalle' });
  });

  it('accepts an area spelled without diacritics and shows it as registered', () => {
    const summary = buildWeeklySummary(
      { sections: [{ source: 'updates', figures: { kind: 'updates', rows: [{ area: 'kungalv', category: 'brott', count: 2, trend: 'unchanged' }] } }], allowedAreas },
      week
    );
    expect(summary.sections).toEqual([{ kind: 'updates', rows: [{ area: 'Kungälv', category: 'brott', count: 2, trend: 'unchanged' }] }]);
  });

  it('never lets an arbitrary label through unless it is a registered area (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (label) => {
        const summary = buildWeeklySummary(
          { sections: [{ source: 'updates', figures: { kind: 'updates', rows: [{ area: label, category: 'vald', count: 1, trend: 'rising' }] } }], allowedAreas },
          week
        );
        const shown = summary.sections.flatMap((s) => (s.kind === 'updates' ? s.rows.map((r) => r.area) : []));
        return shown.every((a) => allowedAreas.includes(a));
      })
    );
  });
});
