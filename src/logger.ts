import pino, { type Logger } from 'pino';

/**
 * Structured JSON logs. Log ids and pseudonyms only: never names, free text typed by users,
 * observation text or personal identity numbers. `redact` is a second line of defence.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: 'trygg' },
      redact: {
        paths: ['text', '*.text', 'name', '*.name', 'activity.text', 'activity.from.name', 'req.headers.authorization'],
        censor: '[redacted]'
      }
    },
    destination
  );
}
