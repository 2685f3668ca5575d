import { defineTexts } from './index';

/** Texts of the groups feature: registration, members, roles. */
export const groupTexts = defineTexts({
  sv: {
    registerTitle: 'Registrera gruppen i Trygg',
    registerIntro: 'Välj om det här är en SSPF-grupp eller en styrgrupp. Du som registrerar blir gruppens samordnare.',
    updateTitle: 'Ändra gruppens uppgifter',
    updateIntro: 'Du är samordnare och kan ändra uppgifterna. Din egen verksamhet ändrar en annan samordnare med **@Trygg medlem**.',
    kind: 'Typ av grupp',
    kindSspf: 'SSPF-grupp (skola, socialtjänst, polis, fritid)',
    kindStyrgrupp: 'Styrgrupp (kommun och polis)',
    kindSspfShort: 'SSPF-grupp',
    kindStyrgruppShort: 'Styrgrupp',
    name: 'Gruppens namn',
    municipality: 'Kommun',
    areas: 'Områden',
    areasHint: 'Till exempel: Ytterby, Kareby, Kungälv centrum',
    language: 'Språk för gruppens kort',
    agency: 'Din verksamhet',
    agencyLabel: 'Verksamhet',
    submit: 'Registrera',
    save: 'Spara',
    required: 'Fyll i fältet.',
    registeredTitle: 'Gruppen är registrerad',
    updatedTitle: 'Gruppens uppgifter är sparade',
    coordinator: 'Samordnare',
    registeredNext: 'Lägg till medlemmar med **@Trygg medlem**. Alla kan skriva **@Trygg hjälp**.',
    alreadyRegistered: (name: string) => `Gruppen är redan registrerad som **${name}**. Bara en samordnare kan ändra uppgifterna.`,
    invalidRegistration: (fields: string) => `Kontrollera: ${fields}.`,
    fieldNames: 'namn (2–80 tecken), kommun (2–80 tecken), minst ett område (2–60 tecken, högst 30), verksamhet',
    membersTitle: (group: string) => `Medlemmar i ${group}`,
    membersEmpty: 'Inga medlemmar är registrerade än.',
    changeTitle: 'Lägg till eller ändra en medlem',
    person: 'Person',
    role: 'Roll',
    remove: 'Ta bort ur gruppen',
    memberSaved: (name: string) => `${name} är sparad.`,
    memberRemoved: (name: string) => `${name} är borttagen ur gruppen.`,
    memberNotFound: 'Personen finns inte i teamet eller chatten. Lägg till personen i Teams först.',
    memberNotRegistered: 'Personen är inte medlem i gruppen.',
    lastCoordinator: 'Gruppen måste ha minst en samordnare. Utse en annan samordnare först.',
    welcome: 'Hej! Jag är Trygg. En samordnare registrerar gruppen med **@Trygg registrera**. Skriv **@Trygg hjälp** för att se vad jag kan.',
    welcomePersonal: 'Hej! Jag är Trygg. Skriv **hjälp** för att se vad jag kan.',
    ownMembership: 'Du kan inte ändra din egen verksamhet eller roll. Be en annan samordnare, eller en administratör.',
    updateNoAgency: 'Din egen verksamhet ändras inte här: en annan samordnare ändrar den med **@Trygg medlem**.',
    refused: (reason: string) =>
      ({
        unidentified: 'Jag kan inte se vem du är. Försök igen från Teams.',
        otherTenant: 'Det här går bara inom organisationen som äger gruppen.',
        guest: 'Gäster kan inte registrera grupper.',
        personalChatOnly: 'Loggen visas bara i personlig chatt med Trygg.',
        groupConversationOnly: 'Det här kommandot används i en teamkanal eller gruppchatt, inte i personlig chatt.',
        notRegistered: 'Gruppen är inte registrerad.',
        notCoordinator: 'Bara samordnare i gruppen kan göra det här.',
        ownMembership: 'Du kan inte ändra din egen verksamhet eller roll. Be en annan samordnare, eller en administratör.',
        lastCoordinator: 'Gruppen måste ha minst en samordnare. Utse en annan samordnare först.',
        notMember: 'Personen är inte medlem i gruppen.',
        invalidAgency: 'Välj en verksamhet i listan.',
        invalidRole: 'Välj en roll i listan.',
        notSspfGroup: 'Bara en SSPF-grupp kan kopplas till en styrgrupp.',
        notSteeringGroup: 'Välj en registrerad styrgrupp.',
        alreadyLinked: 'Gruppen är redan kopplad till den styrgruppen.',
        linkNotFound: 'Den kopplingen finns inte (längre).',
        hasCoordinator: 'Gruppen har redan en samordnare.',
        notAdmin: 'Bara en administratör kan göra det här.'
      })[reason] ?? 'Det där får du inte göra här. Ingenting ändrades.'
  },
  en: {
    registerTitle: 'Register the group in Trygg',
    registerIntro: 'Choose whether this is an SSPF group or a steering group. You become the group coordinator.',
    updateTitle: 'Change the group settings',
    updateIntro: 'You are a coordinator and can change the settings. Another coordinator changes your own agency with **@Trygg member**.',
    kind: 'Kind of group',
    kindSspf: 'SSPF group (school, social services, police, leisure)',
    kindStyrgrupp: 'Steering group (municipality and police)',
    kindSspfShort: 'SSPF group',
    kindStyrgruppShort: 'Steering group',
    name: 'Group name',
    municipality: 'Municipality',
    areas: 'Areas',
    areasHint: 'For example: Ytterby, Kareby, Kungälv centrum',
    language: 'Language of group cards',
    agency: 'Your agency',
    agencyLabel: 'Agency',
    submit: 'Register',
    save: 'Save',
    required: 'Please fill in.',
    registeredTitle: 'The group is registered',
    updatedTitle: 'The group settings are saved',
    coordinator: 'Coordinator',
    registeredNext: 'Add members with **@Trygg member**. Everyone can type **@Trygg help**.',
    alreadyRegistered: (name: string) => `The group is already registered as **${name}**. Only a coordinator can change it.`,
    invalidRegistration: (fields: string) => `Please check: ${fields}.`,
    fieldNames: 'name (2–80 characters), municipality (2–80 characters), at least one area (2–60 characters, at most 30), agency',
    membersTitle: (group: string) => `Members of ${group}`,
    membersEmpty: 'No members are registered yet.',
    changeTitle: 'Add or change a member',
    person: 'Person',
    role: 'Role',
    remove: 'Remove from the group',
    memberSaved: (name: string) => `${name} is saved.`,
    memberRemoved: (name: string) => `${name} was removed from the group.`,
    memberNotFound: 'That person is not in the team or chat. Add them in Teams first.',
    memberNotRegistered: 'That person is not a member of the group.',
    lastCoordinator: 'The group must keep at least one coordinator. Appoint another coordinator first.',
    welcome: 'Hello! I am Trygg. A coordinator registers the group with **@Trygg register**. Type **@Trygg help** to see what I can do.',
    welcomePersonal: 'Hello! I am Trygg. Type **help** to see what I can do.',
    ownMembership: 'You cannot change your own agency or role. Ask another coordinator, or an administrator.',
    updateNoAgency: 'Your own agency is not changed here: another coordinator changes it with **@Trygg member**.',
    refused: (reason: string) =>
      ({
        unidentified: 'I cannot tell who you are. Please try again from Teams.',
        otherTenant: 'This works only inside the organisation that owns the group.',
        guest: 'Guests cannot register groups.',
        personalChatOnly: 'The log is shown only in personal chat with Trygg.',
        groupConversationOnly: 'This command is used in a team channel or group chat, not in personal chat.',
        notRegistered: 'The group is not registered.',
        notCoordinator: 'Only coordinators of the group can do this.',
        ownMembership: 'You cannot change your own agency or role. Ask another coordinator, or an administrator.',
        lastCoordinator: 'The group must keep at least one coordinator. Appoint another coordinator first.',
        notMember: 'That person is not a member of the group.',
        invalidAgency: 'Choose an agency from the list.',
        invalidRole: 'Choose a role from the list.',
        notSspfGroup: 'Only an SSPF group can be linked to a steering group.',
        notSteeringGroup: 'Choose a registered steering group.',
        alreadyLinked: 'The group is already linked to that steering group.',
        linkNotFound: 'That link does not exist (any more).',
        hasCoordinator: 'The group already has a coordinator.',
        notAdmin: 'Only an administrator can do this.'
      })[reason] ?? 'You may not do that here. Nothing was changed.'
  }
});

