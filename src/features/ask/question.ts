import { normalizeText } from '../../i18n';
import type { AreaRef } from '../updates/picture';
import { DEFAULT_PERIOD, parsePeriod, type PeriodSpec } from './period';

/** Which areas a picture question is about. */
export type PlaceQuery =
  | { kind: 'all' }
  | { kind: 'areas'; areas: AreaRef[] }
  /** A place the asker named that is none of the areas they may see. */
  | { kind: 'unknown'; text: string };

export interface PictureQuestion {
  period: PeriodSpec;
  /** Whether the asker named a period (otherwise the default). */
  periodGiven: boolean;
  place: PlaceQuery;
}

const INTENT = /\b(lage|laget|lagesbild\w*|lagesrapport\w*|situation\w*|picture|uppdateringar|updates)\b|hur ser det ut|how are things/;

/** Whether free text asks for the situation picture ("hur ser läget ut i Kallinge?", "situation in Kallinge"). */
export function isPictureQuestion(text: string): boolean {
  return INTENT.test(words(text));
}

const FILLER = new Set(
  (
    'hur ser det laget lage ut i in for om pa at the what whats is how situation situationen lagesbild lagesbilden ' +
    'like just nu now visa show me mig var vad ar are things picture of over och and kan du can you tell beratta ' +
    'a hela kommunen kommun alla allt all areas omraden omradet omrade area municipality whole everything please tack ' +
    'garna latest senaste nyaste uppdateringar updates lagesrapporter lagesrapport rapporter ge give get oss us our ' +
    'var vart vara whole entire there dar gick gar going on its it s'
  ).split(' ')
);
const PREPOSITION = /(?:^| )(?:i|in|for|pa|at|om) ([a-z0-9][a-z0-9-]*(?: [a-z0-9][a-z0-9-]*)?)/;

/** Normalised text with punctuation turned into spaces. */
function words(text: string): string {
  return normalizeText(text.replace(/[?!.,;:()"'’`]/g, ' '));
}

function findWhole(haystack: string, needle: string): number {
  const re = new RegExp(`(?:^| )${needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?= |$)`);
  const m = re.exec(haystack);
  return m ? m.index : -1;
}

/**
 * Reads a picture question against the areas the asker may see. Area and municipality names match
 * regardless of case and diacritics; a municipality name means all its areas. In `command` mode
 * (`lägesbild Kallinge 30 dagar`) any leftover word is taken as a place; in `free` mode only a word
 * after a preposition is ("läget i Narnia"), so a chatty question still gets the whole picture.
 */
export function parsePictureQuestion(text: string, visible: readonly AreaRef[], mode: 'command' | 'free'): PictureQuestion {
  const { period, rest } = parsePeriod(words(text));
  let remaining = ` ${rest} `;
  const found: AreaRef[] = [];
  const names: Array<{ key: string; areas: AreaRef[] }> = [];
  for (const a of visible) names.push({ key: a.areaKey, areas: [a] });
  for (const key of new Set(visible.map((a) => a.municipalityKey))) {
    if (!visible.some((a) => a.areaKey === key)) names.push({ key, areas: visible.filter((a) => a.municipalityKey === key) });
  }
  names.sort((a, b) => b.key.length - a.key.length);
  for (const n of names) {
    if (!n.key) continue;
    if (findWhole(remaining.trim(), n.key) >= 0) {
      for (const a of n.areas) if (!found.includes(a)) found.push(a);
      remaining = remaining.replace(` ${n.key} `, ' ');
    }
  }
  const base = { period: period ?? DEFAULT_PERIOD, periodGiven: !!period };
  if (found.length > 0) return { ...base, place: { kind: 'areas', areas: found } };
  const leftover = rest.split(' ').filter((w) => w && !FILLER.has(w));
  if (mode === 'command' && leftover.length > 0) return { ...base, place: { kind: 'unknown', text: leftover.join(' ') } };
  const named = PREPOSITION.exec(rest)?.[1]?.split(' ').filter((w) => !FILLER.has(w));
  if (mode === 'free' && named && named.length > 0) return { ...base, place: { kind: 'unknown', text: named.join(' ') } };
  return { ...base, place: { kind: 'all' } };
}
