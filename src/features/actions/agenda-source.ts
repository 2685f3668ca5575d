import { DateTime } from 'luxon';
import { defineTexts } from '../../i18n';
import type { AgendaSourceFactory } from '../meetings/agenda';
import { ActionRepository } from './action-repository';
import { actionDisplay } from './cards';
import { STOCKHOLM } from '../../time-zone';

const texts = defineTexts({
  sv: { title: 'Öppna insatser att följa upp', due: (d: string) => `klar senast ${d}` },
  en: { title: 'Open actions to follow up', due: (d: string) => `due ${d}` }
});

/** Meeting agenda: the group's open actions due before the meeting (indicated ones by case pseudonym only), from its read model. */
export const actionsAgendaSource: AgendaSourceFactory = (ctx) => {
  const actions = new ActionRepository(ctx.store, { logger: ctx.logger });
  return {
    id: 'actions',
    title: (lang) => texts(lang).title,
    async items(groupId, _from, to, lang) {
      const before = DateTime.fromJSDate(to, { zone: STOCKHOLM }).toISODate()!;
      const open = await actions.openEntries(groupId);
      return open
        .filter((a) => a.dueDate <= before)
        .map((a) => `${actionDisplay(a, lang).title} (${texts(lang).due(a.dueDate)})`);
    }
  };
};
