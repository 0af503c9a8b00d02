/** What the server needs of an error reporter (the port lives in src/ports/error-reporter.ts). */
export type ErrorReporter = { captureException(err: unknown, context?: { route?: string }): void };
