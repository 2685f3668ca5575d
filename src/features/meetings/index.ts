import { randomBytes, randomUUID } from 'node:crypto';
import { HELP_FORM_VERBS, fromHelp, helpButtonSchema } from '../shared/help-button';
import { verb } from '../../bot/port';
import { defineFeature, type FeatureContext } from '../feature';
import { PostedForms } from '../shared/posted-forms';
import type { AgendaSourceFactory } from './agenda';
import { MEETING_VERBS } from './cards';
import { answerNextMeeting, answerPoll, asksForNextMeeting, confirmMeeting, mountCalendarRoute, openProposalForm, proposeMeeting, proposeNextOfCadence, remindTomorrow, showNextMeeting, type MeetingsDeps } from './handlers';
import { MeetingJobs } from './meeting-jobs';
import { MeetingRepository } from './meeting-repository';
import { meetingsReadModel } from './meeting-read-models';
import { MeetingService, meetingFormsOf } from './meeting-service';
import { answerSchema, confirmDataSchema, proposalFormSchema } from './model';
import { meetingsInPeriod } from './queries';
import { MEETING_ZONE } from './time';

export { MEETING_VERBS } from './cards';
export type { AgendaSource, AgendaSourceFactory } from './agenda';
export { MeetingRepository } from './meeting-repository';
export { REMINDER_HOUR } from './meeting-jobs';
export { meetingsInPeriod, nextMeetingOf, type MeetingSummary } from './queries';

/** Job names, for tests and operations. */
export const MEETING_JOBS = { reminders: 'meetings.reminders', cadence: 'meetings.cadence' } as const;

export interface MeetingsOptions {
  /** Agenda sections other features provide (open actions, situation updates, cases by pseudonym). */
  agendaSources?: readonly AgendaSourceFactory[];
}

/** The .ics signing key: configured, or a random one that stops old links working at restart (warned). */
function signingSecret(ctx: FeatureContext): string {
  const configured = ctx.config.meetings.icsSigningSecret;
  if (configured) return configured;
  ctx.logger.warn('ICS_SIGNING_SECRET is not set: calendar links are signed with a random key and stop working at restart');
  return randomBytes(32).toString('base64url');
}

/** Builds the service, the jobs and the weekly-summary figures (counts only) from the shared context. */
function setupWith(options: MeetingsOptions) {
  return (ctx: FeatureContext): MeetingsDeps => {
    const { repos, logger } = ctx;
    // Failed read-model projections are logged (ids only) and repaired by the sweep.
    const meetings = new MeetingRepository(ctx.store, { logger });
    ctx.readModels.register(meetingsReadModel(meetings.readModels));
    ctx.summarySources.register({
      section: 'meetings',
      async read(scope) {
        const held = (await meetingsInPeriod(ctx.store, scope.groupIds, new Date(scope.week.start), new Date(scope.week.end), scope.now)).held;
        const horizon = new Date(scope.now.getTime() + 30 * 86400000);
        const coming = (await meetingsInPeriod(ctx.store, scope.groupIds, scope.now, horizon, scope.now)).coming;
        return { kind: 'meetings', held: held.length, upcoming: coming.length };
      }
    });
    const service = new MeetingService({
      meetings,
      forms: meetingFormsOf(new PostedForms(ctx.store)),
      members: repos.members,
      groups: repos.groups,
      agendaSources: (options.agendaSources ?? []).map((make) => make(ctx)),
      calendar: { baseUrl: ctx.config.meetings.publicBaseUrl, secret: signingSecret(ctx) },
      logger
    });
    const jobs = new MeetingJobs({ meetings, groups: repos.groups, service, claims: ctx.claims, channel: ctx.channel, logger, instance: randomUUID() });
    const deps: MeetingsDeps = { service, jobs, access: ctx.access, channel: ctx.channel, clock: ctx.clock, logger };
    ctx.askTopics.register({ id: 'meetings.next', matches: asksForNextMeeting, answer: (turn, _text, lang) => answerNextMeeting(deps, turn, lang) });
    return deps;
  };
}

/**
 * Meeting scheduling: `möte` (proposal form, coordinators), answers per time, confirmation with an .ics
 * link and the coordinator's Teams deep link, agenda, cadence, reminder the day before, `nästa möte`.
 */
export function createMeetingsFeature(options: MeetingsOptions = {}) {
  return defineFeature<MeetingsDeps>({
    name: 'meetings',
    setup: setupWith(options),
    commands: [
      {
        id: 'meetings.propose',
        aliases: { sv: ['möte', 'nytt möte', 'boka möte'], en: ['meeting', 'new meeting', 'schedule meeting'] },
        help: { sv: 'Samordnare: föreslå ett möte med 2–5 tider som medlemmarna svarar på.', en: 'Coordinators: propose a meeting with 2–5 times for members to answer.' },
        handler: openProposalForm
      },
      {
        id: 'meetings.next',
        aliases: { sv: ['nästa möte', 'när är nästa möte'], en: ['next meeting', 'when is the next meeting'] },
        help: { sv: 'När och var är nästa möte?', en: 'When and where is the next meeting?' },
        handler: showNextMeeting
      }
    ],
    verbs: [
      verb(MEETING_VERBS.propose, proposalFormSchema, proposeMeeting),
      verb(HELP_FORM_VERBS.newMeeting, helpButtonSchema, fromHelp(openProposalForm)),
      verb(MEETING_VERBS.answer, answerSchema, answerPoll),
      verb(MEETING_VERBS.confirm, confirmDataSchema, confirmMeeting)
    ],
    jobs: [
      { name: MEETING_JOBS.reminders, schedule: '5 * * * *', timezone: MEETING_ZONE, run: remindTomorrow },
      { name: MEETING_JOBS.cadence, schedule: '35 * * * *', timezone: MEETING_ZONE, run: proposeNextOfCadence }
    ],
    http: [mountCalendarRoute]
  });
}
