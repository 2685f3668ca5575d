import { DateTime } from 'luxon';
import type { GroupRepository } from '../groups/group-repository';
import type { SummarySource } from '../summaries/sources';
import type { ActionsReadApi } from './read-api';
import { STOCKHOLM } from '../../time-zone';

const ZONE = STOCKHOLM;

/** The weekly summary's actions section: proposed, approved and done in the week, overdue now. */
export function actionsSummarySource(reader: ActionsReadApi): SummarySource<'actions'> {
  return {
    section: 'actions',
    async read(scope) {
      const today = DateTime.fromJSDate(scope.now, { zone: ZONE }).toISODate()!;
      const counts = await reader.countsForGroups(scope.groupIds, { from: scope.week.start, to: scope.week.end }, today);
      return { kind: 'actions', proposed: counts.proposed, approved: counts.approved, done: counts.done, overdue: counts.overdue };
    }
  };
}

/** The weekly summary's promises section: each citizen promise of the municipality by number and title (a public commitment; the summary's PII guard checks it), with progress over the linked groups. */
export function promisesSummarySource(reader: ActionsReadApi, groups: GroupRepository): SummarySource<'promises'> {
  return {
    section: 'promises',
    async read(scope) {
      const recipient = await groups.get(scope.recipientId);
      if (!recipient) return { kind: 'promises', items: [] };
      const today = DateTime.fromJSDate(scope.now, { zone: ZONE }).toISODate()!;
      // Progress over the recipient's scope: itself and the SSPF groups linked to it.
      const list = await reader.promiseTitlesWithProgress(recipient.municipalityKey, scope.groupIds, today);
      const items = list
        .slice(0, 50)
        .map(({ title, progress }, i) => ({ number: i + 1, title: title.trim().slice(0, 80), actionsTotal: progress.total, actionsDone: progress.done }));
      return { kind: 'promises', items };
    }
  };
}
