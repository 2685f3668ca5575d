import { defineTexts } from './index';

/** Texts every feature uses: refusals, errors, the unknown-command answer. */
export const commonTexts = defineTexts({
  sv: {
    apology: (id: string) => `Något gick fel hos mig. Försök igen om en stund. Uppge fel-id ${id} om du kontaktar support.`,
    storeBusy: 'Jag kommer inte åt lagringen just nu. Försök igen om en stund.',
    unknownCommand: (suggestion: string) => `Det förstod jag inte. Menade du **${suggestion}**? Skriv **hjälp** för att se vad jag kan.`,
    unknownCommandNoSuggestion: 'Det förstod jag inte. Skriv **hjälp** för att se vad jag kan.',
    badCardData: 'Kortets uppgifter kunde inte läsas. Ladda om kortet och försök igen.',
    unknownAction: 'Den här knappen känner jag inte igen längre. Skriv kommandot igen för att få ett nytt kort.',
    foreignCard: 'Det här kortet hör inte till det du försöker ändra i den här konversationen, så inget ändrades.',
    notInGroup: 'Det här kommandot fungerar bara i en registrerad grupp. Skriv **@Trygg registrera** i teamets kanal eller gruppchatten först.',
    groupOnly: 'Det här kommandot används i en teamkanal eller gruppchatt, inte i personlig chatt.',
    coordinatorOnly: 'Bara samordnare i gruppen kan göra det här.',
    notMember: 'Du är inte registrerad som medlem i den här gruppen. Be en samordnare lägga till dig.',
    conflict: 'Någon annan ändrade samma sak samtidigt. Försök igen.'
  },
  en: {
    apology: (id: string) => `Something went wrong on my side. Please try again shortly. Quote error id ${id} if you contact support.`,
    storeBusy: 'I cannot reach storage right now. Please try again shortly.',
    unknownCommand: (suggestion: string) => `I did not understand that. Did you mean **${suggestion}**? Type **help** to see what I can do.`,
    unknownCommandNoSuggestion: 'I did not understand that. Type **help** to see what I can do.',
    badCardData: 'The card data could not be read. Reload the card and try again.',
    unknownAction: 'I no longer recognise this button. Type the command again to get a new card.',
    foreignCard: 'This card does not belong to what you are trying to change in this conversation, so nothing was changed.',
    notInGroup: 'This command only works in a registered group. Type **@Trygg register** in the team channel or group chat first.',
    groupOnly: 'This command is used in a team channel or group chat, not in personal chat.',
    coordinatorOnly: 'Only coordinators of the group can do this.',
    notMember: 'You are not registered as a member of this group. Ask a coordinator to add you.',
    conflict: 'Someone else changed the same thing at the same time. Please try again.'
  }
});

/** Texts of the help card (`hjälp`): grouped by task, with buttons that open the forms. */
export const helpTexts = defineTexts({
  sv: {
    title: 'Trygg – det här kan jag',
    intro: 'I en kanal eller gruppchatt skriver du **@Trygg** före kommandot. Stora och små bokstäver spelar ingen roll. Knapparna öppnar formulären direkt.',
    footer: 'Uppgifter om enskilda unga visas bara med giltigt samtycke och bara för behöriga. All åtkomst loggas.',
    lagesbild: 'Lägesbild',
    insatser: 'Insatser',
    moten: 'Möten',
    arenden: 'Ärenden',
    grupp: 'Grupp',
    coordinatorMark: (title: string) => `${title} (samordnare)`,
    groupsTitle: 'Dina grupper',
    noGroups: 'Du är inte medlem i någon registrerad grupp än. Be en samordnare lägga till dig.',
    groupLine: (name: string, roles: string) => `**${name}** – ${roles}`,
    formPosted: 'Formuläret finns i konversationen.',
    logPosted: 'Loggen finns i chatten.',
    openNewUpdate: 'Ny lägesrapport',
    openNewAction: 'Föreslå en insats',
    openNewMeeting: 'Föreslå ett möte',
    openNewCase: 'Nytt ärende (samordnare, socialtjänst)',
    openRegistration: 'Registrera gruppen',
    openSettings: 'Ändra gruppens uppgifter',
    openMembers: 'Medlemmar och roller',
    openLog: (group: string) => `Grupplogg: ${group}`,
    unknownGroup: 'Du kan inte öppna det här för den gruppen. Skriv **hjälp** för ett nytt kort.'
  },
  en: {
    title: 'Trygg – what I can do',
    intro: 'In a channel or group chat, type **@Trygg** before the command. Upper or lower case does not matter. The buttons open the forms directly.',
    footer: 'Details about individual young people are shown only with a valid consent and only to those allowed. All access is logged.',
    lagesbild: 'Situation picture',
    insatser: 'Actions',
    moten: 'Meetings',
    arenden: 'Cases',
    grupp: 'Group',
    coordinatorMark: (title: string) => `${title} (coordinators)`,
    groupsTitle: 'Your groups',
    noGroups: 'You are not a member of any registered group yet. Ask a coordinator to add you.',
    groupLine: (name: string, roles: string) => `**${name}** – ${roles}`,
    formPosted: 'The form is in the conversation.',
    logPosted: 'The log is in the chat.',
    openNewUpdate: 'New situation update',
    openNewAction: 'Propose an action',
    openNewMeeting: 'Propose a meeting',
    openNewCase: 'New case (coordinators, social services)',
    openRegistration: 'Register the group',
    openSettings: 'Change the group settings',
    openMembers: 'Members and roles',
    openLog: (group: string) => `Group log: ${group}`,
    unknownGroup: 'You cannot open this for that group. Type **help** for a new card.'
  }
});
