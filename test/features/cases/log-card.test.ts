import { logCard, logRow } from '../../../src/features/cases/log-card';
import { HandbookLibrary } from '../../../src/features/cases/handbook';
import type { AuditEntry } from '../../../src/privacy/audit';

const entry = (over: Partial<AuditEntry>): AuditEntry => ({
  id: 'e', groupId: 'g1', caseId: 'K-2026-001', at: '2026-03-10T09:00:00.000Z', actorAadObjectId: 'olle', conversationId: 'c', conversationType: 'channel',
  action: 'view', via: 'execute', decision: 'withhold', reason: 'noConsent', viewerAgency: 'polis', ...over
});

/** Every kind of entry the cases feature writes. */
const ENTRIES: AuditEntry[] = [
  entry({ action: 'create', decision: 'allowed', reason: 'created', viewerAgency: 'socialtjanst', actorAadObjectId: 'stina' }),
  entry({ action: 'observation', decision: 'allowed', reason: 'added' }),
  entry({ action: 'observation', decision: 'refused', reason: 'noAgency' }),
  entry({ action: 'view', decision: 'withhold', reason: 'noConsent', via: 'refresh', conversationType: 'personal' }),
  entry({ action: 'view', decision: 'withhold', reason: 'scopeExcludesAgency', viewerAgency: 'fritid' }),
  entry({ action: 'view', decision: 'reveal', reason: 'consentCovers', agencies: ['skola', 'polis'] }),
  entry({ action: 'summary', decision: 'withhold', reason: 'postedMessage', via: 'command' }),
  entry({ action: 'summary', decision: 'allowed', reason: 'personalCard', via: 'command', conversationType: 'personal' }),
  entry({ action: 'consent', decision: 'refused', reason: 'notManager' }),
  entry({ action: 'consent', decision: 'refused', reason: 'incomplete:guardiansMissing+archiveRefMissing' }),
  entry({ action: 'consent', decision: 'allowed', reason: 'registered:replaces' }),
  entry({ action: 'revoke', decision: 'allowed', reason: 'ersatt' }),
  entry({ action: 'revoke', decision: 'refused', reason: 'nothingToRevoke', via: 'command' }),
  entry({ action: 'lifecycle', decision: 'allowed', reason: 'checked:oro' }),
  entry({ action: 'lifecycle', decision: 'allowed', reason: 'completed:oro' }),
  entry({ action: 'lifecycle', decision: 'refused', reason: 'requiredOpen:oro' }),
  entry({ action: 'log', decision: 'allowed', reason: 'read', via: 'command', conversationType: 'personal' }),
  entry({ action: 'log', decision: 'refused', reason: 'notCoordinator', via: 'command', conversationType: 'personal' }),
  entry({ action: 'export', caseId: '*', decision: 'allowed', reason: 'downloaded', via: 'http', conversationType: 'system' }),
  entry({ action: 'retention', caseId: '*', actorAadObjectId: 'system', decision: 'allowed', reason: 'deleted:details=1,consents=2,audit=3', via: 'job', conversationType: 'system', viewerAgency: undefined })
];

/** The codes the audit log stores: none of them may reach a reader as such. */
const CODES = [
  'create', 'allowed', 'refused', 'withhold', 'reveal', 'channel', 'personal', 'groupChat', 'execute', 'refresh', 'noConsent', 'consentCovers',
  'postedMessage', 'personalCard', 'notManager', 'incomplete', 'guardiansMissing', 'registered', 'nothingToRevoke', 'checked:', 'completed:',
  'requiredOpen', 'notCoordinator', 'downloaded', 'deleted:', 'scopeExcludesAgency', 'noAgency', 'socialtjanst'
];

const names = new Map([['olle', 'Olle Polis'], ['stina', 'Stina Socialsekreterare']]);
const handbook = new HandbookLibrary().forMunicipality('kungalv');

describe('the case log card: in the reader’s language, readable at 344 px', () => {
  /** English words like "channel" are fine for an English reader; camelCase codes and decision codes are not. */
  const codesFor = (lang: 'sv' | 'en') => (lang === 'sv' ? CODES : CODES.filter((c) => /[A-Z:]/.test(c) || ['withhold', 'reveal', 'execute', 'socialtjanst'].includes(c)));

  for (const lang of ['sv', 'en'] as const) {
    it(`shows no stored code to a reader in ${lang}`, () => {
      for (const e of ENTRIES) {
        const row = logRow(lang, e, names, handbook);
        const shown = `${row.head}\n${row.what}\n${row.why}`;
        for (const code of codesFor(lang)) {
          if (new RegExp(`\\b${code}`).test(shown)) throw new Error(`"${code}" shown for ${e.action}/${e.reason} in ${lang}: ${shown}`);
        }
      }
    });

    it(`keeps every line short enough for a phone (${lang})`, () => {
      for (const e of ENTRIES) {
        const row = logRow(lang, e, names, handbook);
        expect(row.head.length).toBeLessThanOrEqual(60);
        expect(row.what.length).toBeLessThanOrEqual(60);
      }
    });
  }

  it('words entries in Swedish for a Swedish reader', () => {
    const rows = ENTRIES.map((e) => logRow('sv', e, names, handbook));
    expect(rows[0]).toEqual({ head: '2026-03-10 10:00 · Stina Socialsekreterare (socialtjänst)', what: 'Ärendet skapades · kanal', why: '' });
    expect(rows[3]).toEqual({ head: '2026-03-10 10:00 · Olle Polis (polis)', what: 'Detaljer visades inte · automatisk uppdatering', why: 'Skäl: samtycke saknas' });
    expect(rows[4].why).toBe('Skäl: samtycket omfattar inte fritid');
    expect(rows[5].why).toBe('Samtycket omfattar: skola, polis');
    expect(rows[9].why).toContain('alla vårdnadshavare med vårdnad har inte skrivit under');
    expect(rows[19]).toMatchObject({ what: 'Gallring · schemalagd körning', why: 'Raderat: 1 ärendens detaljer, 2 samtycken, 3 loggposter' });
  });

  it('words entries in English for an English reader', () => {
    const rows = ENTRIES.map((e) => logRow('en', e, names, handbook));
    expect(rows[3]).toEqual({ head: '2026-03-10 10:00 · Olle Polis (police)', what: 'Details withheld · automatic refresh', why: 'Reason: no consent' });
    expect(rows[8].why).toBe('Reason: coordinators and social services only');
  });

  it('renders one container per entry with short text blocks, no FactSet columns', () => {
    const card = logCard('sv', 'K-2026-001', 'g1', ENTRIES, names, handbook);
    const json = JSON.stringify(card);
    expect(json).not.toContain('FactSet');
    expect(json).toContain('Logg för K-2026-001');
    expect(json).toContain('Olle Polis');
  });
});
