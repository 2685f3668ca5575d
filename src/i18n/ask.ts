import { defineTexts } from './index';

/** Texts of answers to questions: the situation picture and topics not available yet. */
export const askTexts = defineTexts({
  sv: {
    pictureTitle: (place: string) => `Lägesbild: ${place}`,
    allAreasIn: (municipalities: string) => `alla områden i ${municipalities}`,
    period: (from: string, to: string, prevFrom: string, prevTo: string) =>
      `${from} – ${to}, jämfört med ${prevFrom} – ${prevTo}. Tillbakadragna rapporter räknas inte.`,
    total: 'Alla områden sammantaget',
    noUpdates: 'Inga lägesrapporter under perioden.',
    reports: (n: number) => (n === 1 ? '1 rapport' : `${n} rapporter`),
    previous: (n: number, change: string) => `förra perioden ${n} (${change})`,
    noTrend: 'inga nya rapporter',
    latestTitle: 'Senaste lägesrapporterna',
    footer: (area: string) => `Lägesbilden beskriver grupper och platser, aldrig enskilda personer. Fråga till exempel **lägesbild ${area} 30 dagar**.`,
    nothingVisible: 'Du är inte med i någon registrerad grupp, så det finns ingen lägesbild att visa. Be en samordnare lägga till dig.',
    unknownArea: (name: string, areas: string) =>
      areas ? `Jag hittar inget område ”${name}” bland dem du kan se. Du kan fråga om: ${areas}.` : `Jag hittar inget område ”${name}” bland dem du kan se.`,
    notAvailableOverdue: 'Försenade insatser kan jag inte svara på ännu: den delen av Trygg är inte klar. Skriv **hjälp** för att se vad jag kan.',
    pictureHelp: 'Visa lägesbilden för ett område eller hela kommunen (i en SSPF-grupp utan område: skriv en lägesrapport).',
    pictureUsage: 'lägesbild [område] [period]'
  },
  en: {
    pictureTitle: (place: string) => `Situation: ${place}`,
    allAreasIn: (municipalities: string) => `all areas in ${municipalities}`,
    period: (from: string, to: string, prevFrom: string, prevTo: string) =>
      `${from} – ${to}, compared with ${prevFrom} – ${prevTo}. Withdrawn updates do not count.`,
    total: 'All areas together',
    noUpdates: 'No situation updates in this period.',
    reports: (n: number) => (n === 1 ? '1 update' : `${n} updates`),
    previous: (n: number, change: string) => `previous period ${n} (${change})`,
    noTrend: 'no new updates',
    latestTitle: 'Latest situation updates',
    footer: (area: string) => `The picture describes groups and places, never individual people. Ask for example **situation ${area} 30 days**.`,
    nothingVisible: 'You are not in any registered group, so there is no situation picture to show. Ask a coordinator to add you.',
    unknownArea: (name: string, areas: string) =>
      areas ? `I find no area "${name}" among those you can see. You can ask about: ${areas}.` : `I find no area "${name}" among those you can see.`,
    notAvailableOverdue: 'I cannot answer about overdue actions yet: that part of Trygg is not ready. Type **help** to see what I can do.',
    pictureHelp: 'Show the situation picture for an area or the whole municipality (in an SSPF group without an area: post an update).',
    pictureUsage: 'situation [area] [period]'
  }
});
