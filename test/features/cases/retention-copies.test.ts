import { REDACTED, caseTexts, redactAction, scrub, scrubMeeting } from '../../../src/features/cases/retention-copies';
import type { Action } from '../../../src/features/actions/model';
import type { Meeting } from '../../../src/features/meetings/model';
import type { CaseFile } from '../../../src/features/cases/model';

const NOW = new Date('2026-05-01T00:00:00Z');

describe('retention of copies of a case\'s text (pure parts)', () => {
  it('collects the case\'s texts and ignores missing or too short ones', () => {
    const c = { details: { name: 'Ylva Y', birthYear: 2012, area: 'Ytterby', concern: 'Oro' }, observations: [{ text: ' Setts vid stationen ' }, { text: undefined }, { text: 'ab' }] } as unknown as CaseFile;
    expect(caseTexts(c)).toEqual(['Ylva Y', 'Ytterby', 'Oro', 'Setts vid stationen']);
    expect(caseTexts({ observations: [] } as unknown as CaseFile)).toEqual([]);
  });

  it('scrubs a text containing any case text, case-insensitively, and keeps the rest', () => {
    expect(scrub('Nätverksmöte om YLVA y i veckan', ['Ylva Y'])).toBe(REDACTED);
    expect(scrub('Fältvandring fredag', ['Ylva Y'])).toBe('Fältvandring fredag');
    expect(scrub('Något', [])).toBe('Något');
  });

  it('redacts an indicated action\'s free texts and keeps what counts and follow-up need', () => {
    const a = {
      id: 'a1', groupId: 'g', title: 'Samtal med Ylva', description: 'Via mamma', casePseudonym: 'K-2026-001', status: 'klar', dueDate: '2026-03-31',
      decision: { by: 'x', byName: 'X', at: 't', outcome: 'godkand', reason: 'Ylva behöver' }, finished: { by: 'x', byName: 'X', at: 't', outcome: 'klar', text: 'Ylva mår bättre' }
    } as unknown as Action;
    const r = redactAction(a, 'K-2026-001', NOW);
    expect(r).toMatchObject({ title: 'Indikerad insats K-2026-001', description: '', status: 'klar', dueDate: '2026-03-31', casePseudonym: 'K-2026-001', updatedAt: NOW.toISOString() });
    expect(r.finished).toEqual({ by: 'x', byName: 'X', at: 't', outcome: 'klar', text: '' });
    expect(r.decision).toEqual({ by: 'x', byName: 'X', at: 't', outcome: 'godkand' });
    const plain = redactAction({ ...a, decision: undefined, finished: undefined }, 'K-2026-001', NOW);
    expect(plain.decision).toBeUndefined();
    expect(plain.finished).toBeUndefined();
  });

  it('scrubs meeting title, notes, intro and agenda items, and returns the same meeting when nothing matches', () => {
    const m = { title: 'SSPF', agendaNotes: 'Prata om Samtal med Ylva', intro: 'Hej', agenda: [{ title: 'Insatser', items: ['Samtal med Ylva (K-2026-001)', 'Fältvandring'] }] } as unknown as Meeting;
    const s = scrubMeeting(m, ['Samtal med Ylva']);
    expect(s).toMatchObject({ title: 'SSPF', agendaNotes: REDACTED, intro: 'Hej', agenda: [{ title: 'Insatser', items: [REDACTED, 'Fältvandring'] }] });
    expect(scrubMeeting(m, ['Något annat'])).toBe(m);
    expect(scrubMeeting(m, [])).toBe(m);
    const noIntro = { ...m, intro: undefined, agenda: undefined } as unknown as Meeting;
    expect(scrubMeeting(noIntro, ['SSPF'])).toMatchObject({ title: REDACTED });
    expect('intro' in scrubMeeting(noIntro, ['SSPF'])).toBe(true);
  });
});
