import type { Lang } from '../../i18n';
import { labelTexts } from '../../i18n/groups';
import { updateLabels } from '../../i18n/updates';
import type { AreaPicture, SituationPicture } from '../updates/picture';

/** One category as the language model sees it: a label and figures. */
export interface ModelCategoryView {
  category: string;
  updates: number;
  previousUpdates: number;
  change: number;
  /** The trend most updates reported; absent without updates this period. */
  trend?: string;
}

export interface ModelAreaView {
  area: string;
  municipality: string;
  updates: number;
  previousUpdates: number;
  categories: ModelCategoryView[];
}

/**
 * What the language model is told about a situation picture: aggregated figures and labels only.
 * Built field by field (never by spreading domain objects) so update texts, authors, ids and who
 * withdrew what cannot reach the model, even when the domain types grow.
 */
export interface ModelPictureView {
  place: string;
  period: { from: string; to: string };
  previousPeriod: { from: string; to: string };
  areas: ModelAreaView[];
  /** Every area together, when there is more than one. */
  total?: Omit<ModelAreaView, 'area' | 'municipality'>;
}

/** One recent update as the model sees it: when, where, what kind, which agency; never its text or author. */
export interface ModelLatestView {
  observedOn: string;
  area: string;
  category: string;
  trend: string;
  agency: string;
}

function categoriesOf(area: AreaPicture, lang: Lang): ModelCategoryView[] {
  const labels = updateLabels(lang);
  return area.categories.map((c) => ({
    category: labels[c.category],
    updates: c.count,
    previousUpdates: c.previousCount,
    change: c.change,
    ...(c.trend ? { trend: labels[c.trend] } : {})
  }));
}

/** The aggregated picture for the model, with labels in the reply language. Pure. */
export function pictureForModel(picture: SituationPicture, place: string, lang: Lang): ModelPictureView {
  return {
    place,
    period: { from: picture.current.from, to: picture.current.to },
    previousPeriod: { from: picture.previous.from, to: picture.previous.to },
    areas: picture.areas.map((a) => ({
      area: a.area.area,
      municipality: a.area.municipality,
      updates: a.count,
      previousUpdates: a.previousCount,
      categories: categoriesOf(a, lang)
    })),
    ...(picture.total
      ? { total: { updates: picture.total.count, previousUpdates: picture.total.previousCount, categories: categoriesOf(picture.total, lang) } }
      : {})
  };
}

/** The newest updates of a picture for the model: labels and dates only. Pure. */
export function latestForModel(picture: SituationPicture, lang: Lang): ModelLatestView[] {
  const labels = updateLabels(lang);
  const agencies = labelTexts(lang);
  const areaName = new Map(picture.areas.map((a) => [`${a.area.municipalityKey}|${a.area.areaKey}`, a.area.area]));
  return picture.latest.map((u) => ({
    observedOn: u.observedOn,
    area: areaName.get(`${u.municipalityKey}|${u.areaKey}`) ?? u.area,
    category: labels[u.category],
    trend: labels[u.trend],
    agency: agencies[u.agency]
  }));
}
