import type { TurnContext } from 'botbuilder';
import { distance as editDistance } from 'fastest-levenshtein';
import { type Lang, normalizeText } from '../i18n';
import type { CommandInput } from './port';

export type { CommandInput } from './port';

export type CommandHandler = (context: TurnContext, input: CommandInput) => Promise<void>;

/** A chat command; aliases are matched case- and diacritic-insensitively, longest first. */
export interface Command {
  id: string;
  aliases: { sv: string[]; en: string[] };
  /** One line for the help card, per language. */
  help: { sv: string; en: string };
  /** Shown in the help card with this usage instead of the first alias. */
  usage?: { sv: string; en: string };
  /** Whether the help card lists it (false for aliases of another command's feature). */
  listed?: boolean;
  handler: CommandHandler;
}

/** A handler for messages no command matched; returns true when it answered. */
export type Fallback = (context: TurnContext, text: string, lang: Lang | undefined) => Promise<boolean>;

interface Alias {
  words: string;
  /** Undefined when the command has this alias in both languages: the words do not tell the language. */
  lang: Lang | undefined;
  command: Command;
}

/** A message matched to a command. */
export interface CommandMatch {
  command: Command;
  input: CommandInput;
  /** The language of the typed alias; undefined for an alias both languages share. */
  aliasLang: Lang | undefined;
}

/**
 * Routes chat messages to commands. Features register their commands; the router finds the longest
 * alias the message starts with, so "mina insatser" wins over "insatser".
 */
export class CommandRouter {
  private readonly commands: Command[] = [];
  private aliases: Alias[] = [];
  private readonly fallbacks: Fallback[] = [];

  register(command: Command): void {
    if (this.commands.some((c) => c.id === command.id)) throw new Error(`Command ${command.id} registered twice`);
    this.commands.push(command);
    for (const lang of ['sv', 'en'] as const) {
      for (const a of command.aliases[lang]) {
        const words = normalizeText(a);
        const clash = this.aliases.find((x) => x.words === words && x.command !== command);
        if (clash) throw new Error(`Alias "${a}" of ${command.id} is already used by ${clash.command.id}`);
        const same = this.aliases.find((x) => x.words === words && x.command === command);
        if (same) {
          if (same.lang !== lang) same.lang = undefined;
          continue;
        }
        this.aliases.push({ words, lang, command });
      }
    }
    this.aliases.sort((a, b) => b.words.length - a.words.length);
  }

  /** Adds a handler tried, in registration order, when no command matched. */
  fallback(handler: Fallback): void {
    this.fallbacks.push(handler);
  }

  /** Every registered command, for the help card and the app manifest. */
  list(): readonly Command[] {
    return this.commands;
  }

  /**
   * Finds the command a message starts with. `input.lang` is the alias's language; for an alias both
   * languages share it is Swedish until the caller decides (see `aliasLang`).
   */
  match(text: string): CommandMatch | undefined {
    const normalized = normalizeText(text);
    for (const alias of this.aliases) {
      if (normalized === alias.words || normalized.startsWith(alias.words + ' ')) {
        const args = dropWords(text.trim(), alias.words.split(' ').length);
        return {
          command: alias.command,
          aliasLang: alias.lang,
          input: { lang: alias.lang ?? 'sv', alias: alias.words, args, normalizedArgs: normalizeText(args), text: text.trim() }
        };
      }
    }
    return undefined;
  }

  /** Runs fallbacks in order; false when none answered. */
  async runFallbacks(context: TurnContext, text: string, lang: Lang | undefined): Promise<boolean> {
    for (const f of this.fallbacks) {
      if (await f(context, text, lang)) return true;
    }
    return false;
  }

  /** The alias closest to what the user typed, for "did you mean …?"; undefined when nothing is close. */
  suggest(text: string): { alias: string; lang: Lang | undefined } | undefined {
    const first = normalizeText(text).split(' ').slice(0, 2).join(' ');
    if (!first) return undefined;
    let best: { alias: string; lang: Lang | undefined; distance: number } | undefined;
    for (const a of this.aliases) {
      for (const candidate of [a.words, a.words.split(' ')[0]]) {
        const probe = first.split(' ').slice(0, candidate.split(' ').length).join(' ');
        const d = editDistance(probe, candidate);
        if (d <= Math.max(1, Math.floor(candidate.length / 4)) && (!best || d < best.distance)) {
          best = { alias: a.words, lang: a.lang, distance: d };
        }
      }
    }
    return best && { alias: best.alias, lang: best.lang };
  }
}

function dropWords(text: string, count: number): string {
  const parts = text.split(/\s+/);
  return parts.slice(count).join(' ').trim();
}
