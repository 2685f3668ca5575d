import { z } from 'zod';
import { LANGS, type Lang } from './index';

/**
 * Which language a turn answers its user in. Pure: handed what the turn knows, it decides. The words
 * decide first, because a Teams client's locale need not be the language its user types (and the
 * Agents Playground always sends en-US).
 */
export type AnswerLangReason =
  /** The typed alias exists in one language only (`hjälp`, `help`). */
  | 'alias'
  /** The alias is the same in both languages (`observation`) and the conversation is a registered group. */
  | 'group'
  /** The alias is the same in both languages outside a registered group: the client's locale. */
  | 'client'
  /** A card button: the language the card was rendered in, carried in its data. */
  | 'card'
  /** A card button on a card rendered before cards carried their language: the client's locale. */
  | 'cardWithoutLang';

export interface AnswerLang {
  lang: Lang;
  reason: AnswerLangReason;
}

/** What decides a typed command's language. */
export interface CommandLangInput {
  /** The language of the typed alias; undefined for an alias both languages share. */
  aliasLang: Lang | undefined;
  /** The registered group's language, when the message came from a registered group's conversation. */
  groupLang: Lang | undefined;
  /** The language of the person's client locale. */
  clientLang: Lang;
}

/** The language a typed command is answered in. */
export function commandLang(input: CommandLangInput): AnswerLang {
  if (input.aliasLang) return { lang: input.aliasLang, reason: 'alias' };
  if (input.groupLang) return { lang: input.groupLang, reason: 'group' };
  return { lang: input.clientLang, reason: 'client' };
}

/** The language a card button is answered in: the card's own, else (older cards) the client's locale. */
export function cardActionLang(cardLang: Lang | undefined, clientLang: Lang): AnswerLang {
  return cardLang ? { lang: cardLang, reason: 'card' } : { lang: clientLang, reason: 'cardWithoutLang' };
}

/** The key under which a rendered card's `Action.Execute` data carries the card's language. */
export const CARD_LANG_KEY = 'lang';

/** The card language in an `Action.Execute` payload: absent on older cards; anything else is bad data. */
export const cardLangSchema = z.enum(LANGS as [Lang, ...Lang[]]).optional();
