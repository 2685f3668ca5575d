import type { Logger } from 'pino';
import type { Lang } from '../../i18n';
import type { FeatureContext } from '../feature';
import type { AgendaSection, Meeting } from './model';

/**
 * One part of a meeting's agenda that another feature provides: open actions due before the meeting,
 * situation updates since the last meeting, cases due for follow-up. Items are posted to the group's
 * channel, so a source must return no personal data (cases by pseudonym only).
 */
export interface AgendaSource {
  /** Stable id, for logs. */
  id: string;
  /** The section heading in the group's language. */
  title(lang: Lang): string;
  /**
   * The points of this section for a group's meeting. `from` is the start of the group's previous
   * meeting (or 30 days before this one), `to` the start of this meeting.
   */
  items(groupId: string, from: Date, to: Date, lang: Lang): Promise<string[]>;
}

/** Builds a source from what features share; wired in `src/features/index.ts`. */
export type AgendaSourceFactory = (ctx: FeatureContext) => AgendaSource;

/**
 * The agenda of a meeting: the proposer's notes first, then every source's section in order. A failing
 * source is left out (and logged) rather than blocking the confirmation or the reminder.
 */
export async function buildAgenda(
  meeting: Pick<Meeting, 'groupId' | 'agendaNotes'>,
  sources: readonly AgendaSource[],
  window: { from: Date; to: Date },
  lang: Lang,
  notesTitle: string,
  logger: Logger
): Promise<AgendaSection[]> {
  const sections: AgendaSection[] = [];
  const notes = meeting.agendaNotes
    .split(/\r?\n/)
    .map((l) => l.replace(/^\s*[-*•]\s*/, '').trim())
    .filter(Boolean);
  if (notes.length > 0) sections.push({ title: notesTitle, items: notes });
  for (const source of sources) {
    try {
      const items = await source.items(meeting.groupId, window.from, window.to, lang);
      if (items.length > 0) sections.push({ title: source.title(lang), items: items.slice(0, 20) });
    } catch (err) {
      logger.warn({ source: source.id, groupId: meeting.groupId, err: (err as Error).message }, 'agenda source failed; section left out');
    }
  }
  return sections;
}
