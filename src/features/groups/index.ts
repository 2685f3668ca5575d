import { z } from 'zod';
import { verb } from '../../bot/port';
import { defineFeature } from '../feature';
import { GROUP_VERBS } from './cards';
import { groupsSetup, type GroupsDeps } from './deps';
import { mountAccessLogExport, readGroupLog, readGroupLogFromHelp } from './group-log';
import {
  editMembers, editMembersFromHelp, listMembers, onConversationEvent, openRegistration, openRegistrationFromHelp, removeMember, setMember, submitRegistration
} from './handlers';
import { declineLink, linkGroup, listLinks, unlinkGroup } from './links';
import { memberChangeSchema, memberRemovalSchema } from './model';

export { GROUP_VERBS } from './cards';

/** Raw card data: validated field by field in the service so the user gets the form back with the draft. */
const rawForm = z.record(z.unknown());
/** A help card button: the group it is for in personal chat (empty in a group's own conversation). */
const helpButton = z.object({ groupId: z.string().max(300).default('') });

/** Registration of teams and group chats, membership and roles, steering-group links, the group log, roster events. */
export const groupsFeature = defineFeature<GroupsDeps>({
  name: 'groups',
  setup: groupsSetup,
  commands: [
    {
      id: 'groups.register', aliases: { sv: ['registrera'], en: ['register'] }, handler: openRegistration,
      help: { sv: 'Registrera teamet eller gruppchatten (SSPF-grupp eller styrgrupp).', en: 'Register the team or group chat (SSPF group or steering group).' }
    },
    {
      id: 'groups.members', aliases: { sv: ['medlemmar'], en: ['members'] }, handler: listMembers,
      help: { sv: 'Visa gruppens medlemmar, verksamheter och roller.', en: "Show the group's members, agencies and roles." }
    },
    {
      id: 'groups.member', aliases: { sv: ['medlem', 'roll', 'roller'], en: ['member', 'role', 'roles'] }, handler: editMembers,
      help: { sv: 'Samordnare: lägg till medlemmar och ge dem verksamhet och roll.', en: 'Coordinators: add members and set their agency and role.' }
    },
    {
      id: 'groups.log', aliases: { sv: ['grupplogg'], en: ['group log', 'grouplog'] }, handler: readGroupLog,
      help: {
        sv: 'Samordnare: se gruppens logg (medlemmar, roller, kopplingar) och exportera åtkomstloggen, i personlig chatt.',
        en: "Coordinators: see the group's log (members, roles, links) and export the access log, in personal chat."
      },
      usage: { sv: 'grupplogg [export ÅÅÅÅ-MM-DD ÅÅÅÅ-MM-DD] [grupp]', en: 'group log [export YYYY-MM-DD YYYY-MM-DD] [group]' }
    },
    {
      id: 'groups.link', aliases: { sv: ['koppla'], en: ['link'] }, handler: linkGroup,
      help: {
        sv: 'Samordnare i en SSPF-grupp: koppla gruppen till en styrgrupp, som då ser antal och trender (aldrig texter).',
        en: 'Coordinators of an SSPF group: link the group to a steering group, which then sees counts and trends (never texts).'
      },
      usage: { sv: 'koppla <styrgrupp>', en: 'link <steering group>' }
    },
    {
      id: 'groups.unlink', aliases: { sv: ['koppla bort', 'koppla från'], en: ['unlink'] }, handler: unlinkGroup,
      help: { sv: 'Samordnare i en SSPF-grupp: ta bort gruppens koppling till en styrgrupp.', en: "Coordinators of an SSPF group: remove the group's link to a steering group." },
      usage: { sv: 'koppla bort <styrgrupp>', en: 'unlink <steering group>' }
    },
    {
      id: 'groups.declineLink', aliases: { sv: ['avböj'], en: ['decline'] }, handler: declineLink,
      help: { sv: 'Samordnare i en styrgrupp: avböj en SSPF-grupps koppling.', en: "Coordinators of a steering group: decline an SSPF group's link." },
      usage: { sv: 'avböj <SSPF-grupp>', en: 'decline <SSPF group>' }
    },
    {
      id: 'groups.links', aliases: { sv: ['kopplingar'], en: ['links'] }, handler: listLinks,
      help: { sv: 'Visa gruppens kopplingar mellan SSPF-grupper och styrgrupper.', en: "Show the group's links between SSPF groups and steering groups." }
    }
  ],
  verbs: [
    verb(GROUP_VERBS.register, rawForm, submitRegistration),
    verb(GROUP_VERBS.setMember, memberChangeSchema, setMember),
    verb(GROUP_VERBS.removeMember, memberRemovalSchema, removeMember),
    verb(GROUP_VERBS.openRegistration, helpButton, openRegistrationFromHelp),
    verb(GROUP_VERBS.openMembers, helpButton, editMembersFromHelp),
    verb(GROUP_VERBS.openLog, helpButton, readGroupLogFromHelp)
  ],
  events: [{ handler: onConversationEvent }],
  http: [mountAccessLogExport]
});
