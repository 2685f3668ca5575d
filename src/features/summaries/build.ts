import type { IsoWeek } from './iso-week';
import { SECTION_ORDER, sectionSchema, type SummarySection, type WeeklySummary } from './model';
import { normalizeText } from '../../i18n';

/** Raw figures read from the sources, not yet trusted. */
export interface SummaryInput {
  /** What each source returned, by source (section) name. */
  sections: Array<{ source: string; figures: unknown }>;
  /** The registered areas of the rolled-up groups: the only area labels the card may show. */
  allowedAreas: readonly string[];
}

/**
 * Builds the weekly summary from the sources' figures. Pure: validates every section against its
 * strict schema (counts, enums, registered area labels), drops what does not pass and says which
 * source failed (without echoing its values), and orders the sections.
 */
export function buildWeeklySummary(input: SummaryInput, week: IsoWeek): WeeklySummary {
  const allowed = new Map(input.allowedAreas.map((a) => [normalizeText(a), a]));
  const sections: SummarySection[] = [];
  const rejected: WeeklySummary['rejected'] = [];
  const seen = new Set<string>();
  for (const { source, figures } of input.sections) {
    const parsed = sectionSchema.safeParse(figures);
    if (!parsed.success) {
      rejected.push({ source, problems: parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.code}`) });
      continue;
    }
    let section = parsed.data;
    if (section.kind !== source || seen.has(section.kind)) {
      rejected.push({ source, problems: [`kind: expected ${source} once`] });
      continue;
    }
    if (section.kind === 'updates') {
      const unknown = section.rows.filter((r) => !allowed.has(normalizeText(r.area)));
      if (unknown.length > 0) {
        rejected.push({ source, problems: [`rows.area: ${unknown.length} label(s) not a registered area`] });
        continue;
      }
      // Show the area as registered, merge rows the source split by spelling, and sort for a stable card.
      const merged = new Map<string, (typeof section.rows)[number]>();
      for (const r of section.rows) {
        const area = allowed.get(normalizeText(r.area))!;
        const key = `${area}\u0000${r.category}`;
        const prev = merged.get(key);
        merged.set(key, prev ? { ...prev, count: prev.count + r.count } : { ...r, area });
      }
      section = {
        kind: 'updates',
        rows: [...merged.values()].sort((a, b) => a.area.localeCompare(b.area, 'sv') || a.category.localeCompare(b.category))
      };
    }
    if (section.kind === 'promises') {
      section = { kind: 'promises', items: [...section.items].sort((a, b) => a.number - b.number) };
    }
    seen.add(section.kind);
    sections.push(section);
  }
  sections.sort((a, b) => SECTION_ORDER.indexOf(a.kind) - SECTION_ORDER.indexOf(b.kind));
  return { week, sections, rejected };
}
