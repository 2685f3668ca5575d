import type { CommandCatalog, CommandInput, Turn } from '../../bot/port';
import { renderCard, type AdaptiveCard } from '../../cards/render';
import { defineTexts, type Lang } from '../../i18n';
import { defineFeature, type FeatureContext } from '../feature';

const helpTexts = defineTexts({
  sv: {
    title: 'Trygg – det här kan jag',
    intro: 'I en kanal eller gruppchatt skriver du **@Trygg** före kommandot. Stora och små bokstäver spelar ingen roll.',
    footer: 'Uppgifter om enskilda unga visas bara med giltigt samtycke och bara för behöriga. All åtkomst loggas.'
  },
  en: {
    title: 'Trygg – what I can do',
    intro: 'In a channel or group chat, type **@Trygg** before the command. Upper or lower case does not matter.',
    footer: 'Details about individual young people are shown only with a valid consent and only to those allowed. All access is logged.'
  }
});

/** The help card, built from every registered command so it grows with the features. */
export function helpCard(catalog: CommandCatalog, lang: Lang): AdaptiveCard {
  const t = helpTexts(lang);
  const commands = catalog
    .list()
    .filter((c) => c.listed !== false)
    .map((c) => ({ usage: c.usage?.[lang] ?? c.aliases[lang][0] ?? c.aliases.sv[0], description: c.help[lang] }));
  return renderCard('help', { title: t.title, intro: t.intro, footer: t.footer, commands }, lang);
}

/** What the help feature needs: the list of every command. */
export interface HelpDeps {
  commands: CommandCatalog;
}

/** `hjälp` / `help`: the help card, in the language of the words typed. */
export async function showHelp(deps: HelpDeps, turn: Turn, input: CommandInput): Promise<void> {
  await turn.replyCard(helpCard(deps.commands, input.lang));
}

/** Help: one command that lists every command. */
export const helpFeature = defineFeature({
  name: 'help',
  setup: (ctx: FeatureContext): HelpDeps => ({ commands: ctx.commands }),
  commands: [
    {
      id: 'help',
      aliases: { sv: ['hjälp', '?'], en: ['help', '?'] },
      help: { sv: 'Visa vad jag kan.', en: 'Show what I can do.' },
      handler: showHelp
    }
  ]
});
