import { Cron } from 'croner';
import type { Logger } from 'pino';
import { STOCKHOLM } from './time-zone';

/** A scheduled background job (reminders, summaries, retention). Runs must be safe on several instances. */
export interface Job {
  name: string;
  /** Cron expression, evaluated in `timezone`. */
  schedule: string;
  timezone?: string;
  run(now: Date): Promise<void>;
}

/** Jobs registered by features; started by index.ts, run directly by tests. */
export class Jobs {
  private readonly jobs: Job[] = [];
  private readonly timers: Cron[] = [];

  constructor(private readonly logger: Logger) {}

  add(job: Job): void {
    this.jobs.push(job);
  }

  list(): readonly Job[] {
    return this.jobs;
  }

  /** Runs one job now, by name (tests, manual triggers). */
  async run(name: string, now: Date): Promise<void> {
    const job = this.jobs.find((j) => j.name === name);
    if (!job) throw new Error(`No job ${name}`);
    await job.run(now);
  }

  start(): void {
    for (const job of this.jobs) {
      this.timers.push(
        new Cron(job.schedule, { timezone: job.timezone ?? STOCKHOLM, protect: true }, async () => {
          try {
            await job.run(new Date());
          } catch (err) {
            this.logger.error({ err, job: job.name }, 'job failed');
          }
        })
      );
    }
  }

  stop(): void {
    for (const t of this.timers.splice(0)) t.stop();
  }
}
