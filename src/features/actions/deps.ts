import type { Logger } from 'pino';
import type { GroupChannel } from '../../bot/port';
import type { Clock } from '../../clock';
import type { Access } from '../groups/access';
import type { AccessSource } from '../shared/guards';
import type { ActingPerson, ActionService } from './action-service';
import type { PromiseService } from './promise-service';
import type { ReminderService } from './reminder-service';

/** The proposal forms the `insats ny` command records (so only they may create an action). */
export interface FormRecorder {
  remember(kind: 'action', groupId: string, conversationId: string, activityId: string, now: Date): Promise<void>;
}

/** What the actions handlers work with, built once by the feature's `setup`. */
export interface ActionsDeps {
  access: AccessSource;
  service: ActionService;
  promises: PromiseService;
  reminders: ReminderService;
  forms: FormRecorder;
  /** Posts into groups and updates posted cards (binding check, outbound queue, removed bot). */
  channel: GroupChannel;
  clock: Clock;
  logger: Logger;
}

/** The acting person as the services take them: identity and standing from the store, the name for cards. */
export function actingPerson(access: Access): ActingPerson {
  return {
    aadObjectId: access.actor.aadObjectId,
    name: access.actor.name ?? access.member?.name,
    member: !!access.member,
    coordinator: access.coordinator
  };
}