/** Display names of agencies and roles, used on every card that shows them. */
export const labelTexts = defineTexts({
  sv: {
    skola: 'Skola',
    socialtjanst: 'Socialtjänst',
    polis: 'Polis',
    fritid: 'Fritid',
    annan: 'Annan',
    samordnare: 'Samordnare',
    medlem: 'Medlem'
  },
  en: {
    skola: 'School',
    socialtjanst: 'Social services',
    polis: 'Police',
    fritid: 'Leisure',
    annan: 'Other',
    samordnare: 'Coordinator',
    medlem: 'Member'
  }
});

/** Short readable refusal reasons for group log lines (the full sentences are `groupTexts().refused`). */
const denied: Record<'sv' | 'en', Record<string, string>> = {
  sv: {
    error: 'tekniskt fel', unidentified: 'okänd person', otherTenant: 'annan organisation', guest: 'gäst', personalChatOnly: 'bara i personlig chatt',
    groupConversationOnly: 'bara i gruppen', alreadyRegistered: 'redan registrerad', notRegistered: 'inte registrerad', notCoordinator: 'inte samordnare',
    ownMembership: 'egen roll', lastCoordinator: 'sista samordnaren', notMember: 'inte medlem', invalidAgency: 'okänd verksamhet', invalidRole: 'okänd roll',
    notSspfGroup: 'inte SSPF-grupp', notSteeringGroup: 'inte styrgrupp', alreadyLinked: 'redan kopplad', linkNotFound: 'ingen sådan koppling',
    hasCoordinator: 'har samordnare', notAdmin: 'inte administratör'
  },
  en: {
    error: 'technical error', unidentified: 'unknown person', otherTenant: 'other organisation', guest: 'guest', personalChatOnly: 'personal chat only',
    groupConversationOnly: 'in the group only', alreadyRegistered: 'already registered', notRegistered: 'not registered', notCoordinator: 'not a coordinator',
    ownMembership: 'own role', lastCoordinator: 'last coordinator', notMember: 'not a member', invalidAgency: 'unknown agency', invalidRole: 'unknown role',
    notSspfGroup: 'not an SSPF group', notSteeringGroup: 'not a steering group', alreadyLinked: 'already linked', linkNotFound: 'no such link',
    hasCoordinator: 'has a coordinator', notAdmin: 'not an administrator'
  }
};

