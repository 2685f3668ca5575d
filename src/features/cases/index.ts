import { verb } from '../../bot/port';
import { HELP_FORM_VERBS, fromHelp, helpButtonSchema } from '../shared/help-button';
import { z } from 'zod';
import { defineFeature } from '../feature';
import { CASE_VERBS } from './cards';
import { addObservation, caseRef, createCase, newCaseForm, observationForm, showCase, viewCase } from './handlers-case';
import { completeLifecycleStep, lifecycleData, registerConsent, revokeConsent, saveChecklist, showConsentForm, showLifecycle } from './handlers-consent';
import { exportData, exportLog, mountLogExport, showLog, showRetention, showSecurityLog } from './handlers-log';
import { setupCases, type CasesDeps } from './setup';
import { STOCKHOLM } from '../../time-zone';

export { CaseRepository } from './case-repository';
export { CASE_VERBS } from './cards';

/** Job names, for tests and operations. */
export const CASE_JOBS = { retention: 'cases.retention', consentExpiry: 'cases.consent-expiry' } as const;

const ZONE = STOCKHOLM;

/**
 * Individual cases under pseudonym, consent-gated disclosure, the audit log, retention and the handbook
 * lifecycle. Each trigger points to a named handler; the use cases live in the services (`*-service.ts`).
 */
export const casesFeature = defineFeature<CasesDeps>({
  name: 'cases',
  setup: setupCases,
  commands: [
    {
      id: 'cases.new',
      aliases: { sv: ['ärende ny', 'nytt ärende'], en: ['case new', 'new case'] },
      help: { sv: 'Öppna ett individärende under pseudonym (samordnare och socialtjänst).', en: 'Open an individual case under a pseudonym (coordinators and social services).' },
      handler: newCaseForm
    },
    {
      id: 'cases.show',
      aliases: { sv: ['ärende'], en: ['case'] },
      help: { sv: 'Visa ett individärende (detaljer bara om samtycket tillåter).', en: 'Show an individual case (details only when the consent allows).' },
      usage: { sv: 'ärende K-2026-014', en: 'case K-2026-014' },
      handler: showCase
    },
    {
      id: 'cases.observation',
      aliases: { sv: ['observation'], en: ['observation'] },
      help: { sv: 'Lägg till din verksamhets observation i ett ärende.', en: "Add your agency's observation to a case." },
      usage: { sv: 'observation K-2026-014', en: 'observation K-2026-014' },
      handler: observationForm
    },
    {
      id: 'cases.consent',
      aliases: { sv: ['samtycke'], en: ['consent'] },
      help: { sv: 'Registrera vårdnadshavarnas samtycke för ett ärende (samordnare, socialtjänst).', en: "Register the guardians' consent for a case (coordinators, social services)." },
      usage: { sv: 'samtycke K-2026-014', en: 'consent K-2026-014' },
      handler: showConsentForm
    },
    {
      id: 'cases.revoke',
      aliases: { sv: ['återkalla samtycke'], en: ['revoke consent'] },
      help: { sv: 'Återkalla samtycket för ett ärende med omedelbar verkan.', en: 'Revoke the consent for a case with immediate effect.' },
      usage: { sv: 'återkalla samtycke K-2026-014', en: 'revoke consent K-2026-014' },
      handler: revokeConsent
    },
    {
      id: 'cases.log',
      aliases: { sv: ['logg'], en: ['log'] },
      help: { sv: 'Samordnare: se vem som sett vad i ett ärende, och exportera loggen som CSV.', en: 'Coordinators: see who saw what in a case, and export the log as CSV.' },
      usage: { sv: 'logg K-2026-014', en: 'log K-2026-014' },
      handler: showLog
    },
    {
      id: 'cases.securityLog',
      aliases: { sv: ['säkerhetslogg'], en: ['security log'] },
      help: { sv: 'Administratörer: försök att nå ärenden man inte har tillgång till (personlig chatt).', en: 'Administrators: attempts to reach cases without access (personal chat).' },
      handler: showSecurityLog
    },
    {
      id: 'cases.lifecycle',
      aliases: { sv: ['arbetsgång', 'steg'], en: ['process', 'steps'] },
      help: { sv: 'Visa ärendets steg och checklista enligt handboken.', en: "Show the case's steps and checklist from the handbook." },
      usage: { sv: 'arbetsgång K-2026-014', en: 'process K-2026-014' },
      handler: showLifecycle
    },
    {
      id: 'cases.retention',
      aliases: { sv: ['gallring'], en: ['retention'] },
      help: { sv: 'Samordnare: vad som ska gallras och vad som har gallrats (antal).', en: 'Coordinators: what is due for deletion and what was deleted (counts).' },
      handler: showRetention
    }
  ],
  verbs: [
    verb(CASE_VERBS.create, z.record(z.unknown()), createCase),
    verb(HELP_FORM_VERBS.newCase, helpButtonSchema, fromHelp(newCaseForm)),
    verb(CASE_VERBS.view, caseRef, viewCase),
    verb(CASE_VERBS.observe, caseRef.passthrough(), addObservation),
    verb(CASE_VERBS.consent, caseRef.passthrough(), registerConsent),
    verb(CASE_VERBS.check, lifecycleData, saveChecklist),
    verb(CASE_VERBS.complete, lifecycleData, completeLifecycleStep),
    verb(CASE_VERBS.exportLog, exportData, exportLog)
  ],
  jobs: [
    { name: CASE_JOBS.retention, schedule: '15 2 * * *', timezone: ZONE, run: (deps, now) => deps.retention.run(now) },
    { name: CASE_JOBS.consentExpiry, schedule: '5 * * * *', timezone: ZONE, run: (deps) => deps.retention.applyConsentExpiry() }
  ],
  http: [mountLogExport]
});
