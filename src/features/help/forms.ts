import type { Lang } from '../../i18n';
import { helpTexts } from '../../i18n/common';
import { GROUP_VERBS } from '../groups/cards';
import { HELP_FORM_VERBS } from '../shared/help-button';
import type { HelpButton, HelpSection } from './card';

/**
 * A form the help card opens with a button. Each verb is answered by the owning feature with the same
 * use case as its command: it posts the same form, or refuses exactly as the command does.
 * `registered`/`unregistered`: shown in a group's conversation by its registration state (the same card
 * for everyone there). `perGroup`: shown in personal chat, once per group where the person holds `role`.
 */
export interface HelpForm {
  section: HelpSection;
  verb: string;
  title: (lang: Lang, groupName: string) => string;
  coordinatorOnly: boolean;
  shown: 'registered' | 'unregistered' | { perGroup: 'coordinator' | 'member' };
}

/** The forms the help card opens, by task. Other features add theirs here once their verb is registered. */
export const HELP_FORMS: readonly HelpForm[] = [
  { section: 'lagesbild', verb: HELP_FORM_VERBS.newUpdate, title: (lang) => helpTexts(lang).openNewUpdate, coordinatorOnly: false, shown: 'registered' },
  { section: 'insatser', verb: HELP_FORM_VERBS.newAction, title: (lang) => helpTexts(lang).openNewAction, coordinatorOnly: false, shown: 'registered' },
  { section: 'moten', verb: HELP_FORM_VERBS.newMeeting, title: (lang) => helpTexts(lang).openNewMeeting, coordinatorOnly: true, shown: 'registered' },
  { section: 'arenden', verb: HELP_FORM_VERBS.newCase, title: (lang) => helpTexts(lang).openNewCase, coordinatorOnly: false, shown: 'registered' },
  { section: 'grupp', verb: GROUP_VERBS.openRegistration, title: (lang) => helpTexts(lang).openRegistration, coordinatorOnly: false, shown: 'unregistered' },
  { section: 'grupp', verb: GROUP_VERBS.openRegistration, title: (lang) => helpTexts(lang).openSettings, coordinatorOnly: true, shown: 'registered' },
  { section: 'grupp', verb: GROUP_VERBS.openMembers, title: (lang) => helpTexts(lang).openMembers, coordinatorOnly: true, shown: 'registered' },
  { section: 'grupp', verb: GROUP_VERBS.openLog, title: (lang, group) => helpTexts(lang).openLog(group), coordinatorOnly: true, shown: { perGroup: 'coordinator' } }
];

/** The buttons of a group's conversation: the same for everyone there, coordinator-only ones marked. */
export function conversationButtons(lang: Lang, registered: boolean, forms: readonly HelpForm[] = HELP_FORMS): HelpButton[] {
  return forms
    .filter((f) => f.shown === (registered ? 'registered' : 'unregistered'))
    .map((f) => ({ section: f.section, verb: f.verb, title: f.title(lang, ''), coordinatorOnly: f.coordinatorOnly }));
}

/** The buttons of personal chat: one per group where a form needs a group and the person holds the role. */
export function personalButtons(
  lang: Lang, groups: ReadonlyArray<{ id: string; name: string; coordinator: boolean }>, forms: readonly HelpForm[] = HELP_FORMS
): HelpButton[] {
  return forms.flatMap((f) => {
    if (typeof f.shown !== 'object') return [];
    const role = f.shown.perGroup;
    return groups
      .filter((g) => role === 'member' || g.coordinator)
      .map((g) => ({ section: f.section, verb: f.verb, title: f.title(lang, g.name), coordinatorOnly: false, groupId: g.id }));
  });
}
