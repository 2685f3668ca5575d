import { cardMessage } from '../../bot/invoke';
import type { CommandRouter } from '../../bot/commands';
import { renderCard, type AdaptiveCard } from '../../cards/render';
import { defineTexts, type Lang } from '../../i18n';
import type { Feature } from '../feature';

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
export function helpCard(router: CommandRouter, lang: Lang): AdaptiveCard {
  const t = helpTexts(lang);
  const commands = router
    .list()
    .filter((c) => c.listed !== false)
    .map((c) => ({ usage: c.usage?.[lang] ?? c.aliases[lang][0] ?? c.aliases.sv[0], description: c.help[lang] }));
  return renderCard('help', { title: t.title, intro: t.intro, footer: t.footer, commands }, lang);
}

export const helpFeature: Feature = {
  name: 'help',
  register({ router }) {
    router.register({
      id: 'help',
      aliases: { sv: ['hjälp', '?'], en: ['help', '?'] },
      help: { sv: 'Visa vad jag kan.', en: 'Show what I can do.' },
      async handler(context, input) {
        await context.sendActivity(cardMessage(helpCard(router, input.lang)));
      }
    });
  }
};
