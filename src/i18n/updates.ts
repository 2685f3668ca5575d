import { defineTexts } from './index';

/** Display names of categories, trends and levels of situation updates. */
export const updateLabels = defineTexts({
  sv: {
    narkotika: 'Narkotika',
    vald: 'Våld',
    skadegorelse: 'Skadegörelse',
    rekrytering: 'Rekrytering',
    otrygg_plats: 'Otrygg plats',
    skolfranvaro: 'Skolfrånvaro',
    alkohol: 'Alkohol',
    annat: 'Annat',
    okande: 'Ökande',
    oforandrad: 'Oförändrad',
    minskande: 'Minskande',
    generell: 'Generell (alla barn och unga)',
    selektiv: 'Selektiv (vissa grupper eller platser)',
    indikerad: 'Indikerad (en enskild ung person)'
  },
  en: {
    narkotika: 'Drugs',
    vald: 'Violence',
    skadegorelse: 'Vandalism',
    rekrytering: 'Recruitment',
    otrygg_plats: 'Unsafe place',
    skolfranvaro: 'School absence',
    alkohol: 'Alcohol',
    annat: 'Other',
    okande: 'Rising',
    oforandrad: 'Unchanged',
    minskande: 'Falling',
    generell: 'General (all children and young people)',
    selektiv: 'Selective (certain groups or places)',
    indikerad: 'Indicated (one individual young person)'
  }
});

/** Texts of the update card and its refusals. */
export const updateTexts = defineTexts({
  sv: {
    formTitle: 'Ny lägesrapport',
    editTitle: 'Ändra lägesrapport',
    formIntro: 'Beskriv vad ni ser i området på gruppnivå. Skriv aldrig namn, personnummer, telefonnummer eller e-postadresser.',
    area: 'Område',
    category: 'Kategori',
    trend: 'Trend',
    level: 'Nivå',
    observedOn: 'Observerat datum',
    text: 'Vad har ni sett?',
    textHint: 'Till exempel: fler unga samlas vid centrum fredagskvällar, tecken på försäljning.',
    submit: 'Publicera',
    save: 'Spara ändringen',
    required: 'Fyll i fältet.',
    invalid: 'Kontrollera område, kategori, trend, nivå, datum och text (3–1000 tecken).',
    unknownArea: (areas: string) => `Välj ett av gruppens områden: ${areas}.`,
    indicated: 'En lägesrapport handlar om grupper och platser, aldrig om en enskild ung person. Insatser på individnivå (indikerad nivå) hör hemma i ett ärende: skriv **ärende ny**.',
    futureDate: 'Datumet kan inte ligga i framtiden.',
    tooOld: 'Datumet får vara högst ett år bakåt.',
    personalData: (kinds: string) =>
      `Texten innehåller ${kinds}. En lägesrapport får inte innehålla uppgifter som pekar ut en person. Ta bort uppgiften och skicka igen; inget har sparats.`,
    kindPersonnummer: 'ett personnummer',
    kindSamordningsnummer: 'ett samordningsnummer',
    kindPhone: 'ett telefonnummer',
    kindEmail: 'en e-postadress',
    and: 'och',
    postedTitle: (area: string, category: string) => `Lägesrapport: ${area} · ${category}`,
    agency: 'Verksamhet',
    author: 'Rapporterad av',
    withdrawnBy: (who: string, date: string) => `Tillbakadragen av ${who} ${date}. Räknas inte längre i lägesbilden.`,
    edited: (date: string) => `Ändrad ${date}.`,
    show: 'Visa text',
    edit: 'Ändra',
    withdraw: 'Dra tillbaka',
    textHidden: 'Texten visas bara för gruppens medlemmar, en i taget: tryck **Visa text**.',
    notFound: 'Lägesrapporten finns inte i den här gruppen.',
    notAuthor: 'Bara den som skrev lägesrapporten eller en samordnare kan ändra eller dra tillbaka den.',
    alreadyWithdrawn: 'Lägesrapporten är redan tillbakadragen.',
    sspfOnlyAreas: 'Gruppen har inga områden. En samordnare lägger till dem med **registrera**.'
  },
  en: {
    formTitle: 'New situation update',
    editTitle: 'Edit situation update',
    formIntro: 'Describe what you see in the area at group level. Never write names, personal identity numbers, phone numbers or e-mail addresses.',
    area: 'Area',
    category: 'Category',
    trend: 'Trend',
    level: 'Level',
    observedOn: 'Date observed',
    text: 'What have you seen?',
    textHint: 'For example: more young people gather at the centre on Friday evenings, signs of dealing.',
    submit: 'Publish',
    save: 'Save the change',
    required: 'Please fill in.',
    invalid: 'Check area, category, trend, level, date and text (3–1000 characters).',
    unknownArea: (areas: string) => `Choose one of the group's areas: ${areas}.`,
    indicated: 'A situation update is about groups and places, never about one young person. Individual (indicated) work belongs in a case: type **ärende ny**.',
    futureDate: 'The date cannot be in the future.',
    tooOld: 'The date may be at most one year back.',
    personalData: (kinds: string) =>
      `The text contains ${kinds}. A situation update must not contain details that single out a person. Remove it and send again; nothing was saved.`,
    kindPersonnummer: 'a personal identity number',
    kindSamordningsnummer: 'a coordination number',
    kindPhone: 'a phone number',
    kindEmail: 'an e-mail address',
    and: 'and',
    postedTitle: (area: string, category: string) => `Situation update: ${area} · ${category}`,
    agency: 'Agency',
    author: 'Reported by',
    withdrawnBy: (who: string, date: string) => `Withdrawn by ${who} on ${date}. No longer counted in the picture.`,
    edited: (date: string) => `Edited on ${date}.`,
    show: 'Show text',
    edit: 'Edit',
    withdraw: 'Withdraw',
    textHidden: 'The text is shown to group members one at a time: press **Show text**.',
    notFound: 'This situation update does not exist in this group.',
    notAuthor: 'Only the author of the update or a coordinator can edit or withdraw it.',
    alreadyWithdrawn: 'The situation update has already been withdrawn.',
    sspfOnlyAreas: 'The group has no areas. A coordinator adds them with **register**.'
  }
});

