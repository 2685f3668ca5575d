import { parsePeriod, periodRanges } from '../../../src/features/ask/period';
import { isPictureQuestion, parsePictureQuestion } from '../../../src/features/ask/question';
import type { AreaRef } from '../../../src/features/updates/picture';

const area = (municipality: string, name: string): AreaRef => ({
  municipality,
  municipalityKey: municipality.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase(),
  area: name,
  areaKey: name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
});
const kallinge = area('Ronneby', 'Kallinge');
const brakne = area('Ronneby', 'Bräkne-Hoby');
const ytterby = area('Kungälv', 'Ytterby');
const kareby = area('Kungälv', 'Kareby');
const visible = [kallinge, brakne, ytterby, kareby];

describe('parsePeriod', () => {
  it.each([
    ['kallinge 30 dagar', { unit: 'days', count: 30 }, 'kallinge'],
    ['i ytterby senaste veckan', { unit: 'weeks', count: 1 }, 'i ytterby'],
    ['in kallinge last 30 days', { unit: 'days', count: 30 }, 'in kallinge'],
    ['kallinge 2 veckor', { unit: 'weeks', count: 2 }, 'kallinge'],
    ['ytterby the past month', { unit: 'months', count: 1 }, 'ytterby'],
    ['senaste 3 manaderna', { unit: 'months', count: 3 }, '']
  ])('reads %j', (text, period, rest) => {
    expect(parsePeriod(text)).toEqual({ period, rest });
  });

  it('finds no period where there is none, and caps long ones at a year', () => {
    expect(parsePeriod('kallinge')).toEqual({ rest: 'kallinge' });
    expect(parsePeriod('en man sags i kallinge')).toEqual({ rest: 'en man sags i kallinge' });
    expect(parsePeriod('900 dagar').period).toEqual({ unit: 'days', count: 366 });
  });
});

describe('periodRanges', () => {
  it('ends today in Stockholm and compares with the equally long period before', () => {
    // 23:30 UTC on 9 March is already 10 March in Stockholm.
    expect(periodRanges(new Date('2026-03-09T23:30:00Z'), { unit: 'days', count: 30 })).toEqual({
      current: { from: '2026-02-09', to: '2026-03-10' },
      previous: { from: '2026-01-10', to: '2026-02-08' }
    });
    expect(periodRanges(new Date('2026-03-10T09:00:00Z'), { unit: 'weeks', count: 1 })).toEqual({
      current: { from: '2026-03-04', to: '2026-03-10' },
      previous: { from: '2026-02-25', to: '2026-03-03' }
    });
  });
});

describe('parsePictureQuestion', () => {
  it('matches areas regardless of case and diacritics, with a period', () => {
    expect(parsePictureQuestion('KALLINGE 30 dagar', visible, 'command')).toEqual({
      period: { unit: 'days', count: 30 },
      periodGiven: true,
      place: { kind: 'areas', areas: [kallinge] }
    });
    expect(parsePictureQuestion('Brakne-hoby', visible, 'command').place).toEqual({ kind: 'areas', areas: [brakne] });
  });

  it('takes a municipality name as all its areas ("Kungalv" finds Kungälv)', () => {
    expect(parsePictureQuestion('Kungalv', visible, 'command').place).toEqual({ kind: 'areas', areas: [ytterby, kareby] });
  });

  it('reads free questions in Swedish and English', () => {
    expect(parsePictureQuestion('hur ser läget ut i Kallinge?', visible, 'free').place).toEqual({ kind: 'areas', areas: [kallinge] });
    const q = parsePictureQuestion('läget i Ytterby senaste veckan', visible, 'free');
    expect(q.place).toEqual({ kind: 'areas', areas: [ytterby] });
    expect(q.period).toEqual({ unit: 'weeks', count: 1 });
    const en = parsePictureQuestion("What's the situation in Kallinge, last 30 days?", visible, 'free');
    expect(en.place).toEqual({ kind: 'areas', areas: [kallinge] });
    expect(en.period).toEqual({ unit: 'days', count: 30 });
  });

  it('answers the whole scope when no place is named, and names an unknown place instead of guessing', () => {
    expect(parsePictureQuestion('hur ser läget ut?', visible, 'free')).toEqual({ period: { unit: 'days', count: 30 }, periodGiven: false, place: { kind: 'all' } });
    expect(parsePictureQuestion('hela kommunen 2 veckor', visible, 'command').place).toEqual({ kind: 'all' });
    expect(parsePictureQuestion('Narnia', visible, 'command').place).toEqual({ kind: 'unknown', text: 'narnia' });
    expect(parsePictureQuestion('hur ser läget ut i Narnia?', visible, 'free').place).toEqual({ kind: 'unknown', text: 'narnia' });
    expect(parsePictureQuestion('Kallinge', [ytterby], 'command').place).toEqual({ kind: 'unknown', text: 'kallinge' });
  });

  it('recognises picture questions', () => {
    expect(isPictureQuestion('Hur ser läget ut i Kallinge?')).toBe(true);
    expect(isPictureQuestion('situation in Kallinge last 30 days')).toBe(true);
    expect(isPictureQuestion('vad är klockan')).toBe(false);
  });
});
