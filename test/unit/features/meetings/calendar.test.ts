import { icsUrl, meetingIcs, signIcsToken, teamsMeetingLink, verifyIcsToken } from '../../../../src/features/meetings/calendar';
import type { ConfirmedMeeting } from '../../../../src/features/meetings/model';

const SECRET = 's'.repeat(40);
const meeting: ConfirmedMeeting = {
  id: 'm-abc',
  groupId: 'team:19:x',
  docType: 'meeting',
  type: 'sspf',
  title: 'Kartläggning, vår',
  place: 'Ytterby skola, rum 12',
  online: true,
  agendaNotes: '',
  cadence: 'none',
  options: [{ id: 'o1', start: '2026-03-31T12:00:00.000Z', end: '2026-03-31T13:30:00.000Z' }],
  status: 'confirmed',
  chosenOptionId: 'o1',
  start: '2026-03-31T12:00:00.000Z',
  end: '2026-03-31T13:30:00.000Z',
  agenda: [{ title: 'Punkter', items: ['Läget vid stationen', 'Insatser i Kareby'] }],
  seriesId: 'm-abc',
  seq: 1,
  createdBy: 'a',
  createdAt: '2026-03-20T09:00:00.000Z',
  updatedAt: '2026-03-20T09:00:00.000Z'
};

describe('Teams deep link', () => {
  it('carries subject, times with the Stockholm offset, agenda and UPNs, all URL-encoded', () => {
    const link = teamsMeetingLink({
      subject: 'SSPF-möte: Kartläggning & plan',
      start: '2026-03-27T13:00:00.000Z',
      end: '2026-03-31T13:30:00.000Z',
      content: 'Rum 12\n- punkt',
      attendees: ['anna@kungalv.example', 'sara@kungalv.example']
    });
    expect(link.startsWith('https://teams.microsoft.com/l/meeting/new?')).toBe(true);
    const raw = link.split('?')[1];
    expect(raw).toContain('startTime=2026-03-27T14%3A00%3A00%2B01%3A00');
    expect(raw).toContain('endTime=2026-03-31T15%3A30%3A00%2B02%3A00');
    expect(raw).toContain('attendees=anna%40kungalv.example%2Csara%40kungalv.example');
    expect(raw).not.toMatch(/[ &](?![a-zA-Z]+=)/);
    const params = new URL(link).searchParams;
    expect(params.get('subject')).toBe('SSPF-möte: Kartläggning & plan');
    expect(params.get('startTime')).toBe('2026-03-27T14:00:00+01:00');
    expect(params.get('endTime')).toBe('2026-03-31T15:30:00+02:00');
    expect(params.get('content')).toBe('Rum 12\n- punkt');
    expect(params.get('attendees')).toBe('anna@kungalv.example,sara@kungalv.example');
  });
});

describe('.ics file', () => {
  it('has one event in UTC with title, place and agenda', () => {
    const ics = meetingIcs(meeting, 'sv', new Date('2026-03-20T09:00:00Z'));
    expect(ics).toContain('BEGIN:VCALENDAR');
    expect(ics).toContain('UID:m-abc@trygg');
    expect(ics).toContain('DTSTART:20260331T120000Z');
    expect(ics).toContain('DTEND:20260331T133000Z');
    expect(ics).toContain('SUMMARY:SSPF-möte: Kartläggning\\, vår');
    expect(ics).toContain('LOCATION:Ytterby skola\\, rum 12 / Teams-möte');
    expect(ics).toMatch(/DESCRIPTION:Punkter\\n- Läget vid stationen\\n- Insatser i Kareby/);
    expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(1);
  });

  it('refuses an unconfirmed meeting', () => {
    expect(() => meetingIcs({ ...meeting, start: undefined, end: undefined, status: 'open' }, 'sv', new Date())).toThrow();
  });
});

describe('.ics link token', () => {
  const now = new Date('2026-03-20T09:00:00Z');
  const exp = Math.floor(Date.parse('2026-04-30T00:00:00Z') / 1000);

  it('accepts its own token for its meeting until it expires', () => {
    const token = signIcsToken(SECRET, { groupId: 'g1', meetingId: 'm-abc', exp });
    expect(verifyIcsToken(SECRET, token, 'm-abc', now)).toEqual({ ok: true, grant: { groupId: 'g1', meetingId: 'm-abc', exp } });
    expect(verifyIcsToken(SECRET, token, 'm-abc', new Date(exp * 1000))).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses another meeting, another key, a changed payload or signature, and garbage', () => {
    const token = signIcsToken(SECRET, { groupId: 'g1', meetingId: 'm-abc', exp });
    expect(verifyIcsToken(SECRET, token, 'm-other', now)).toEqual({ ok: false, reason: 'meeting' });
    expect(verifyIcsToken('t'.repeat(40), token, 'm-abc', now)).toEqual({ ok: false, reason: 'signature' });
    const [payload, sig] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ g: 'g1', m: 'm-abc', e: exp + 1_000_000 })).toString('base64url');
    expect(verifyIcsToken(SECRET, `${forged}.${sig}`, 'm-abc', now)).toEqual({ ok: false, reason: 'signature' });
    const flipped = sig.slice(0, -1) + (sig.endsWith('A') ? 'B' : 'A');
    expect(verifyIcsToken(SECRET, `${payload}.${flipped}`, 'm-abc', now)).toEqual({ ok: false, reason: 'signature' });
    expect(verifyIcsToken(SECRET, `${payload}.`, 'm-abc', now)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyIcsToken(SECRET, '', 'm-abc', now)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyIcsToken(SECRET, 'a.b.c', 'm-abc', now)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('builds the public link valid until 30 days after the meeting', () => {
    const url = new URL(icsUrl('https://trygg.example.se/', SECRET, meeting));
    expect(url.origin + url.pathname).toBe('https://trygg.example.se/api/meetings/m-abc/ics');
    const result = verifyIcsToken(SECRET, url.searchParams.get('token')!, 'm-abc', now);
    expect(result.ok && new Date(result.grant.exp * 1000).toISOString()).toBe('2026-04-30T13:30:00.000Z');
  });
});
