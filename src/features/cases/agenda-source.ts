import { DateTime } from 'luxon';
import { defineTexts } from '../../i18n';
import type { AgendaSourceFactory } from '../meetings/agenda';
import { CaseRepository } from './case-repository';
import { STOCKHOLM } from '../../time-zone';

const texts = defineTexts({
  sv: { title: 'Ärenden att följa upp', item: (pseudonym: string, date: string) => `${pseudonym} (uppföljning ${date})` },
  en: { title: 'Cases due for follow-up', item: (pseudonym: string, date: string) => `${pseudonym} (follow-up ${date})` }
});

/** Meeting agenda: open cases whose follow-up falls before the meeting, by pseudonym only. */
export const casesAgendaSource: AgendaSourceFactory = (ctx) => {
  // Only reads cases (the consents read model is kept by the writing repository, which has the configured age).
  const cases = new CaseRepository(ctx.store);
  return {
    id: 'cases',
    title: (lang) => texts(lang).title,
    async items(groupId, _from, to, lang) {
      const onOrBefore = DateTime.fromJSDate(to, { zone: STOCKHOLM }).toISODate()!;
      const due = await cases.dueForFollowUp(groupId, onOrBefore);
      return due.map((c) => texts(lang).item(c.id, c.followUpOn ?? ''));
    }
  };
};
