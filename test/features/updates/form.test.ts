import { checkUpdateForm } from '../../../src/features/updates';
import type { Group } from '../../../src/features/groups/model';

const group = { id: 'g', areas: ['Kallinge', 'Bräkne-Hoby'], municipalityKey: 'ronneby' } as Group;
const now = new Date('2026-03-10T09:00:00Z');
const form = {
  draftId: '0d9a3a7e-4b8e-4a59-9a7c-3f7d5c0e9a11',
  area: 'Kallinge', category: 'narkotika', trend: 'okande', level: 'selektiv', observedOn: '2026-03-09',
  text: 'Fler unga samlas vid centrum, tecken på försäljning.'
};

describe('checkUpdateForm', () => {
  it('accepts a complete update and keeps the area as the group spells it', () => {
    const r = checkUpdateForm({ ...form, area: 'brakne-hoby' }, group, now, 'sv');
    expect(r).toMatchObject({ ok: true, area: 'Bräkne-Hoby' });
  });

  it('refuses the indicated level with a pointer to a case', () => {
    const r = checkUpdateForm({ ...form, level: 'indikerad' }, group, now, 'sv');
    expect(r).toMatchObject({ ok: false });
    expect(!r.ok && r.error).toContain('ärende ny');
  });

  it.each([
    ['Pojken 0612121236 syns ofta', 'personnummer'],
    ['Ring 070-123 45 67', 'telefonnummer'],
    ['kalle@example.se vet mer', 'e-postadress']
  ])('refuses personal data in %j, naming %s', (text, word) => {
    const r = checkUpdateForm({ ...form, text }, group, now, 'sv');
    expect(r).toMatchObject({ ok: false, personalData: true });
    expect(!r.ok && r.error).toContain(word);
    expect(!r.ok && r.error).not.toContain(text);
  });

  it('refuses an area outside the group, a future date, a date over a year back and too long a text', () => {
    expect(checkUpdateForm({ ...form, area: 'Ytterby' }, group, now, 'sv')).toMatchObject({ ok: false });
    expect(checkUpdateForm({ ...form, observedOn: '2026-03-11' }, group, now, 'sv')).toMatchObject({ ok: false, error: 'Datumet kan inte ligga i framtiden.' });
    // 23:30 UTC on 10 March is 11 March in Stockholm: that day is today, not the future.
    expect(checkUpdateForm({ ...form, observedOn: '2026-03-11' }, group, new Date('2026-03-10T23:30:00Z'), 'sv')).toMatchObject({ ok: true });
    expect(checkUpdateForm({ ...form, observedOn: '2025-03-09' }, group, now, 'sv')).toMatchObject({ ok: false });
    expect(checkUpdateForm({ ...form, text: 'x'.repeat(1001) }, group, now, 'sv')).toMatchObject({ ok: false });
  });
});
