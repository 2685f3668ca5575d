import type { CommandCatalog, CommandInput, Turn } from '../../bot/port';
import type { AdaptiveCard } from '../../cards/render';
import type { Lang } from '../../i18n';
import { labelTexts } from '../../i18n/groups';
import { defineFeature, type FeatureContext, type Repositories } from '../feature';
import type { Group } from '../groups/model';
import type { AccessSource } from '../shared/guards';
import { helpCardOf, type HelpCommand } from './card';
import { conversationButtons, personalButtons } from './forms';

/** What the help feature needs: every command, the turn's group, and in personal chat the person's groups. */
export interface HelpDeps {
  commands: CommandCatalog;
  access: AccessSource;
  repos: Pick<Repositories, 'groups' | 'members'>;
}

/** Every listed command in the reader's language, with the usage shown. */
export function helpCommands(catalog: CommandCatalog, lang: Lang): HelpCommand[] {
  return catalog
    .list()
    .filter((c) => c.listed !== false)
    .map((c) => ({ id: c.id, usage: c.usage?.[lang] ?? c.aliases[lang][0] ?? c.aliases.sv[0], description: c.help[lang] }));
}

/** The help card grouped by task, without buttons (for answers that are not about one conversation). */
export function helpCard(catalog: CommandCatalog, lang: Lang): AdaptiveCard {
  return helpCardOf(lang, helpCommands(catalog, lang), []);
}

/** The person's groups and roles, and which of them they coordinate. */
async function groupsOf(deps: HelpDeps, aadObjectId: string | undefined) {
  if (!aadObjectId) return [];
  const memberships = await deps.repos.members.membershipsOf(aadObjectId);
  const found = await Promise.all(memberships.map(async (m) => ({ member: m, group: await deps.repos.groups.get(m.groupId) })));
  return found
    .filter((f): f is typeof f & { group: Group } => !!f.group)
    .sort((a, b) => a.group.name.localeCompare(b.group.name, 'sv'));
}

/**
 * `hjälp` / `help`: in a group's conversation the same card for everyone (buttons by the group's
 * registration state, coordinator-only ones marked); in personal chat the person's groups and roles,
 * with a button per group where a form needs one.
 */
export async function showHelp(deps: HelpDeps, turn: Turn, input: CommandInput): Promise<void> {
  const lang = input.lang;
  const commands = helpCommands(deps.commands, lang);
  if (turn.where.kind !== 'personal') {
    const access = await deps.access.resolve(turn);
    return void (await turn.replyCard(helpCardOf(lang, commands, conversationButtons(lang, !!access.group))));
  }
  const labels = labelTexts(lang) as Record<string, string>;
  const groups = await groupsOf(deps, turn.actor.aadObjectId);
  const lines = groups.map(({ group, member }) => ({ name: group.name, roles: [member.agency, ...member.roles].map((k) => labels[k] ?? k).join(', ') }));
  const buttons = personalButtons(lang, groups.map(({ group, member }) => ({ id: group.id, name: group.name, coordinator: member.roles.includes('samordnare') })));
  await turn.replyCard(helpCardOf(lang, commands, buttons, lines));
}

/** Help: the card of every command, grouped by task, with buttons that open the forms. */
export const helpFeature = defineFeature({
  name: 'help',
  setup: (ctx: FeatureContext): HelpDeps => ({ commands: ctx.commands, access: ctx.access, repos: ctx.repos }),
  commands: [
    {
      id: 'help',
      aliases: { sv: ['hjälp', '?'], en: ['help', '?'] },
      help: { sv: 'Visa vad jag kan.', en: 'Show what I can do.' },
      handler: showHelp
    }
  ]
});
