import type { AuditEntry } from '../privacy/audit';
import type { GroupAuditEntry } from './group-audit-repository';

const MEMBERSHIP_ACTIONS: ReadonlySet<GroupAuditEntry['action']> = new Set(['register', 'memberSet', 'memberRemoved', 'memberLeft']);

/**
 * The agency and role changes of the people who saw a case's details, within the period the case
 * log covers (its first to its last entry): a reveal then reads against the viewer's agency at the
 * time. Pure: given the case's log and the owning group's log.
 */
export function viewerChangesDuring(caseEntries: readonly AuditEntry[], groupEntries: readonly GroupAuditEntry[]): GroupAuditEntry[] {
  const reveals = caseEntries.filter((e) => e.decision === 'reveal');
  if (reveals.length === 0) return [];
  const viewers = new Set(reveals.map((e) => e.actorAadObjectId));
  const times = caseEntries.map((e) => e.at).sort();
  const from = times[0];
  const to = times[times.length - 1];
  return groupEntries.filter(
    (e) => e.decision === 'allowed' && MEMBERSHIP_ACTIONS.has(e.action) && !!e.targetAadObjectId && viewers.has(e.targetAadObjectId) && e.at >= from && e.at <= to
  );
}

/** The changes as chat lines for the case log (personal chat only), in the reader's language. */
export function viewerChangesText(
  texts: { viewerChangesTitle: (pseudonym: string) => string; viewerChange: (when: string, who: string, from: string, to: string, by: string) => string },
  labels: Readonly<Record<string, string>>,
  pseudonym: string,
  changes: readonly GroupAuditEntry[]
): string {
  const state = (m?: { agency: string; roles: string[] }) => (m ? `${labels[m.agency] ?? m.agency}, ${m.roles.map((r) => labels[r] ?? r).join(', ')}` : '');
  const lines = changes.map((e) =>
    texts.viewerChange(`${e.at.slice(0, 10)} ${e.at.slice(11, 16)} UTC`, e.targetName ?? e.targetAadObjectId ?? '', state(e.from), state(e.to), e.actorName ?? e.actorAadObjectId)
  );
  return `${texts.viewerChangesTitle(pseudonym)}\n\n${lines.join('\n')}`;
}