/** The group settings a log line names when they changed. */
const settingLabels: Record<'sv' | 'en', Record<string, string>> = {
  sv: { kind: 'typ', name: 'namn', municipality: 'kommun', municipalityKey: 'kommun', areas: 'områden', language: 'språk' },
  en: { kind: 'kind', name: 'name', municipality: 'municipality', municipalityKey: 'municipality', areas: 'areas', language: 'language' }
};

/** Texts of the group log (`grupplogg`) and its export. */
export const groupLogTexts = defineTexts({
  sv: {
    personalOnly: 'Loggen visas bara i personlig chatt med Trygg.',
    noGroups: 'Du är inte samordnare i någon registrerad grupp.',
    chooseGroup: (names: string) => `Du är samordnare i flera grupper. Skriv **grupplogg** följt av gruppens namn: ${names}.`,
    badPeriod: 'Skriv perioden som två datum: **grupplogg export 2026-01-01 2026-03-31**.',
    title: (group: string, shown: number, total: number) => `**Grupplogg för ${group}** (${shown} senaste av ${total} händelser)`,
    empty: (group: string) => `Grupploggen för ${group} är tom.`,
    exportHint: 'Exportera hela åtkomstloggen (grupplogg och ärendeloggar) för en period med **grupplogg export ÅÅÅÅ-MM-DD ÅÅÅÅ-MM-DD**.',
    exportLink: (group: string, from: string, to: string, url: string) =>
      `Åtkomstloggen för ${group}, ${from} – ${to} (grupplogg och ärendeloggar, CSV): [ladda ner](${url}). Länken fungerar en gång och i 10 minuter.`,
    asAdmin: 'som administratör',
    viewerChangesTitle: (pseudonym: string) => `**Ändrade verksamheter och roller** för dem som såg detaljer i ${pseudonym}, under loggens period:`,
    viewerChange: (when: string, who: string, from: string, to: string, by: string) => `- ${when} · ${who}: ${from || '–'} → ${to || 'borttagen'} (av ${by})`,
    /** The reason code stays in brackets: it is the `reason` column of the CSV export, for the log review. */
    refusedBecause: (reason: string) => `nekades (${reason})${denied.sv[reason] ? `: ${denied.sv[reason]}` : ''}`,
    settingNames: (keys: string) => keys.split(',').map((k) => settingLabels.sv[k.trim()] ?? k.trim()).join(', '),
    action: (action: string, target: string, from: string, to: string, other: string, changed: string) =>
      ({
        register: `registrerade gruppen (${to})`,
        settings: `ändrade gruppens uppgifter${changed ? `: ${changed}` : ''}`,
        memberSet: from ? `ändrade ${target}: ${from} → ${to}` : `lade till ${target}: ${to}`,
        memberRemoved: `tog bort ${target}${from ? ` (${from})` : ''}`,
        memberLeft: `${target} lämnade teamet eller chatten${from ? ` (${from})` : ''}`,
        link: other ? `kopplade SSPF-gruppen till styrgruppen ${other}` : 'ville koppla gruppen till en styrgrupp',
        linkDeclined: `styrgruppen avböjde kopplingen till ${other}`,
        unlink: `tog bort kopplingen till ${other}`,
        log: 'läste grupploggen',
        export: 'exporterade åtkomstloggen'
      })[action] ?? action
  },
  en: {
    personalOnly: 'The log is shown only in personal chat with Trygg.',
    noGroups: 'You are not a coordinator of any registered group.',
    chooseGroup: (names: string) => `You coordinate several groups. Type **group log** followed by the group's name: ${names}.`,
    badPeriod: 'Give the period as two dates: **group log export 2026-01-01 2026-03-31**.',
    title: (group: string, shown: number, total: number) => `**Group log of ${group}** (latest ${shown} of ${total} events)`,
    empty: (group: string) => `The group log of ${group} is empty.`,
    exportHint: 'Export the whole access log (group log and case logs) for a period with **group log export YYYY-MM-DD YYYY-MM-DD**.',
    exportLink: (group: string, from: string, to: string, url: string) =>
      `The access log of ${group}, ${from} – ${to} (group log and case logs, CSV): [download](${url}). The link works once, for 10 minutes.`,
    asAdmin: 'as administrator',
    viewerChangesTitle: (pseudonym: string) => `**Changed agencies and roles** of those who saw details of ${pseudonym}, within the log's period:`,
    viewerChange: (when: string, who: string, from: string, to: string, by: string) => `- ${when} · ${who}: ${from || '–'} → ${to || 'removed'} (by ${by})`,
    refusedBecause: (reason: string) => `refused (${reason})${denied.en[reason] ? `: ${denied.en[reason]}` : ''}`,
    settingNames: (keys: string) => keys.split(',').map((k) => settingLabels.en[k.trim()] ?? k.trim()).join(', '),
    action: (action: string, target: string, from: string, to: string, other: string, changed: string) =>
      ({
        register: `registered the group (${to})`,
        settings: `changed the group settings${changed ? `: ${changed}` : ''}`,
        memberSet: from ? `changed ${target}: ${from} → ${to}` : `added ${target}: ${to}`,
        memberRemoved: `removed ${target}${from ? ` (${from})` : ''}`,
        memberLeft: `${target} left the team or chat${from ? ` (${from})` : ''}`,
        link: other ? `linked the SSPF group to the steering group ${other}` : 'asked to link the group to a steering group',
        linkDeclined: `the steering group declined the link to ${other}`,
        unlink: `removed the link to ${other}`,
        log: 'read the group log',
        export: 'exported the access log'
      })[action] ?? action
  }
});

