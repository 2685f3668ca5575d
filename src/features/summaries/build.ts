import type { IsoWeek } from './iso-week';
import { SECTION_ORDER, sectionSchema, type SectionFigures, type SummarySection, type WeeklySummary } from './model';
import { normalizeText } from '../../i18n';
import { containsPersonalData } from '../../privacy/pii-guard';

/** Raw figures read from the sources, not yet trusted. */
export interface SummaryInput {
  /** What each source returned, by source (section) name. */
  sections: Array<{ source: string; figures: unknown }>;
  /** The registered areas of the rolled-up groups: the only area labels the card may show. */
  allowedAreas: readonly string[];
  /** A steering group's roll-up hides counts below this (small-number suppression); absent: exact counts. */
  smallNumberThreshold?: number;
  /** When a change is notable in the opening sentences. */
  notable?: { min: number; percent: number };
}

/** A pseudonym such as `K-2026-014`: never in a title the summary shows. */
const PSEUDONYM = /\b[\p{L}]{1,4}-\d{4}-\d{1,5}\b/u;

/** Six digits or more in a row (with an optional separator): a number that may be an identity number even with a wrong check digit. */
const LONG_NUMBER = /\d{6}[-+ ]?\d{4}|\d{6,}/;

/** Whether a title may be shown: no personal identity number (or anything like one), phone, e-mail or pseudonym. */
export function isShowableTitle(title: string): boolean {
  return !containsPersonalData(title) && !PSEUDONYM.test(title) && !LONG_NUMBER.test(title);
}

type Problem = { problems: string[] };
type Areas = Map<string, string>;

/** Rows named by area: every area must be registered; shown as registered; rows split by spelling merged. */
function registeredRows<R extends { area: string; category: string }>(rows: readonly R[], allowed: Areas, merge: (a: R, b: R) => R): R[] | Problem {
  const unknown = rows.filter((r) => !allowed.has(normalizeText(r.area)));
  if (unknown.length > 0) return { problems: [`rows.area: ${unknown.length} label(s) not a registered area`] };
  const merged = new Map<string, R>();
  for (const r of rows) {
    const area = allowed.get(normalizeText(r.area))!;
    const key = `${area}\u0000${r.category}`;
    const prev = merged.get(key);
    merged.set(key, prev ? merge(prev, { ...r, area }) : { ...r, area });
  }
  return [...merged.values()].sort((a, b) => a.area.localeCompare(b.area, 'sv') || a.category.localeCompare(b.category));
}

/** Drops titles the PII guard refuses: an action item goes, a promise keeps its number, a meeting its counts. */
function guardTitles(section: SummarySection): SummarySection {
  switch (section.kind) {
    case 'actions':
      return section.items ? { ...section, items: section.items.filter((i) => isShowableTitle(i.title)) } : section;
    case 'meetings':
      return section.next && !isShowableTitle(section.next.title) ? { kind: 'meetings', held: section.held, upcoming: section.upcoming } : section;
    case 'promises':
      return {
        kind: 'promises',
        items: [...section.items]
          .sort((a, b) => a.number - b.number)
          .map((p) => (p.title !== undefined && !isShowableTitle(p.title) ? { number: p.number, actionsTotal: p.actionsTotal, actionsDone: p.actionsDone } : p))
      };
    default:
      return section;
  }
}

/** Area checks of the sections that name areas; a problem refuses the whole section. */
function checkAreas(section: SummarySection, allowed: Areas): SummarySection | Problem {
  if (section.kind === 'updates') {
    const rows = registeredRows(section.rows, allowed, (a, b) => ({ ...a, count: a.count + b.count }));
    return Array.isArray(rows) ? { kind: 'updates', rows } : rows;
  }
  if (section.kind === 'trends') {
    if (section.rows.some((r) => r.counts.length !== section.weeks.length)) return { problems: ['rows.counts: not one count per week'] };
    const rows = registeredRows(section.rows, allowed, (a, b) => ({ ...a, counts: a.counts.map((n, i) => n + b.counts[i]) }));
    return Array.isArray(rows) ? ({ kind: 'trends', weeks: section.weeks, rows } satisfies SectionFigures<'trends'>) : rows;
  }
  if (section.kind === 'actions' && section.items?.some((i) => i.area !== undefined && !allowed.has(normalizeText(i.area)))) {
    return { ...section, items: section.items.filter((i) => i.area === undefined || allowed.has(normalizeText(i.area))) };
  }
  return section;
}

/**
 * Builds the weekly summary from the sources' figures. Pure: validates every section against its
 * strict schema (counts, enums, registered area labels, titles through the PII guard), drops what does
 * not pass and says which source failed (without echoing its values), and orders the sections.
 */
export function buildWeeklySummary(input: SummaryInput, week: IsoWeek): WeeklySummary {
  const allowed: Areas = new Map(input.allowedAreas.map((a) => [normalizeText(a), a]));
  const sections: SummarySection[] = [];
  const rejected: WeeklySummary['rejected'] = [];
  const seen = new Set<string>();
  for (const { source, figures } of input.sections) {
    const parsed = sectionSchema.safeParse(figures);
    if (!parsed.success) {
      rejected.push({ source, problems: parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.code}`) });
      continue;
    }
    if (parsed.data.kind !== source || seen.has(parsed.data.kind)) {
      rejected.push({ source, problems: [`kind: expected ${source} once`] });
      continue;
    }
    const checked = checkAreas(parsed.data, allowed);
    if ('problems' in checked) {
      rejected.push({ source, problems: checked.problems });
      continue;
    }
    seen.add(checked.kind);
    sections.push(guardTitles(checked));
  }
  sections.sort((a, b) => SECTION_ORDER.indexOf(a.kind) - SECTION_ORDER.indexOf(b.kind));
  const rules = { ...(input.smallNumberThreshold !== undefined && { smallNumberThreshold: input.smallNumberThreshold }), ...(input.notable && { notable: input.notable }) };
  return { week, sections, rejected, ...rules };
}
