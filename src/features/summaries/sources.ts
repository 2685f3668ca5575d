import type { SectionFigures, SectionKind, SummaryScope } from './model';

/**
 * Where one section of the weekly summary comes from. A feature whose data the summary reports
 * (updates, actions, meetings, cases, promises) registers one source for its section; a section
 * without a source is simply absent from the card. `read` should use partition-scoped queries over
 * `scope.groupIds` and return counts only; the result is validated against the section's strict schema.
 */
export interface SummarySource<K extends SectionKind = SectionKind> {
  /** The section this source fills; one source per section. */
  section: K;
  read(scope: SummaryScope): Promise<SectionFigures<K>>;
}

/** The summary sources of one app instance (not module state: each createApp has its own). */
export class SummarySourceRegistry {
  private readonly sources = new Map<SectionKind, SummarySource>();

  /** Adds the source of a section; registering a second source for the same section is a bug. */
  register<K extends SectionKind>(source: SummarySource<K>): void {
    if (this.sources.has(source.section)) throw new Error(`A summary source for ${source.section} is already registered`);
    this.sources.set(source.section, source as unknown as SummarySource);
  }

  /** Puts `source` in place of the section's registered source (tests seed figures this way). */
  replace<K extends SectionKind>(source: SummarySource<K>): void {
    this.sources.set(source.section, source as unknown as SummarySource);
  }

  list(): SummarySource[] {
    return [...this.sources.values()];
  }
}
