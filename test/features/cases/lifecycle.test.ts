import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HANDBOOK_DIR, parseHandbook } from '../../../src/features/cases/handbook';
import { completeStep, openRequired, setChecked, startLifecycle } from '../../../src/features/cases/lifecycle';

const handbook = parseHandbook(readFileSync(join(HANDBOOK_DIR, 'sspf.json'), 'utf8'), 'sspf.json');

describe('the handbook lifecycle', () => {
  it('has the SSPF steps in order, in Swedish', () => {
    expect(handbook.steps.map((s) => s.id)).toEqual(['oro', 'samtycke', 'kartlaggning', 'natverksmote', 'atgardsplan', 'uppfoljning', 'avslut']);
    expect(handbook.steps.find((s) => s.id === 'atgardsplan')!.items.map((i) => i.id)).toEqual(['mal', 'vad', 'nar', 'vem']);
  });

  it('cannot complete a step while a required item is open', () => {
    let lc = setChecked(handbook, startLifecycle(handbook), 'oro', ['oro-beskriven', 'kontaktperson']);
    expect(openRequired(handbook, lc, 'oro')).toEqual(['orosanmalan']);
    expect(completeStep(handbook, lc, 'oro', 'a', 't')).toEqual({ ok: false, problem: 'requiredOpen', open: ['orosanmalan'] });
    lc = setChecked(handbook, lc, 'oro', ['oro-beskriven', 'orosanmalan']);
    const done = completeStep(handbook, lc, 'oro', 'a', 't');
    expect(done.ok && done.lifecycle.step).toBe('samtycke');
  });

  it('refuses steps other than the current one and closes after the last', () => {
    let lc = startLifecycle(handbook);
    expect(completeStep(handbook, lc, 'samtycke', 'a', 't')).toMatchObject({ ok: false, problem: 'notCurrent' });
    expect(completeStep(handbook, lc, 'nope', 'a', 't')).toMatchObject({ ok: false, problem: 'unknownStep' });
    let closed = false;
    for (const step of handbook.steps) {
      lc = setChecked(handbook, lc, step.id, step.items.map((i) => i.id));
      const r = completeStep(handbook, lc, step.id, 'a', 't');
      if (!r.ok) throw new Error(`step ${step.id} refused`);
      lc = r.lifecycle;
      closed = r.closed;
    }
    expect(closed).toBe(true);
    expect(completeStep(handbook, lc, 'avslut', 'a', 't')).toMatchObject({ ok: false, problem: 'notCurrent' });
  });

  it('rejects a broken handbook with the file named', () => {
    expect(() => parseHandbook(JSON.stringify({ name: 'x', followUpAfterDays: 10, steps: [{ id: 'a', title: 'A', items: [] }] }), 'x.json')).toThrow(/x\.json/);
  });
});
