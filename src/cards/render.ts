import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ACData from 'adaptivecards-templating';
import { REPO_ROOT } from '../paths';

/** A rendered Adaptive Card (schema 1.5, the highest Teams renders). */
export type AdaptiveCard = Record<string, unknown> & { type: 'AdaptiveCard' };

/** Where the JSON templates live: `cards/` at the repository root. */
export const CARDS_DIR = join(REPO_ROOT, 'cards');

const cache = new Map<string, ACData.Template>();

function template(name: string): ACData.Template {
  let t = cache.get(name);
  if (!t) {
    t = new ACData.Template(JSON.parse(readFileSync(join(CARDS_DIR, `${name}.json`), 'utf8')));
    cache.set(name, t);
  }
  return t;
}

/**
 * Renders `cards/<name>.json` with the typed model `data` (bound as `$root`). The one place cards are
 * rendered; every card model passes through here.
 */
export function renderCard<T extends object>(name: string, data: T): AdaptiveCard {
  return template(name).expand({ $root: data }) as AdaptiveCard;
}
