import type { AnyFeature } from './feature';
import { actionsFeature } from './actions';
import { groupsFeature } from './groups';
import { helpFeature } from './help';
import { updatesFeature } from './updates';
import { askFeature } from './ask';
import { summariesFeature } from './summaries';
import { casesFeature } from './cases';
import { actionsAgendaSource } from './actions/agenda-source';
import { casesAgendaSource } from './cases/agenda-source';
import { createMeetingsFeature } from './meetings';
import { updatesAgendaSource } from './updates/agenda-source';

/** Meetings build their agenda from the features that know open actions, the situation and cases. */
const meetingsFeature = createMeetingsFeature({ agendaSources: [actionsAgendaSource, updatesAgendaSource, casesAgendaSource] });

/**
 * Every feature, in registration order. Commands are matched by longest alias, so order matters only
 * for fallbacks (free-text questions), which run in this order after no command matched.
 */
export const FEATURES: AnyFeature[] = [groupsFeature, helpFeature, updatesFeature, actionsFeature, casesFeature, meetingsFeature, summariesFeature, askFeature];
