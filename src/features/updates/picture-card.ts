import { renderCard, type AdaptiveCard } from '../../cards/render';
import type { Lang } from '../../i18n';
import { askTexts } from '../../i18n/ask';
import { labelTexts } from '../../i18n/groups';
import { pictureTexts, updateLabels } from '../../i18n/updates';
import type { AreaPicture, CategoryPicture, SituationPicture } from './picture';

const ARROWS = { okande: '↑', oforandrad: '→', minskande: '↓' } as const;

function signed(n: number): string {
  return n > 0 ? `+${n}` : n < 0 ? `−${-n}` : '±0';
}

/**
 * One category: the number of reports against the previous period ("4 rapporter, förra perioden 0"),
 * kept apart from the trend the reporters judged ("bedömd trend: ökande, 3 av 4 rapporter"), so an
 * "unchanged" judgement is never read as an unchanged number of reports.
 */
function categoryRow(lang: Lang, c: CategoryPicture) {
  const t = pictureTexts(lang);
  const labels = updateLabels(lang);
  const judged = c.trend ? `${ARROWS[c.trend]} ${t.judged(labels[c.trend].toLowerCase(), c.trends[c.trend], c.count)}` : t.noJudged;
  return { label: labels[c.category], counts: `${t.counts(c.count, c.previousCount)} (${signed(c.change)})`, judged };
}

function block(lang: Lang, heading: string, area: AreaPicture) {
  return {
    heading,
    empty: area.count === 0 && area.categories.length === 0 ? askTexts(lang).noUpdates : '',
    rows: area.categories.map((c) => categoryRow(lang, c))
  };
}

/** The weekly points of the period as a `Chart.VerticalBar`, its FactSet fallback and the key figures as text. */
function weeklyChart(lang: Lang, picture: SituationPicture) {
  const t = pictureTexts(lang);
  const all = picture.total ?? picture.areas[0];
  const bars = picture.weeks.map((w) => ({ x: t.weekLabel(w.week), y: w.count }));
  return {
    show: picture.weeks.length > 1,
    keyFigures: t.keyFigures(all?.count ?? 0, all?.previousCount ?? 0),
    chartTitle: t.chartTitle,
    xAxisTitle: t.xAxis,
    yAxisTitle: t.yAxis,
    bars,
    table: bars.map((b) => ({ title: b.x, value: t.reports(b.y) }))
  };
}

/**
 * The situation picture card. `withText` adds the latest updates' texts: only for answers in personal
 * chat, never for cards posted to a group.
 */
export function pictureCard(lang: Lang, picture: SituationPicture, place: string, withText: boolean): AdaptiveCard {
  const t = askTexts(lang);
  const labels = updateLabels(lang);
  const agencies = labelTexts(lang);
  const municipalities = new Set(picture.areas.map((a) => a.area.municipalityKey));
  const name = (a: AreaPicture['area']) => (municipalities.size > 1 ? `${a.area} (${a.municipality})` : a.area);
  const blocks = [
    ...(picture.total ? [block(lang, t.total, picture.total)] : []),
    ...picture.areas.map((a) => block(lang, name(a.area), a))
  ];
  const areaName = new Map(picture.areas.map((a) => [`${a.area.municipalityKey}|${a.area.areaKey}`, name(a.area)]));
  return renderCard('situation-picture', {
    title: t.pictureTitle(place),
    subtitle: t.period(picture.current.from, picture.current.to, picture.previous.from, picture.previous.to),
    chart: weeklyChart(lang, picture),
    blocks,
    latestTitle: picture.latest.length > 0 ? t.latestTitle : '',
    latest: picture.latest.map((u) => ({
      line:
        [u.observedOn, areaName.get(`${u.municipalityKey}|${u.areaKey}`) ?? u.area, labels[u.category], `${ARROWS[u.trend]} ${labels[u.trend]}`, agencies[u.agency]].join(' · ') +
        (withText && u.text ? ` — ${u.text}` : '')
    })),
    footer: t.footer(picture.areas[0]?.area.area ?? '')
  }, lang);
}
