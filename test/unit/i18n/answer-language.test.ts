import { cardActionLang, cardLangSchema, commandLang } from '../../../src/i18n/answer-language';

describe('commandLang: the words decide, then the group, then the client', () => {
  it.each([
    // alias, group, client → language, reason
    ['sv', undefined, 'en', 'sv', 'alias'],
    ['en', undefined, 'sv', 'en', 'alias'],
    ['en', 'sv', 'sv', 'en', 'alias'],
    ['sv', 'en', 'en', 'sv', 'alias'],
    [undefined, 'sv', 'en', 'sv', 'group'],
    [undefined, 'en', 'sv', 'en', 'group'],
    [undefined, undefined, 'en', 'en', 'client'],
    [undefined, undefined, 'sv', 'sv', 'client']
  ] as const)('alias %s, group %s, client %s → %s (%s)', (aliasLang, groupLang, clientLang, lang, reason) => {
    expect(commandLang({ aliasLang, groupLang, clientLang })).toEqual({ lang, reason });
  });
});

describe('cardActionLang', () => {
  it('follows the card, and the client for cards rendered before cards carried their language', () => {
    expect(cardActionLang('en', 'sv')).toEqual({ lang: 'en', reason: 'card' });
    expect(cardActionLang('sv', 'en')).toEqual({ lang: 'sv', reason: 'card' });
    expect(cardActionLang(undefined, 'en')).toEqual({ lang: 'en', reason: 'cardWithoutLang' });
  });

  it('accepts only the languages Trygg speaks', () => {
    expect(cardLangSchema.safeParse('sv').success).toBe(true);
    expect(cardLangSchema.safeParse(undefined).success).toBe(true);
    for (const bad of ['de', 'SV', 'sv-SE', '', null, 1, ['sv'], { sv: 1 }]) expect(cardLangSchema.safeParse(bad).success).toBe(false);
  });
});