/** Texts of steering-group links (`koppla`, `kopplingar`, `avböj`, `koppla bort`). */
export const linkTexts = defineTexts({
  sv: {
    chooseSteering: (names: string) =>
      names ? `Skriv **koppla** följt av styrgruppens namn. Registrerade styrgrupper: ${names}.` : 'Det finns ingen registrerad styrgrupp att koppla till än.',
    ambiguous: (names: string) => `Flera styrgrupper passar: ${names}. Skriv hela namnet.`,
    linked: (sspf: string, steering: string) =>
      `**${sspf}** är nu kopplad till styrgruppen **${steering}**. Styrgruppen ser gruppens antal och trender (aldrig texter) i veckosammanfattningen, lägesbilden och medborgarlöftena. Ta bort kopplingen med **@Trygg koppla bort ${steering}**.`,
    notifySteering: (sspf: string) =>
      `SSPF-gruppen **${sspf}** har kopplat sig till den här styrgruppen: ni ser gruppens antal och trender (aldrig texter). En samordnare kan avböja med **@Trygg avböj ${sspf}**.`,
    declined: (sspf: string) => `Kopplingen från **${sspf}** är avböjd. Styrgruppen ser inget av gruppen längre.`,
    notifyDeclined: (steering: string) => `Styrgruppen **${steering}** avböjde kopplingen. Den ser inget av gruppen.`,
    unlinked: (steering: string) => `Kopplingen till styrgruppen **${steering}** är borttagen. Styrgruppen ser inget av gruppen längre.`,
    notifyUnlinked: (sspf: string) => `SSPF-gruppen **${sspf}** tog bort sin koppling till styrgruppen. Ni ser inget av gruppen längre.`,
    noSuchLink: (name: string) => `Jag hittar ingen aktiv koppling till **${name}**. Skriv **kopplingar** för att se gruppens kopplingar.`,
    whichLink: 'Skriv gruppens namn efter kommandot.',
    listTitle: (group: string) => `**Kopplingar för ${group}**`,
    listEmpty: (group: string) =>
      `${group} har inga kopplingar. En SSPF-grupps samordnare kopplar gruppen till en styrgrupp med **@Trygg koppla <styrgrupp>**.`,
    toSteering: (name: string) => `styrgruppen ${name} ser antal och trender`,
    fromSspf: (name: string) => `${name} (SSPF) – ni ser antal och trender`,
    ended: (at: string, reason: string) => ` – avslutad ${at} (${reason === 'declined' ? 'avböjd' : 'borttagen'})`,
    since: (at: string) => ` – sedan ${at}`
  },
  en: {
    chooseSteering: (names: string) =>
      names ? `Type **link** followed by the steering group's name. Registered steering groups: ${names}.` : 'There is no registered steering group to link to yet.',
    ambiguous: (names: string) => `Several steering groups match: ${names}. Type the whole name.`,
    linked: (sspf: string, steering: string) =>
      `**${sspf}** is now linked to the steering group **${steering}**. The steering group sees the group's counts and trends (never texts) in the weekly summary, the situation picture and the citizen promises. Remove the link with **@Trygg unlink ${steering}**.`,
    notifySteering: (sspf: string) =>
      `The SSPF group **${sspf}** linked itself to this steering group: you see the group's counts and trends (never texts). A coordinator can decline with **@Trygg decline ${sspf}**.`,
    declined: (sspf: string) => `The link from **${sspf}** is declined. The steering group no longer sees anything of that group.`,
    notifyDeclined: (steering: string) => `The steering group **${steering}** declined the link. It sees nothing of this group.`,
    unlinked: (steering: string) => `The link to the steering group **${steering}** is removed. The steering group no longer sees anything of this group.`,
    notifyUnlinked: (sspf: string) => `The SSPF group **${sspf}** removed its link to this steering group. You no longer see anything of that group.`,
    noSuchLink: (name: string) => `I find no active link to **${name}**. Type **links** to see the group's links.`,
    whichLink: "Type the group's name after the command.",
    listTitle: (group: string) => `**Links of ${group}**`,
    listEmpty: (group: string) => `${group} has no links. A coordinator of an SSPF group links it to a steering group with **@Trygg link <steering group>**.`,
    toSteering: (name: string) => `the steering group ${name} sees counts and trends`,
    fromSspf: (name: string) => `${name} (SSPF) – you see counts and trends`,
    ended: (at: string, reason: string) => ` – ended ${at} (${reason === 'declined' ? 'declined' : 'removed'})`,
    since: (at: string) => ` – since ${at}`
  }
});
