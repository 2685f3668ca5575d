import fc from 'fast-check';
import { ACTION_STATUSES, type Action, type ActionStatus } from '../../../src/features/actions/model';
import { applyCommand, availableCommands, type ActionCommand } from '../../../src/features/actions/status';

const who = { by: 'a0a0a0a0-0000-4000-8000-000000000001', byName: 'Anna Samordnare', at: '2026-03-10T09:00:00.000Z' };

function action(status: ActionStatus = 'foreslagen'): Action {
  return {
    id: 'a1b2c3d4-0000-4000-8000-000000000001',
    groupId: 'team:1',
    municipalityKey: 'kungalv',
    title: 'Fältvandring',
    description: '',
    level: 'selektiv',
    area: 'Ytterby',
    agency: 'fritid',
    ownerAad: 'owner',
    ownerName: 'Filip',
    dueDate: '2026-03-31',
    status,
    created: { ...who },
    history: [{ ...who, from: null, to: 'foreslagen' }],
    updatedAt: who.at
  };
}

describe('action status machine', () => {
  it('approves a proposal and records who and when', () => {
    const r = applyCommand(action(), { type: 'approve' }, who);
    expect(r.kind).toBe('changed');
    if (r.kind !== 'changed') return;
    expect(r.action.status).toBe('godkand');
    expect(r.action.decision).toEqual({ ...who, outcome: 'godkand' });
    expect(r.action.history.at(-1)).toEqual({ ...who, from: 'foreslagen', to: 'godkand' });
  });

  it('walks the happy path föreslagen → godkänd → pågår → klar', () => {
    let a = action();
    for (const c of [{ type: 'approve' }, { type: 'start' }, { type: 'done', outcome: 'Genomfört' }] as ActionCommand[]) {
      const r = applyCommand(a, c, who);
      if (r.kind !== 'changed') throw new Error(`unexpected ${r.kind}`);
      a = r.action;
    }
    expect(a.status).toBe('klar');
    expect(a.finished).toEqual({ ...who, outcome: 'klar', text: 'Genomfört' });
  });

  it('requires a reason to reject or cancel and an outcome to finish', () => {
    expect(applyCommand(action(), { type: 'reject', reason: ' ' }, who)).toMatchObject({ kind: 'refused', reason: 'textRequired' });
    expect(applyCommand(action('pagar'), { type: 'done', outcome: '' }, who)).toMatchObject({ kind: 'refused', reason: 'textRequired' });
    expect(applyCommand(action('godkand'), { type: 'cancel', reason: '' }, who)).toMatchObject({ kind: 'refused', reason: 'textRequired' });
    expect(applyCommand(action(), { type: 'reject', reason: 'Ryms inte' }, who)).toMatchObject({ kind: 'changed', action: { status: 'avslagen', decision: { outcome: 'avslagen', reason: 'Ryms inte' } } });
  });

  it('refuses illegal transitions', () => {
    expect(applyCommand(action(), { type: 'done', outcome: 'x' }, who)).toEqual({ kind: 'refused', reason: 'illegal', from: 'foreslagen', to: 'klar' });
    expect(applyCommand(action('avslagen'), { type: 'start' }, who)).toEqual({ kind: 'refused', reason: 'illegal', from: 'avslagen', to: 'pagar' });
    expect(applyCommand(action('klar'), { type: 'cancel', reason: 'x' }, who)).toEqual({ kind: 'refused', reason: 'illegal', from: 'klar', to: 'avbruten' });
    expect(applyCommand(action('godkand'), { type: 'done', outcome: 'x' }, who)).toMatchObject({ kind: 'refused', reason: 'illegal' });
  });

  it('answers a second decision with the stored one, and a repeated follow-up as unchanged', () => {
    const approved = action('godkand');
    expect(applyCommand(approved, { type: 'reject', reason: 'nej' }, who)).toEqual({ kind: 'unchanged', action: approved });
    expect(applyCommand(approved, { type: 'approve' }, who)).toEqual({ kind: 'unchanged', action: approved });
    const started = action('pagar');
    expect(applyCommand(started, { type: 'start' }, who)).toEqual({ kind: 'unchanged', action: started });
  });

  it('never changes a decided action through a decision command, and never mutates its input (property)', () => {
    const commands: ActionCommand[] = [{ type: 'approve' }, { type: 'reject', reason: 'r' }, { type: 'start' }, { type: 'done', outcome: 'o' }, { type: 'cancel', reason: 'r' }];
    fc.assert(
      fc.property(fc.constantFrom(...ACTION_STATUSES), fc.constantFrom(...commands), (status, command) => {
        const a = action(status);
        const before = JSON.stringify(a);
        const r = applyCommand(a, command, who);
        expect(JSON.stringify(a)).toBe(before);
        if ((command.type === 'approve' || command.type === 'reject') && status !== 'foreslagen') expect(r.kind).toBe('unchanged');
        if (r.kind === 'changed') expect(availableCommands(status)).toContain(command.type);
      })
    );
  });
});
