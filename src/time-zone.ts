/**
 * The time zone of Trygg's users: Swedish municipalities and police. Calendar days ("today", a due date,
 * an ISO week), meeting times and job schedules are Stockholm time; instants are stored in UTC. The one
 * place the zone is named; `SUMMARY_TIMEZONE` overrides it for the weekly summary job only.
 */
export const STOCKHOLM = 'Europe/Stockholm';
