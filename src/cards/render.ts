import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ACData from 'adaptivecards-templating';
import LRUCache from 'lru-cache';
import { deepFreeze } from '../deep-freeze';
import type { Lang } from '../i18n';
import { CARD_LANG_KEY } from '../i18n/answer-language';
import { REPO_ROOT } from '../paths';
import type { TemplateData, TemplateName } from './templates';

export type { TemplateData, TemplateName } from './templates';

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
 * Renders `cards/<name>.json` with its typed model `data` (bound as `$root`; the type is the template's
 * zod schema in `src/cards/schemas/<name>.ts`, held against the template's bindings by a test). The one
 * place cards are rendered; every card model passes through here. With `lang`, every `Action.Execute` carries the
 * card's language in its data, so a button is answered in the language the card shows, whatever the
 * presser's client locale. (Not the card's own `lang` property: the Adaptive Cards JS SDK validates it
 * with a global regular expression whose state makes every second card fail validation.)
 */
export function renderCard<K extends TemplateName>(name: K, data: TemplateData[K], lang?: Lang): AdaptiveCard {
  if (!MEMOISED.has(name)) return expand(name, data, lang);
  const key = `${name}\u0000${lang ?? ''}\u0000${JSON.stringify(data)}`;
  let card = rendered.get(key);
  if (!card) rendered.set(key, (card = deepFreeze(expand(name, data, lang))));
  return card;
}

function expand(name: TemplateName, data: unknown, lang: Lang | undefined): AdaptiveCard {
  const card = template(name).expand({ $root: data }) as AdaptiveCard;
  return lang ? stampLang(card, lang) : card;
}

/**
 * The cards of the read turns (`lägesbild`, `insatser`, `försenade`, `mina insatser`, `medlemmar`,
 * `hjälp`): expanding a template is most of such a turn's own work, and in a meeting many members ask
 * for the same card. A card is a pure function of its template, data and language, so the same model
 * gets the same card, rendered once. Case cards are never kept: no case detail stays in memory past its
 * turn.
 */
export const MEMOISED: ReadonlySet<TemplateName> = new Set<TemplateName>(['situation-picture', 'action-list', 'members', 'help']);

/**
 * At most 256 cards, and at most a million characters of models: a few MB. A larger model is rendered
 * every time. A kept card is shared by every turn that shows it: deeply frozen, so no caller can change
 * another's card.
 */
const rendered = new LRUCache<string, AdaptiveCard>({ max: 256, maxSize: 1_000_000, maxEntrySize: 100_000, sizeCalculation: (_card, key) => key.length });

/** Adds the card's language to the data of every `Action.Execute` (buttons and `refresh`). */
function stampLang(card: AdaptiveCard, lang: Lang): AdaptiveCard {
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const obj = node as Record<string, unknown>;
    // Only object data can carry a key; a string payload (none of our templates has one) stays as it is.
    if (obj.type === 'Action.Execute' && (obj.data === undefined || (obj.data && typeof obj.data === 'object' && !Array.isArray(obj.data)))) {
      obj.data = { ...(obj.data as Record<string, unknown> | undefined), [CARD_LANG_KEY]: lang };
    }
    Object.values(obj).forEach(visit);
  };
  visit(card);
  return card;
}
