import { countActions } from '../../../src/features/actions/action-repository';
import { checkDueDate, isOverdue, reminderFor, swedishToday } from '../../../src/features/actions/dates';
import type { Action, ActionStatus } from '../../../src/features/actions/model';
import { promiseProgress } from '../../../src/features/actions/promise-repository';

const stamp = (at: string) => ({ by: 'x', byName: 'X', at });

function action(status: ActionStatus, dueDate: string, extra: Partial<Action> = {}): Action {
  return {
    id: `id-${Math.random()}`,
    groupId: 'g',
    municipalityKey: 'kungalv',
    title: 't',
    description: '',
    level: 'generell',
    agency: 'skola',
    ownerAad: 'o',
    ownerName: 'O',
    dueDate,
    status,
    created: stamp('2026-03-02T10:00:00.000Z'),
    history: [],
    updatedAt: '2026-03-02T10:00:00.000Z',
    ...extra
  };
}

describe('Swedish dates', () => {
  it('takes today in Europe/Stockholm, not UTC', () => {
    expect(swedishToday(new Date('2026-03-10T23:30:00Z'))).toBe('2026-03-11');
    expect(swedishToday(new Date('2026-06-30T22:30:00Z'))).toBe('2026-07-01');
    expect(swedishToday(new Date('2026-03-10T22:59:00Z'))).toBe('2026-03-10');
  });

  it('checks due dates', () => {
    expect(checkDueDate('2026-03-10', '2026-03-10')).toBe('ok');
    expect(checkDueDate('2026-03-09', '2026-03-10')).toBe('past');
    expect(checkDueDate('2026-02-30', '2026-03-10')).toBe('invalid');
    expect(checkDueDate('2030-01-01', '2026-03-10')).toBe('tooFar');
  });
});

describe('reminder rule', () => {
  it('reminds approved or started actions two days before the due date and every day once overdue', () => {
    expect(reminderFor(action('godkand', '2026-03-12'), '2026-03-10')).toBe('soon');
    expect(reminderFor(action('pagar', '2026-03-12'), '2026-03-11')).toBeUndefined();
    expect(reminderFor(action('pagar', '2026-03-12'), '2026-03-12')).toBeUndefined();
    expect(reminderFor(action('pagar', '2026-03-12'), '2026-03-13')).toBe('overdue');
    expect(reminderFor(action('godkand', '2026-03-12'), '2026-04-20')).toBe('overdue');
  });

  it('does not remind proposed, rejected, done or cancelled actions', () => {
    for (const s of ['foreslagen', 'avslagen', 'klar', 'avbruten'] as const) {
      expect(reminderFor(action(s, '2026-03-12'), '2026-03-10')).toBeUndefined();
      expect(reminderFor(action(s, '2026-03-12'), '2026-03-20')).toBeUndefined();
      expect(isOverdue(action(s, '2026-03-12'), '2026-03-20')).toBe(false);
    }
  });

  it('handles the switch to summer time (29 March 2026) as calendar days', () => {
    expect(reminderFor(action('godkand', '2026-03-31'), '2026-03-29')).toBe('soon');
    expect(reminderFor(action('godkand', '2026-10-27'), '2026-10-25')).toBe('soon');
  });
});

describe('roll-up counts and promise progress', () => {
  const period = { from: '2026-03-09T00:00:00.000Z', to: '2026-03-16T00:00:00.000Z' };
  it('counts proposed, approved and done in the period and overdue as of today', () => {
    const list = [
      action('foreslagen', '2026-04-01', { created: stamp('2026-03-10T10:00:00.000Z') }),
      action('godkand', '2026-03-12', { created: stamp('2026-03-01T10:00:00.000Z'), decision: { ...stamp('2026-03-11T10:00:00.000Z'), outcome: 'godkand' } }),
      action('klar', '2026-03-12', { created: stamp('2026-03-01T10:00:00.000Z'), decision: { ...stamp('2026-03-02T10:00:00.000Z'), outcome: 'godkand' }, finished: { ...stamp('2026-03-15T23:59:00.000Z'), outcome: 'klar', text: 'ok' } }),
      action('avslagen', '2026-03-12', { created: stamp('2026-03-16T00:00:00.000Z'), decision: { ...stamp('2026-03-16T01:00:00.000Z'), outcome: 'avslagen' } })
    ];
    expect(countActions(list, period, '2026-03-14')).toEqual({ proposed: 1, approved: 1, done: 1, overdue: 1 });
  });

  it('computes promise progress over committed actions', () => {
    const linked = [action('klar', '2026-03-01'), action('godkand', '2026-03-01'), action('pagar', '2026-05-01'), action('foreslagen', '2026-05-01'), action('avslagen', '2026-05-01'), action('avbruten', '2026-05-01')];
    expect(promiseProgress(linked, '2026-03-10')).toEqual({ total: 3, done: 1, overdue: 1, proposed: 1 });
  });
});
