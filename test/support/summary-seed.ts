import type { SummarySource } from '../../src/features/summaries/sources';
import type { SummaryCategory, SummaryScope, Trend } from '../../src/features/summaries/model';
import { inWeek } from '../../src/features/summaries/iso-week';

/**
 * A seeded data set for the weekly summary, shaped like the records the other features will store:
 * it deliberately carries names, pseudonyms, personal identity numbers and free text, so tests can
 * check that none of it reaches the card. Test-only: the real sources live in their features.
 */
export interface SeedData {
  updates: Array<{ groupId: string; area: string; category: SummaryCategory; trend: Trend; text: string; createdAt: string }>;
  actions: Array<{ groupId: string; title: string; caseId?: string; owner: string; proposedAt: string; approvedAt?: string; doneAt?: string; dueAt: string }>;
  meetings: Array<{ groupId: string; title: string; startsAt: string }>;
  consents: Array<{ groupId: string; caseId: string; youngPerson: string; personnummer: string; validUntil: string }>;
  promises: Array<{ groupId: string; number: number; title: string; actionsTotal: number; actionsDone: number }>;
}

/** Names, pseudonyms and texts in the seed that must never appear in a card or a log. */
export const SEEDED_PERSONAL = [
  'Kalle Andersson',
  'Lisa Berg',
  'Omar Haddad',
  'K-2026-014',
  'K-2026-015',
  '201001012386',
  '20100101-2386',
  'sågs med äldre killar vid stationen',
  'skolk tre dagar',
  'Samtal med Lisa',
  'Hembesök hos Omar',
  'Fler vuxna på stan'
];

/** The seeded data for an SSPF group and a steering group's roll-up, in ISO week 2026-W10 (2–8 March). */
export function seedData(ytterbyId: string, karebyId: string): SeedData {
  return {
    updates: [
      { groupId: ytterbyId, area: 'Ytterby', category: 'narkotika', trend: 'unchanged', text: 'Kalle Andersson sågs med äldre killar vid stationen', createdAt: '2026-03-02T18:00:00Z' },
      { groupId: ytterbyId, area: 'Ytterby', category: 'narkotika', trend: 'rising', text: 'Lisa Berg (201001012386) igen', createdAt: '2026-03-05T18:00:00Z' },
      { groupId: ytterbyId, area: 'Kareby', category: 'skadegorelse', trend: 'falling', text: 'K-2026-014 skolk tre dagar', createdAt: '2026-03-04T10:00:00Z' },
      { groupId: karebyId, area: 'Kareby', category: 'vald', trend: 'rising', text: 'Omar Haddad slogs', createdAt: '2026-03-06T21:00:00Z' },
      // Outside the week: not counted.
      { groupId: ytterbyId, area: 'Ytterby', category: 'vald', trend: 'rising', text: 'Kalle Andersson förra veckan', createdAt: '2026-02-27T12:00:00Z' }
    ],
    actions: [
      { groupId: ytterbyId, title: 'Samtal med Lisa', caseId: 'K-2026-014', owner: 'Stina', proposedAt: '2026-03-03T09:00:00Z', approvedAt: '2026-03-04T09:00:00Z', dueAt: '2026-03-20T00:00:00Z' },
      { groupId: ytterbyId, title: 'Fler vuxna på stan', owner: 'Filip', proposedAt: '2026-02-20T09:00:00Z', approvedAt: '2026-02-21T09:00:00Z', doneAt: '2026-03-06T09:00:00Z', dueAt: '2026-03-10T00:00:00Z' },
      { groupId: karebyId, title: 'Hembesök hos Omar', caseId: 'K-2026-015', owner: 'Olle', proposedAt: '2026-02-10T09:00:00Z', approvedAt: '2026-02-11T09:00:00Z', dueAt: '2026-03-01T00:00:00Z' },
      { groupId: karebyId, title: 'Kvällsvandring', owner: 'Olle', proposedAt: '2026-03-07T09:00:00Z', dueAt: '2026-04-01T00:00:00Z' }
    ],
    meetings: [
      { groupId: ytterbyId, title: 'SSPF Ytterby om Kalle Andersson', startsAt: '2026-03-03T13:00:00Z' },
      { groupId: ytterbyId, title: 'Uppföljning', startsAt: '2026-03-17T13:00:00Z' },
      { groupId: karebyId, title: 'Nätverksmöte Omar Haddad', startsAt: '2026-03-12T13:00:00Z' }
    ],
    consents: [
      { groupId: ytterbyId, caseId: 'K-2026-014', youngPerson: 'Lisa Berg', personnummer: '20100101-2386', validUntil: '2026-03-30T00:00:00Z' },
      { groupId: karebyId, caseId: 'K-2026-015', youngPerson: 'Omar Haddad', personnummer: '201001012386', validUntil: '2026-09-01T00:00:00Z' }
    ],
    promises: [
      { groupId: ytterbyId, number: 2, title: 'Fler vuxna på stan', actionsTotal: 4, actionsDone: 1 },
      { groupId: karebyId, number: 1, title: 'Trygg skolväg för Lisa Berg', actionsTotal: 3, actionsDone: 3 }
    ]
  };
}

