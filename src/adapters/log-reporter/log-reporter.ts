import type { ErrorContext, ErrorReporter } from '../../ports/error-reporter';
import { scrubText, scrubValue } from '../../core/privacy/scrub';

export type LogReporterOptions = {
  /** Receives one complete line, newline included (in production: `(line) => process.stderr.write(line)`). */
  write: (line: string) => void;
  /** Clock for the line's timestamp. */
  now?: () => Date;
};

type SerializedError = { type: string; message: string; stack?: string; cause?: SerializedError };

const MAX_CAUSES = 5;

function serialize(err: unknown, depth = 0): SerializedError {
  if (err instanceof Error) {
    return {
      type: err.name,
      message: scrubText(err.message),
      // The stack's first line repeats the message, so it is scrubbed as a whole.
      ...(err.stack === undefined ? {} : { stack: scrubText(err.stack) }),
      ...(err.cause === undefined || depth >= MAX_CAUSES ? {} : { cause: serialize(err.cause, depth + 1) }),
    };
  }
  if (typeof err === 'string') return { type: 'string', message: scrubText(err) };
  return { type: err === null ? 'null' : typeof err, message: JSON.stringify(scrubValue(err)) ?? String(err) };
}

/**
 * The embedded twin of the Sentry reporter: one JSON line per error, with the same scrubbing, for instances without a
 * Sentry DSN. Fields follow pino's layout (numeric level 50 = error, epoch-ms time, msg, err) so log tooling reads both.
 */
export function createLogReporter(options: LogReporterOptions): ErrorReporter {
  const now = options.now ?? (() => new Date());
  return {
    captureException(err: unknown, context?: ErrorContext): void {
      try {
        const error = serialize(err);
        const line = {
          level: 50,
          time: now().getTime(),
          msg: error.message,
          ...(context?.route === undefined ? {} : { route: scrubText(context.route) }),
          err: error,
          ...(context?.extra === undefined ? {} : { extra: scrubValue(context.extra) }),
        };
        options.write(`${JSON.stringify(line)}\n`);
      } catch {
        // Reporting must never turn one failure into two.
      }
    },
    // Lines are handed to `write` as they happen; buffering, if any, belongs to the stream behind it.
    flush: () => Promise.resolve(true),
  };
}
