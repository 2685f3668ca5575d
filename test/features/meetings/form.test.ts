import { proposalCard } from '../../../src/features/meetings/cards';
import { parseProposal } from '../../../src/features/meetings/model';
import { cardText } from '../../support/teams';

type Node = { [key: string]: unknown };

/** Every element of a card with an id, in document order. */
function byId(card: unknown): Map<string, Node> {
  const found = new Map<string, Node>();
  const visit = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const obj = node as Node;
    if (typeof obj.id === 'string') found.set(obj.id, obj);
    Object.values(obj).forEach(visit);
  };
  visit(card);
  return found;
}

const visible = (el: Node | undefined) => el !== undefined && el.isVisible !== false;
const toggle = (el: Node | undefined) => (el?.actions as Node[] | undefined)?.[0];

const now = new Date('2026-03-20T09:00:00Z');
const base = { type: 'sspf', title: 'Kartläggning', place: 'Skolan', online: 'false', agenda: '', cadence: 'none' };
/** What Teams submits: every input of the form, hidden rows included (empty date and time, the default length). */
const submitted = (rows: Record<string, string>) => ({
  ...base,
  ...Object.fromEntries([1, 2, 3, 4, 5].flatMap((n) => [[`date${n}`, ''], [`time${n}`, ''], [`duration${n}`, '60']])),
  ...rows
});

describe('the meeting proposal form', () => {
  it('shows two time rows and a "Lägg till tid" button that reveals the next row, up to five', () => {
    const ids = byId(proposalCard('sv', {}, [], 'sspf'));
    expect([1, 2, 3, 4, 5].map((n) => visible(ids.get(`slot${n}`)))).toEqual([true, true, false, false, false]);
    expect([1, 2, 3, 4].map((n) => visible(ids.get(`add${n}`)))).toEqual([false, true, false, false]);
    expect(ids.has('add5')).toBe(false);
    for (const n of [2, 3, 4]) {
      expect(toggle(ids.get(`add${n}`))).toEqual({ type: 'Action.ToggleVisibility', title: 'Lägg till tid', targetElements: [`slot${n + 1}`, `add${n}`] });
    }
    expect(ids.has('date5') && ids.has('time5') && ids.has('duration5')).toBe(true);
    expect(toggle(byId(proposalCard('en', {}, [], 'sspf')).get('add2'))).toMatchObject({ title: 'Add a time' });
  });

  it('keeps a refused draft’s later rows in sight, with the button under the last one shown', () => {
    const ids = byId(proposalCard('sv', { date4: '2026-03-30' }, [{ kind: 'invalidOption', n: 4 }], 'sspf'));
    expect([1, 2, 3, 4, 5].map((n) => visible(ids.get(`slot${n}`)))).toEqual([true, true, true, true, false]);
    expect([2, 3, 4].map((n) => visible(ids.get(`add${n}`)))).toEqual([false, false, true]);
    expect(ids.get('date4')?.value).toBe('2026-03-30');
  });

  it('ignores empty optional rows 3–5 as Teams submits them', () => {
    const parsed = parseProposal(submitted({ date1: '2026-03-27', time1: '14:00', date2: '2026-03-31', time2: '14:00', duration2: '90' }), now);
    expect(parsed).toMatchObject({ ok: true, proposal: { options: [{ id: 'o1', start: '2026-03-27T13:00:00.000Z' }, { id: 'o2', start: '2026-03-31T12:00:00.000Z' }] } });
    const five = parseProposal(submitted({ date1: '2026-03-23', time1: '09:00', date2: '2026-03-24', time2: '09:00', date3: '2026-03-25', time3: '09:00', date5: '2026-03-27', time5: '09:00' }), now);
    expect(five.ok && five.proposal.options).toHaveLength(4);
  });

  it('refuses a half-filled row with a clear error in the user’s language', () => {
    const halves: Array<Record<string, string>> = [{ date4: '2026-03-30' }, { time4: '10:00' }];
    for (const half of halves) {
      const parsed = parseProposal(submitted({ date1: '2026-03-27', time1: '14:00', date2: '2026-03-31', time2: '14:00', ...half }), now);
      expect(parsed).toEqual({ ok: false, problems: [{ kind: 'invalidOption', n: 4 }] });
      if (parsed.ok) continue;
      expect(cardText(proposalCard('sv', half, parsed.problems, 'sspf'))).toContain('Tid 4: ange både datum och starttid.');
      expect(cardText(proposalCard('en', half, parsed.problems, 'sspf'))).toContain('Time 4: give both a date and a start time.');
    }
  });

  it('still needs two times: one filled row and empty others are too few', () => {
    expect(parseProposal(submitted({ date1: '2026-03-27', time1: '14:00' }), now)).toEqual({ ok: false, problems: [{ kind: 'tooFewOptions' }] });
  });
});