const DAY = 24 * 3600_000;

/**
 * Summary sources over the seed, aggregating as the real features' sources will: only the scope's
 * groups, only the week, counts and the latest trend per area and category.
 */
export function seededSources(data: SeedData): SummarySource[] {
  const mine = <T extends { groupId: string }>(rows: T[], scope: SummaryScope) => rows.filter((r) => scope.groupIds.includes(r.groupId));
  const updates: SummarySource<'updates'> = {
    section: 'updates',
    async read(scope) {
      const rows = new Map<string, { area: string; category: SummaryCategory; count: number; trend: Trend; at: string }>();
      for (const u of mine(data.updates, scope).filter((u) => inWeek(scope.week, u.createdAt))) {
        const key = `${u.area}|${u.category}`;
        const prev = rows.get(key);
        const latest = !prev || u.createdAt > prev.at;
        rows.set(key, { area: u.area, category: u.category, count: (prev?.count ?? 0) + 1, trend: latest ? u.trend : prev.trend, at: latest ? u.createdAt : prev.at });
      }
      return { kind: 'updates', rows: [...rows.values()].map(({ area, category, count, trend }) => ({ area, category, count, trend })) };
    }
  };
  const actions: SummarySource<'actions'> = {
    section: 'actions',
    async read(scope) {
      const rows = mine(data.actions, scope);
      return {
        kind: 'actions',
        proposed: rows.filter((a) => inWeek(scope.week, a.proposedAt)).length,
        approved: rows.filter((a) => a.approvedAt && inWeek(scope.week, a.approvedAt)).length,
        done: rows.filter((a) => a.doneAt && inWeek(scope.week, a.doneAt)).length,
        overdue: rows.filter((a) => a.approvedAt && !a.doneAt && Date.parse(a.dueAt) < Date.parse(scope.week.end)).length
      };
    }
  };
  const meetings: SummarySource<'meetings'> = {
    section: 'meetings',
    async read(scope) {
      const rows = mine(data.meetings, scope);
      return {
        kind: 'meetings',
        held: rows.filter((m) => inWeek(scope.week, m.startsAt)).length,
        upcoming: rows.filter((m) => Date.parse(m.startsAt) >= Date.parse(scope.week.end)).length
      };
    }
  };
  const consents: SummarySource<'consents'> = {
    section: 'consents',
    async read(scope) {
      const now = scope.now.getTime();
      const rows = mine(data.consents, scope).filter((c) => Date.parse(c.validUntil) > now && Date.parse(c.validUntil) <= now + 30 * DAY);
      return { kind: 'consents', expiringWithin30Days: rows.length };
    }
  };
  const promises: SummarySource<'promises'> = {
    section: 'promises',
    async read(scope) {
      return { kind: 'promises', items: mine(data.promises, scope).map((p) => ({ number: p.number, actionsTotal: p.actionsTotal, actionsDone: p.actionsDone })) };
    }
  };
  return [updates, actions, meetings, consents, promises] as unknown as SummarySource[];
}
