import fc from 'fast-check';
import { byDueDate, isOpenEntry, type ActionEntry } from '../../../src/features/actions/action-entries';
import { isOverdue } from '../../../src/features/actions/dates';
import { entryListsOf, entryListsOfDoc, mergeByDueDate, overduePrefix } from '../../../src/features/actions/entry-lists';
import type { ActionStatus } from '../../../src/features/actions/model';

const STATUSES: ActionStatus[] = ['foreslagen', 'godkand', 'pagar', 'klar', 'avslagen', 'avbruten'];
const day = fc.integer({ min: 1, max: 12 }).map((d) => `2026-03-${String(d).padStart(2, '0')}`);

const entry = (groupId: string) =>
  fc.record({ id: fc.uuid(), status: fc.constantFrom(...STATUSES), dueDate: day, createdAt: day.map((d) => `${d}T10:00:00Z`), ownerAad: fc.constantFrom('o1', 'o2', 'o3') }).map(
    (e): ActionEntry => ({ ...e, groupId, level: 'selektiv', title: `Insats ${e.id.slice(0, 4)}`, ownerName: 'Olle', createdBy: 'o1' } as unknown as ActionEntry)
  );

/** What the list turns computed before, on every turn: filter and sort every entry. */
const naive = {
  open: (all: ActionEntry[]) => all.filter(isOpenEntry).sort(byDueDate),
  overdue: (all: ActionEntry[], today: string) => all.filter((e) => isOverdue(e, today)).sort(byDueDate),
  owned: (all: ActionEntry[], owner: string) => all.filter((e) => e.ownerAad === owner && isOpenEntry(e)).sort(byDueDate)
};

describe('the action lists derived once per read-model version', () => {
  it('give what filtering and sorting every entry gives: open, overdue on any day and owned, over one group or several', () => {
    fc.assert(
      fc.property(fc.array(entry('g1'), { maxLength: 40 }), fc.array(entry('g2'), { maxLength: 40 }), day, fc.constantFrom('o1', 'o2', 'o4'), (g1, g2, today, owner) => {
        const lists = [entryListsOf(g1), entryListsOf(g2)];
        expect(lists[0].open).toEqual(naive.open(g1));
        expect(mergeByDueDate([overduePrefix(lists[0].active, today)])).toEqual(naive.overdue(g1, today));
        expect(mergeByDueDate(lists.map((l) => overduePrefix(l.active, today)))).toEqual(naive.overdue([...g1, ...g2], today));
        expect(mergeByDueDate(lists.map((l) => l.byOwner.get(owner) ?? []))).toEqual(naive.owned([...g1, ...g2], owner));
      }),
      { numRuns: 400 }
    );
  });

  it('derives once per document version, and anew for a changed document', () => {
    const [a, b] = [{ id: 'a', status: 'godkand', dueDate: '2026-03-02' }, { id: 'b', status: 'pagar', dueDate: '2026-03-01' }].map(
      (e) => ({ ...e, groupId: 'g1', createdAt: '2026-03-01T10:00:00Z', ownerAad: 'o1' }) as unknown as ActionEntry
    );
    const v1 = Object.freeze({ entries: Object.freeze({ a }) });
    expect(entryListsOfDoc(v1)).toBe(entryListsOfDoc(v1));
    const v2 = Object.freeze({ entries: Object.freeze({ a, b }) });
    expect(entryListsOfDoc(v2).open.map((e) => e.id)).toEqual(['b', 'a']);
    expect(entryListsOfDoc(v1).open.map((e) => e.id)).toEqual(['a']);
  });

  it('gives the overdue ones of each day, whichever days were asked before on the same list', () => {
    fc.assert(
      fc.property(fc.array(entry('g1'), { maxLength: 40 }), fc.array(day, { minLength: 1, maxLength: 6 }), (g1, days) => {
        const lists = entryListsOf(g1);
        for (const today of [...days, ...days.reverse()]) expect(overduePrefix(lists.active, today)).toEqual(naive.overdue(g1, today));
      }),
      { numRuns: 300 }
    );
  });

  it('shares frozen lists: a caller that tries to change its list throws and changes no later answer', () => {
    const lists = entryListsOf([{ id: 'a', groupId: 'g1', status: 'godkand', dueDate: '2026-03-01', createdAt: '2026-03-01T10:00:00Z', ownerAad: 'o1' } as unknown as ActionEntry]);
    const mine = mergeByDueDate([lists.byOwner.get('o1')!]) as ActionEntry[];
    expect(() => mine.pop()).toThrow(TypeError);
    const overdue = overduePrefix(lists.active, '2026-03-05') as ActionEntry[];
    expect(() => overdue.pop()).toThrow(TypeError);
    expect(() => (lists.open as ActionEntry[]).pop()).toThrow(TypeError);
    expect(overduePrefix(lists.active, '2026-03-05')).toHaveLength(1);
    expect(lists.open).toHaveLength(1);
    expect(lists.byOwner.get('o1')).toHaveLength(1);
    expect(lists.active).toHaveLength(1);
  });
});
