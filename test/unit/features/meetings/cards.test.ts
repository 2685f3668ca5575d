// The UMD bundle: the package's `lib/` is ESM, which Jest does not load untransformed.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const AC = require('adaptivecards/dist/adaptivecards.js') as typeof import('adaptivecards');
import { confirmedCard, pollCard, proposalCard } from '../../../../src/features/meetings/cards';
import { tallyAnswers, type ConfirmedMeeting } from '../../../../src/features/meetings/model';

const meeting: ConfirmedMeeting = {
  id: 'm-1', groupId: 'g', docType: 'meeting', type: 'sspf', title: 'Kartläggning', place: 'Rum 12', online: false,
  agendaNotes: 'Läget', cadence: 'biweekly',
  options: [{ id: 'o1', start: '2026-03-31T12:00:00.000Z', end: '2026-03-31T13:00:00.000Z' }, { id: 'o2', start: '2026-04-01T12:00:00.000Z', end: '2026-04-01T13:00:00.000Z' }],
  status: 'confirmed', chosenOptionId: 'o1', start: '2026-03-31T12:00:00.000Z', end: '2026-03-31T13:00:00.000Z',
  agenda: [{ title: 'Punkter', items: ['Läget'] }], seriesId: 'm-1', seq: 1, createdBy: 'a', createdAt: '', updatedAt: ''
};

function validate(card: object) {
  const json = JSON.stringify(card);
  expect(json).not.toContain('${');
  const parsed = new AC.AdaptiveCard();
  const errors: unknown[] = [];
  const context = new AC.SerializationContext();
  parsed.parse(card, context);
  for (let i = 0; i < context.eventCount; i++) errors.push(context.getEventAt(i).message);
  const validation = parsed.validateProperties();
  for (const e of validation.validationEvents) errors.push(e.message);
  expect(errors).toEqual([]);
  const verbs = json.match(/"type":"Action\.Execute"[^}]*/g) ?? [];
  for (const v of verbs) expect(v).toMatch(/"verb":"meetings\./);
}

describe('meeting cards', () => {
  it('render with every binding resolved and as valid Adaptive Cards 1.5, in both languages', () => {
    for (const lang of ['sv', 'en'] as const) {
      validate(proposalCard(lang, {}, [], 'sspf'));
      validate(proposalCard(lang, { title: 'x', date1: '2026-03-31' }, [{ kind: 'tooFewOptions' }], 'sspf'));
      validate(pollCard(lang, { ...meeting, status: 'open' }, tallyAnswers(meeting, []), 'Anna'));
      validate(confirmedCard(lang, meeting, { ics: 'http://localhost/x.ics', teams: 'https://teams.microsoft.com/l/meeting/new?subject=x' }, 'Anna'));
      validate(confirmedCard(lang, meeting, { ics: 'http://localhost/x.ics', teams: '' }, 'Anna'));
    }
  });

  it('shows the deep link only when given one', () => {
    expect(JSON.stringify(confirmedCard('sv', meeting, { ics: 'http://localhost/x.ics', teams: '' }, 'Anna'))).not.toContain('Skapa Teams-mötet');
    expect(JSON.stringify(confirmedCard('sv', meeting, { ics: 'http://localhost/x.ics', teams: 'https://teams.microsoft.com/l/meeting/new' }, 'Anna'))).toContain('Skapa Teams-mötet');
  });
});
