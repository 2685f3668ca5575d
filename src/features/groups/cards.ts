import { renderCard, type AdaptiveCard } from '../../cards/render';
import type { Lang } from '../../i18n';
import { groupTexts, labelTexts } from '../../i18n/groups';
import { AGENCIES, ROLES, type Group, type Member } from './model';

/** Card verbs of this feature, shared by the card models and the handlers. */
export const GROUP_VERBS = {
  register: 'groups.register',
  setMember: 'groups.setMember',
  removeMember: 'groups.removeMember',
  /** Help card buttons: post the same form or answer the command posts. */
  openRegistration: 'groups.openRegistration',
  openMembers: 'groups.openMembers',
  openLog: 'groups.openLog'
} as const;

function choices<K extends string>(keys: readonly K[], lang: Lang) {
  const labels = labelTexts(lang) as Record<string, string>;
  return keys.map((value) => ({ value, title: labels[value] }));
}

/** Agency and roles in words: "Socialtjänst, Samordnare". */
export function membershipText(lang: Lang, member: Pick<Member, 'agency' | 'roles'>): string {
  const labels = labelTexts(lang) as Record<string, string>;
  return `${labels[member.agency] ?? member.agency}, ${member.roles.map((r) => labels[r] ?? r).join(', ')}`;
}

/** The registration form, or (`update`) the settings form of a registered group, with the draft and an error. */
export function registrationCard(lang: Lang, values: Record<string, unknown>, error: string, update: boolean): AdaptiveCard {
  const t = groupTexts(lang);
  return renderCard('group-register', {
    t: {
      title: update ? t.updateTitle : t.registerTitle, intro: update ? t.updateIntro : t.registerIntro, kind: t.kind, kindSspf: t.kindSspf, kindStyrgrupp: t.kindStyrgrupp,
      name: t.name, municipality: t.municipality, areas: t.areas, areasHint: t.areasHint, language: t.language, agency: t.agency, submit: update ? t.save : t.submit, required: t.required
    },
    values: {
      kind: String(values.kind ?? 'sspf'),
      name: String(values.name ?? ''),
      municipality: String(values.municipality ?? ''),
      areas: Array.isArray(values.areas) ? values.areas.join(', ') : String(values.areas ?? ''),
      language: String(values.language ?? lang),
      agency: String(values.agency ?? '')
    },
    error,
    // The registrant's own agency is chosen only at first registration; a settings card has no such field.
    showAgency: !update,
    agencies: choices(AGENCIES, lang),
    verb: GROUP_VERBS.register
  }, lang);
}

/** The registered (or saved) group's settings. */
export function registeredCard(lang: Lang, group: Group, coordinator: string, updated: boolean): AdaptiveCard {
  const t = groupTexts(lang);
  return renderCard('group-registered', {
    t: {
      title: updated ? t.updatedTitle : t.registeredTitle, name: t.name, kind: t.kind, municipality: t.municipality, areas: t.areas, coordinator: t.coordinator, next: t.registeredNext
    },
    group,
    kindLabel: group.kind === 'sspf' ? t.kindSspfShort : t.kindStyrgruppShort,
    areasText: group.areas.join(', '),
    coordinator
  }, lang);
}

/** The roster, with the change form for coordinators, and a status line after a change or refusal. */
export function membersCard(lang: Lang, group: Group, members: readonly Member[], canEdit: boolean, status = '', ok = true): AdaptiveCard {
  const t = groupTexts(lang);
  const labels = labelTexts(lang);
  return renderCard('members', {
    t: {
      title: t.membersTitle(group.name), empty: t.membersEmpty, changeTitle: t.changeTitle, person: t.person, agency: t.agencyLabel, role: t.role, save: t.save, remove: t.remove, required: t.required
    },
    status,
    statusColor: ok ? 'Good' : 'Attention',
    members: members.map((m) => ({ name: m.name ?? m.aadObjectId, description: `${labels[m.agency]} · ${m.roles.map((r) => labels[r]).join(', ')}` })),
    canEdit,
    agencies: choices(AGENCIES, lang),
    roles: choices(ROLES, lang),
    saveVerb: GROUP_VERBS.setMember,
    removeVerb: GROUP_VERBS.removeMember
  }, lang);
}
