import { DateTime } from 'luxon';
import type { GroupAuditEntry, MembershipState } from '../../audit/group-audit-repository';
import type { Lang } from '../../i18n';
import { STOCKHOLM } from '../../time-zone';
import { groupLogTexts, labelTexts } from '../../i18n/groups';
import type { LogPage } from './group-log-service';

/** `2026-03-10 10:00` in Swedish local time: short enough for a 344 px phone line. */
export function logTime(at: string): string {
  const time = DateTime.fromISO(at, { zone: 'utc' }).setZone(STOCKHOLM);
  return time.isValid ? time.toFormat('yyyy-MM-dd HH:mm') : at;
}

/**
 * One readable line per entry, in the reader's language: when, who (marked when acting as
 * administrator), what, and for a refusal why. Agencies, roles and setting names in words, never codes.
 */
export function describeEntry(lang: Lang, page: Pick<LogPage, 'names' | 'others'>, e: GroupAuditEntry): string {
  const t = groupLogTexts(lang);
  const labels = labelTexts(lang) as Record<string, string>;
  const state = (m?: MembershipState) => (m ? `${labels[m.agency] ?? m.agency}, ${m.roles.map((r) => labels[r] ?? r).join(', ')}` : '');
  const who = `${e.actorName ?? page.names.get(e.actorAadObjectId) ?? e.actorAadObjectId}${e.actingAs === 'admin' ? ` (${t.asAdmin})` : ''}`;
  const target = e.targetAadObjectId ? e.targetName ?? page.names.get(e.targetAadObjectId) ?? e.targetAadObjectId : '';
  const other = e.linkedGroupId ? page.others.get(e.linkedGroupId) ?? e.linkedGroupId : '';
  const changed = t.settingNames((e.changed ?? []).join(','));
  const what = t.action(e.action, target, state(e.from), state(e.to), other, [...new Set(changed.split(', ').filter(Boolean))].join(', '));
  return `- ${logTime(e.at)} · ${who} · ${what}${e.decision === 'refused' ? ` · ${t.refusedBecause(e.reason)}` : ''}`;
}

/** The `grupplogg` answer: a title, the latest entries oldest first, and how to export the rest. */
export function describeLog(lang: Lang, page: LogPage): string {
  const t = groupLogTexts(lang);
  if (page.entries.length === 0) return `${t.empty(page.group.name)}\n\n${t.exportHint}`;
  const lines = page.entries.map((e) => describeEntry(lang, page, e)).join('\n');
  return `${t.title(page.group.name, page.entries.length, page.total)}\n\n${lines}\n\n${t.exportHint}`;
}
