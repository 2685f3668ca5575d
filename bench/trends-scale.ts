/**
 * The weekly summary's trend series at scale: 100 000 situation updates over 20 SSPF groups and the
 * last 12 weeks on the embedded store, read the way a steering group's summary reads them (the
 * `trends` and `updates` sources, one partition query per group each), then built and rendered as the
 * card (suppression, sentences, chart). Target: under 2 s. Run: `npx ts-node --transpile-only bench/trends-scale.ts`.
 */
import pino from 'pino';
import { buildWeeklySummary } from '../src/features/summaries/build';
import { weeklySummaryCard } from '../src/features/summaries/card';
import { isoWeekOf } from '../src/features/summaries/iso-week';
import type { SummaryScope } from '../src/features/summaries/model';
import { trendsSummarySource } from '../src/features/summaries/series';
import type { Category, SituationUpdate } from '../src/features/updates/model';
import { updatesSummarySource } from '../src/features/updates/summary-source';
import { UpdateRepository } from '../src/features/updates/update-repository';
import { updatesWeeklySeries } from '../src/features/updates/weekly-series';
import { openStore } from '../src/store/store';

const GROUPS = 20;
const RECORDS = 100_000;
const CATEGORIES: Category[] = ['narkotika', 'vald', 'skadegorelse', 'rekrytering', 'otrygg_plats', 'skolfranvaro'];
const AREAS = ['Ytterby', 'Kareby', 'Marstrand', 'Centrum'];

export async function trendsAtScale(): Promise<{ records: number; seedSeconds: number; readMs: number; buildMs: number; totalMs: number; requests: Record<string, number> }> {
  const store = await openStore({ cosmos: { database: 'trends-scale' }, embedded: { snapshotMs: 60_000 }, logger: pino({ level: 'silent' }) });
  const now = new Date('2026-03-09T07:00:00Z');
  const groupIds = Array.from({ length: GROUPS }, (_, g) => `team:19:g${g}@thread.tacv2`);
  try {
    const started = Date.now();
    let next = 0;
    const make = (i: number): SituationUpdate => {
      const day = new Date(now.getTime() - (i % 84) * 86400000).toISOString();
      return {
        id: `u-${i}`, groupId: groupIds[i % GROUPS], municipalityKey: 'kungalv', area: AREAS[i % AREAS.length], areaKey: AREAS[i % AREAS.length].toLowerCase(),
        category: CATEGORIES[i % CATEGORIES.length], trend: 'okande', level: 'generell', observedOn: day.slice(0, 10), text: 'Mall för skalningstest', agency: 'polis',
        authorAad: 'a', status: 'active', history: [], createdAt: day, updatedAt: day
      };
    };
    // Few writers at a time: the embedded server is one process, and a loaded machine times requests out.
    await Promise.all(Array.from({ length: 8 }, async () => {
      while (next < RECORDS) {
        const i = next++;
        for (let attempt = 0; ; attempt++) {
          try {
            await store.container('updates').items.create(make(i));
            break;
          } catch (err) {
            if (attempt >= 3 || (err as { code?: number }).code === 409) break;
          }
        }
      }
    }));
    const seedSeconds = Math.round((Date.now() - started) / 100) / 10;
    const repo = new UpdateRepository(store);
    const week = isoWeekOf(new Date(now.getTime() - 7 * 86400000), 'Europe/Stockholm');
    const scope: SummaryScope = {
      recipientId: 'sg', groupIds: ['sg', ...groupIds],
      groups: [{ id: 'sg', kind: 'styrgrupp', areas: ['Kungälv'] }, ...groupIds.map((id) => ({ id, kind: 'sspf' as const, areas: AREAS }))], week, now
    };
    const before = store.requestCounts!();
    const t0 = process.hrtime.bigint();
    const sources = [updatesSummarySource(repo), trendsSummarySource(updatesWeeklySeries(repo))];
    const sections = await Promise.all(sources.map(async (s) => ({ source: s.section, figures: await s.read(scope) })));
    const t1 = process.hrtime.bigint();
    const summary = buildWeeklySummary({ sections, allowedAreas: scope.groups.flatMap((g) => g.areas), smallNumberThreshold: 3 }, week);
    weeklySummaryCard(summary, 'sv', 'Trygg i Kungälv');
    const t2 = process.hrtime.bigint();
    const after = store.requestCounts!();
    const requests = Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v - before[k as keyof typeof before]]));
    const ms = (a: bigint, b: bigint) => Math.round(Number(b - a) / 1e6);
    return { records: RECORDS, seedSeconds, readMs: ms(t0, t1), buildMs: ms(t1, t2), totalMs: ms(t0, t2), requests };
  } finally {
    await store.close();
  }
}

if (require.main === module) {
  trendsAtScale().then((r) => console.log(JSON.stringify(r)), (err) => {
    console.error(err);
    process.exitCode = 1;
  });
}
