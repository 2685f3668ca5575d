import { readModelArgs } from '../../../src/features/ask/model-actions';
import { latestForModel, pictureForModel } from '../../../src/features/ask/model-view';
import type { SituationUpdate } from '../../../src/features/updates/model';
import { buildPicture, type AreaRef } from '../../../src/features/updates/picture';

const kallinge: AreaRef = { municipality: 'Ronneby', municipalityKey: 'ronneby', area: 'Kallinge', areaKey: 'kallinge' };
const hoby: AreaRef = { municipality: 'Ronneby', municipalityKey: 'ronneby', area: 'Bräkne-Hoby', areaKey: 'brakne-hoby' };
const current = { from: '2026-02-09', to: '2026-03-10' };
const previous = { from: '2026-01-10', to: '2026-02-08' };
const TEXT = 'Fler unga vid ungdomsgården, tecken på försäljning.';

let n = 0;
function update(over: Partial<SituationUpdate>): SituationUpdate {
  n++;
  return {
    id: `update-id-${n}`, groupId: 'group-id-1', municipalityKey: 'ronneby', area: 'Kallinge', areaKey: 'kallinge', category: 'narkotika', trend: 'okande',
    level: 'selektiv', observedOn: '2026-03-01', text: TEXT, agency: 'fritid', authorAad: 'author-aad-1', authorName: 'Filip Fritid', status: 'active',
    history: [{ at: '2026-03-01T10:00:00Z', by: 'author-aad-1', action: 'created' }], createdAt: `2026-03-01T10:00:0${n % 10}Z`, updatedAt: '2026-03-01T10:00:00Z', ...over
  };
}

describe('what the language model is told', () => {
  const updates = [
    update({}),
    update({ observedOn: '2026-03-05', trend: 'oforandrad', category: 'vald', agency: 'polis' }),
    update({ observedOn: '2026-01-20' }),
    update({ area: 'Bräkne-Hoby', areaKey: 'brakne-hoby', category: 'skadegorelse' }),
    update({ status: 'withdrawn', withdrawnBy: 'coord-aad', withdrawnByName: 'Anna Samordnare' })
  ];
  const picture = buildPicture(updates, [kallinge, hoby], current, previous);

  it('gives aggregated figures with labels in the reply language', () => {
    expect(pictureForModel(picture, 'alla områden i Ronneby', 'sv')).toEqual({
      place: 'alla områden i Ronneby',
      period: current,
      previousPeriod: previous,
      areas: [
        {
          area: 'Kallinge', municipality: 'Ronneby', updates: 2, previousUpdates: 1,
          categories: [
            { category: 'Narkotika', updates: 1, previousUpdates: 1, change: 0, trend: 'Ökande' },
            { category: 'Våld', updates: 1, previousUpdates: 0, change: 1, trend: 'Oförändrad' }
          ]
        },
        { area: 'Bräkne-Hoby', municipality: 'Ronneby', updates: 1, previousUpdates: 0, categories: [{ category: 'Skadegörelse', updates: 1, previousUpdates: 0, change: 1, trend: 'Ökande' }] }
      ],
      total: {
        updates: 3, previousUpdates: 1,
        categories: [
          { category: 'Narkotika', updates: 1, previousUpdates: 1, change: 0, trend: 'Ökande' },
          { category: 'Våld', updates: 1, previousUpdates: 0, change: 1, trend: 'Oförändrad' },
          { category: 'Skadegörelse', updates: 1, previousUpdates: 0, change: 1, trend: 'Ökande' }
        ]
      }
    });
    expect(pictureForModel(picture, 'Kallinge', 'en').areas[0].categories[0]).toEqual({ category: 'Drugs', updates: 1, previousUpdates: 1, change: 0, trend: 'Rising' });
  });

  it('gives the latest updates as dates and labels only', () => {
    expect(latestForModel(picture, 'en')).toEqual([
      { observedOn: '2026-03-05', area: 'Kallinge', category: 'Violence', trend: 'Unchanged', agency: 'Police' },
      { observedOn: '2026-03-01', area: 'Bräkne-Hoby', category: 'Vandalism', trend: 'Rising', agency: 'Leisure' },
      { observedOn: '2026-03-01', area: 'Kallinge', category: 'Drugs', trend: 'Rising', agency: 'Leisure' }
    ]);
  });

  it('never carries update texts, names, ids or who withdrew what', () => {
    const sent = JSON.stringify([pictureForModel(picture, 'x', 'sv'), latestForModel(picture, 'sv')]);
    for (const forbidden of [TEXT, 'Filip Fritid', 'Anna Samordnare', 'author-aad-1', 'coord-aad', 'update-id-', 'group-id-1', 'selektiv']) {
      expect(sent).not.toContain(forbidden);
    }
  });
});

describe('reading the model\'s arguments', () => {
  it('matches the place only among the visible areas, as a typed command does', () => {
    expect(readModelArgs({ place: 'brakne-hoby', days: 7 }, [kallinge, hoby])).toEqual({
      place: { kind: 'areas', areas: [hoby] }, period: { unit: 'days', count: 7 }, periodGiven: true
    });
    expect(readModelArgs({ place: 'RONNEBY' }, [kallinge, hoby]).place).toEqual({ kind: 'areas', areas: [kallinge, hoby] });
    expect(readModelArgs({ place: 'Ytterby' }, [kallinge, hoby]).place).toEqual({ kind: 'unknown', text: 'ytterby' });
    expect(readModelArgs({}, [kallinge])).toEqual({ place: { kind: 'all' }, period: { unit: 'days', count: 30 }, periodGiven: false });
  });
});
