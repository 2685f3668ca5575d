/** The languages users can get answers in. Swedish is the default everywhere. */
export type Lang = 'sv' | 'en';

export const LANGS: readonly Lang[] = ['sv', 'en'];

/**
 * A table of user-facing texts in both languages. English must have exactly the Swedish keys and
 * signatures, so a text cannot be added in one language only.
 */
export function defineTexts<T extends Record<string, string | ((...args: never[]) => string)>>(texts: {
  sv: T;
  en: { [K in keyof T]: T[K] };
}): (lang: Lang) => T {
  return (lang) => texts[lang];
}

/** Picks the reply language from the user's Teams locale (`en-*` → English). */
export function langFromLocale(locale: string | undefined): Lang {
  return locale && /^en(-|$)/i.test(locale) ? 'en' : 'sv';
}

/** Lower case without diacritics and with single spaces, so "Hjälp", "HJALP" and "hjälp" match. */
export function normalizeText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}
