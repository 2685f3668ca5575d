import { renderCard, type AdaptiveCard } from '../../cards/render';
import type { Lang } from '../../i18n';
import { helpTexts } from '../../i18n/common';

/** The tasks the help card is grouped by, in the order shown. */
export const HELP_SECTIONS = ['lagesbild', 'insatser', 'moten', 'arenden', 'grupp'] as const;
export type HelpSection = (typeof HELP_SECTIONS)[number];

/** A command as the help card lists it. */
export interface HelpCommand {
  id: string;
  usage: string;
  description: string;
}

/** A button that opens a form: an `Action.Execute` whose verb posts the same form the command posts. */
export interface HelpButton {
  section: HelpSection;
  verb: string;
  title: string;
  /** Marked "(samordnare)": the server refuses everyone else exactly as the command does. */
  coordinatorOnly: boolean;
  /** The group a personal-chat button is for; empty in a group's conversation (the conversation decides). */
  groupId?: string;
}

/** A person's group and roles, listed in personal chat. */
export interface HelpGroupLine {
  name: string;
  roles: string;
}

/** Which task a command belongs to, by its feature's id prefix; anything else is about the group. */
export function sectionOf(commandId: string): HelpSection {
  const feature = commandId.split('.')[0];
  if (feature === 'updates' || feature === 'summaries' || commandId === 'ask.picture') return 'lagesbild';
  if (feature === 'actions' || feature === 'promises') return 'insatser';
  if (feature === 'meetings') return 'moten';
  if (feature === 'cases') return 'arenden';
  return 'grupp';
}

/**
 * The help card's data: commands grouped by task, each task with its form buttons (coordinator-only
 * ones marked), and in personal chat the person's groups and roles. Pure: the caller decides the buttons.
 */
export function helpCardData(lang: Lang, commands: readonly HelpCommand[], buttons: readonly HelpButton[], groups?: readonly HelpGroupLine[]) {
  const t = helpTexts(lang);
  const sections = HELP_SECTIONS.map((section) => ({
    title: t[section],
    commands: commands.filter((c) => sectionOf(c.id) === section).map((c) => ({ usage: c.usage, description: c.description })),
    buttons: buttons
      .filter((b) => b.section === section)
      .map((b) => ({ title: b.coordinatorOnly ? t.coordinatorMark(b.title) : b.title, verb: b.verb, groupId: b.groupId ?? '' }))
  })).filter((s) => s.commands.length > 0 || s.buttons.length > 0);
  const groupLines = groups === undefined ? [] : groups.length === 0 ? [{ line: t.noGroups }] : groups.map((g) => ({ line: t.groupLine(g.name, g.roles) }));
  return { title: t.title, intro: t.intro, footer: t.footer, groupsTitle: t.groupsTitle, groups: groupLines, sections };
}

/** The rendered help card. */
export function helpCardOf(lang: Lang, commands: readonly HelpCommand[], buttons: readonly HelpButton[], groups?: readonly HelpGroupLine[]): AdaptiveCard {
  return renderCard('help', helpCardData(lang, commands, buttons, groups), lang);
}
