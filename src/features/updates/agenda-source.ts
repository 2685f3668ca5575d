import { DateTime } from 'luxon';
import { defineTexts } from '../../i18n';
import type { AgendaSourceFactory } from '../meetings/agenda';
import { dominantTrendOfRows, type PictureRow } from './picture';
import { UpdateRepository } from './update-repository';
import type { Category, Trend } from './model';
import { STOCKHOLM } from '../../time-zone';

const texts = defineTexts({
  sv: {
    title: 'Lägesbild sedan förra mötet',
    item: (area: string, category: string, n: number, trend: string) => `${area} · ${category}: ${n} ${n === 1 ? 'rapport' : 'rapporter'}, ${trend}`,
    narkotika: 'narkotika', vald: 'våld', skadegorelse: 'skadegörelse', rekrytering: 'rekrytering', otrygg_plats: 'otrygg plats',
    skolfranvaro: 'skolfrånvaro', alkohol: 'alkohol', annat: 'annat', okande: 'ökande', oforandrad: 'oförändrad', minskande: 'minskande'
  },
  en: {
    title: 'Situation since the last meeting',
    item: (area: string, category: string, n: number, trend: string) => `${area} · ${category}: ${n} ${n === 1 ? 'report' : 'reports'}, ${trend}`,
    narkotika: 'drugs', vald: 'violence', skadegorelse: 'vandalism', rekrytering: 'recruitment', otrygg_plats: 'unsafe place',
    skolfranvaro: 'school absence', alkohol: 'alcohol', annat: 'other', okande: 'rising', oforandrad: 'unchanged', minskande: 'falling'
  }
});

/**
 * Meeting agenda: situation updates observed since the last meeting, as counts and trend per area and
 * category, from the situation picture's month views (point reads). The agenda is posted to the channel,
 * so the updates' text stays out of it.
 */
export const updatesAgendaSource: AgendaSourceFactory = (ctx) => {
  const updates = new UpdateRepository(ctx.store);
  return {
    id: 'updates',
    title: (lang) => texts(lang).title,
    async items(groupId, from, to, lang) {
      const zone = STOCKHOLM;
      const { rows } = await updates.pictureRows(groupId, { from: DateTime.fromJSDate(from, { zone }).toISODate()!, to: DateTime.fromJSDate(to, { zone }).toISODate()! });
      const cells = new Map<string, PictureRow[]>();
      for (const r of rows) {
        const key = `${r.area}\u0000${r.category}`;
        cells.set(key, [...(cells.get(key) ?? []), r]);
      }
      const t = texts(lang);
      return [...cells.entries()]
        .sort(([a], [b]) => a.localeCompare(b, 'sv'))
        .map(([key, group]) => {
          const [area, category] = key.split('\u0000') as [string, Category];
          const trend: Trend = dominantTrendOfRows(group).trend ?? 'oforandrad';
          return t.item(area, t[category], group.reduce((n, r) => n + r.count, 0), t[trend]);
        });
    }
  };
};