/** Texts of the situation picture card (lägesbild): the reported trend kept apart from the change in reports. */
export const pictureTexts = defineTexts({
  sv: {
    reports: (n: number) => (n === 1 ? '1 rapport' : `${n} rapporter`),
    counts: (n: number, previous: number) => `${n === 1 ? '1 rapport' : `${n} rapporter`}, förra perioden ${previous}`,
    judged: (trend: string, n: number, of: number) => `bedömd trend: ${trend}, ${n} av ${of} ${of === 1 ? 'rapport' : 'rapporter'}`,
    noJudged: 'bedömd trend: inga nya rapporter',
    chartTitle: 'Lägesrapporter per vecka under perioden',
    xAxis: 'Vecka',
    yAxis: 'Rapporter',
    weekLabel: (week: number) => `v${week}`,
    keyFigures: (n: number, previous: number) => `Perioden: ${n === 1 ? '1 rapport' : `${n} rapporter`}, förra perioden ${previous}.`
  },
  en: {
    reports: (n: number) => (n === 1 ? '1 update' : `${n} updates`),
    counts: (n: number, previous: number) => `${n === 1 ? '1 update' : `${n} updates`}, previous period ${previous}`,
    judged: (trend: string, n: number, of: number) => `judged trend: ${trend}, ${n} of ${of} ${of === 1 ? 'update' : 'updates'}`,
    noJudged: 'judged trend: no new updates',
    chartTitle: 'Situation updates per week in the period',
    xAxis: 'Week',
    yAxis: 'Updates',
    weekLabel: (week: number) => `w${week}`,
    keyFigures: (n: number, previous: number) => `The period: ${n === 1 ? '1 update' : `${n} updates`}, previous period ${previous}.`
  }
});
