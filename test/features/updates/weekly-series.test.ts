import pino from 'pino';
import { parseIsoWeek } from '../../../src/features/summaries/iso-week';
import type { SummaryScope } from '../../../src/features/summaries/model';
import { trendsSummarySource, weeksEnding } from '../../../src/features/summaries/series';
import type { SituationUpdate } from '../../../src/features/updates/model';
import { UpdateRepository } from '../../../src/features/updates/update-repository';
import { updatesWeeklySeries } from '../../../src/features/updates/weekly-series';
import { openStore, type Store } from '../../../src/store/store';

const ZONE = 'Europe/Stockholm';
let n = 0;
function update(groupId: string, over: Partial<SituationUpdate>): SituationUpdate {
  n++;
  const id = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  return {
    id, groupId, municipalityKey: 'kungalv', area: 'Ytterby', areaKey: 'ytterby', category: 'narkotika', trend: 'okande', level: 'generell',
    observedOn: '2026-03-02', text: 'Kalle sågs', agency: 'polis', authorAad: 'a', status: 'active', history: [],
    createdAt: '2026-03-02T10:00:00Z', updatedAt: '2026-03-02T10:00:00Z', ...over
  };
}

describe('the weekly series of situation updates, on the embedded Cosmos server', () => {
  let store: Store;
  let repo: UpdateRepository;

  beforeAll(async () => {
    store = await openStore({ cosmos: { database: 'weekly-series' }, embedded: { snapshotMs: 1000 }, logger: pino({ level: 'silent' }) });
    repo = new UpdateRepository(store);
    for (const u of [
      update('y', { observedOn: '2026-03-08' }), // Sunday: still W10 in Stockholm
      update('y', { observedOn: '2026-03-02' }),
      update('y', { observedOn: '2026-03-09' }), // Monday: W11, after the report week
      update('y', { observedOn: '2025-12-15', category: 'vald' }), // W51 of 2025: the oldest of the 12 weeks
      update('y', { observedOn: '2025-12-14' }), // W50: outside the 12 weeks
      update('y', { observedOn: '2026-03-03', status: 'withdrawn' }),
      update('y', { observedOn: '2026-03-04', category: 'alkohol' }), // counted as övrigt
      update('k', { observedOn: '2026-03-04', area: 'kareby', areaKey: 'kareby', category: 'skolfranvaro' }),
      update('other', { observedOn: '2026-03-04' }) // a group outside the scope
    ]) {
      await repo.create(u);
    }
  });
  afterAll(async () => store.close());

  it('counts active updates per area, category and Stockholm ISO week over the last 12 weeks, for the groups in scope only', async () => {
    const week = parseIsoWeek('2026-W10', ZONE)!;
    const scope: SummaryScope = {
      recipientId: 'sg',
      groupIds: ['sg', 'y', 'k'],
      groups: [{ id: 'sg', kind: 'styrgrupp', areas: ['Kungälv'] }, { id: 'y', kind: 'sspf', areas: ['Ytterby'] }, { id: 'k', kind: 'sspf', areas: ['Kareby'] }],
      week,
      now: new Date('2026-03-09T07:00:00Z')
    };
    const trends = await trendsSummarySource(updatesWeeklySeries(repo)).read(scope);
    expect(trends.weeks).toEqual(weeksEnding(week, 12).map((w) => w.key));
    expect(trends.weeks[0]).toBe('2025-W51');
    const zeros = (i: number, v: number) => Array.from({ length: 12 }, (_, j) => (j === i ? v : 0));
    expect(trends.rows).toEqual([
      { area: 'Kareby', category: 'franvaro', counts: zeros(11, 1) },
      { area: 'Ytterby', category: 'narkotika', counts: zeros(11, 2) },
      { area: 'Ytterby', category: 'ovrigt', counts: zeros(11, 1) },
      { area: 'Ytterby', category: 'vald', counts: zeros(0, 1) }
    ]);
    expect(JSON.stringify(trends)).not.toContain('Kalle');
  });
});
