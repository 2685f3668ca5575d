import pino from 'pino';
import { buildAgenda, type AgendaSource } from '../../../../src/features/meetings/agenda';
import { parseProposal, tallyAnswers, type Meeting, type MeetingAnswer } from '../../../../src/features/meetings/model';

const now = new Date('2026-03-20T09:00:00Z');
const base = { type: 'sspf', title: 'Kartläggning', place: 'Rum 12', online: 'false', agenda: '- Läget\n\n* Insatser', cadence: 'biweekly' };

describe('parseProposal', () => {
  it('converts 2–5 Stockholm times to UTC, sorted, with durations', () => {
    const r = parseProposal({ ...base, date1: '2026-03-31', time1: '14:00', duration1: '90', date2: '2026-03-27', time2: '14:00', duration2: '60' }, now);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.proposal).toMatchObject({ type: 'sspf', title: 'Kartläggning', place: 'Rum 12', online: false, cadence: 'biweekly', agendaNotes: '- Läget\n\n* Insatser' });
    expect(r.proposal.options).toEqual([
      { id: 'o1', start: '2026-03-27T13:00:00.000Z', end: '2026-03-27T14:00:00.000Z' },
      { id: 'o2', start: '2026-03-31T12:00:00.000Z', end: '2026-03-31T13:30:00.000Z' }
    ]);
  });

  it('refuses holidays, past times, skipped times, duplicates and too few options, naming each', () => {
    const r = parseProposal(
      {
        ...base,
        date1: '2026-04-03', time1: '10:00',
        date2: '2026-03-19', time2: '10:00',
        date3: '2026-03-29', time3: '02:30',
        date4: '2026-03-31', time4: '10:00',
        date5: '2026-03-31', time5: '10:00'
      },
      now
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual([
      { kind: 'holiday', n: 1, date: '2026-04-03', holiday: { sv: 'långfredagen', en: 'Good Friday' } },
      { kind: 'pastOption', n: 2 },
      { kind: 'nonexistentTime', n: 3 },
      { kind: 'duplicateOption', n: 5 }
    ]);
    const one = parseProposal({ ...base, date1: '2026-03-31', time1: '10:00' }, now);
    expect(!one.ok && one.problems).toEqual([{ kind: 'tooFewOptions' }]);
  });

  it('needs a title, a known type and a place or online', () => {
    const r = parseProposal({ type: 'fika', title: 'x', place: '', online: 'false', date1: '2026-03-31', time1: '10:00', date2: '2026-04-01', time2: '10:00', duration2: '17' }, now);
    expect(!r.ok && r.problems.map((p) => p.kind)).toEqual(['type', 'title', 'place', 'invalidOption']);
    const online = parseProposal({ ...base, place: '', online: 'true', date1: '2026-03-31', time1: '10:00', date2: '2026-04-01', time2: '10:00' }, now);
    expect(online.ok && online.proposal.online).toBe(true);
  });
});

describe('tallyAnswers', () => {
  it('lists names per answer per option, ignoring options the meeting does not have', () => {
    const meeting = { options: [{ id: 'o1' }, { id: 'o2' }] } as Meeting;
    const a = (name: string, answers: MeetingAnswer['answers']) => ({ name, answers }) as MeetingAnswer;
    expect(tallyAnswers(meeting, [a('Sara', { o1: 'ja', o2: 'nej' }), a('Olle', { o1: 'ja', o2: 'kanske', o9: 'ja' }), a('Filip', { o2: 'ja' })])).toEqual({
      o1: { ja: ['Olle', 'Sara'], kanske: [], nej: [] },
      o2: { ja: ['Filip'], kanske: ['Olle'], nej: ['Sara'] }
    });
  });
});

describe('buildAgenda', () => {
  const logger = pino({ level: 'silent' });
  it('puts the proposal notes first, then each source with items, and leaves a failing source out', async () => {
    const calls: unknown[] = [];
    const actions: AgendaSource = {
      id: 'actions',
      title: (lang) => (lang === 'sv' ? 'Öppna insatser' : 'Open actions'),
      items: async (groupId, from, to) => {
        calls.push([groupId, from.toISOString(), to.toISOString()]);
        return ['Trygghetsvandring Kareby (fritid, 2026-03-30)'];
      }
    };
    const empty: AgendaSource = { id: 'updates', title: () => 'Lägesbilder', items: async () => [] };
    const broken: AgendaSource = { id: 'cases', title: () => 'Ärenden', items: async () => { throw new Error('down'); } };
    const window = { from: new Date('2026-03-17T12:00:00Z'), to: new Date('2026-03-31T12:00:00Z') };
    const agenda = await buildAgenda({ groupId: 'g1', agendaNotes: '- Läget\n\n* Insatser' }, [actions, empty, broken], window, 'sv', 'Punkter', logger);
    expect(agenda).toEqual([
      { title: 'Punkter', items: ['Läget', 'Insatser'] },
      { title: 'Öppna insatser', items: ['Trygghetsvandring Kareby (fritid, 2026-03-30)'] }
    ]);
    expect(calls).toEqual([['g1', '2026-03-17T12:00:00.000Z', '2026-03-31T12:00:00.000Z']]);
  });
});
