/**
 * Where unexpected errors go: Sentry when configured, a structured log line otherwise. Implementations scrub personal
 * data and credentials before anything leaves the process, so callers may pass what they have.
 */
export type ErrorContext = {
  /** The route pattern ("/api/leads/:id"), never the concrete URL: URLs carry ids, e-mails and tokens. */
  route?: string;
  extra?: Record<string, unknown>;
};

export interface ErrorReporter {
  /** Never throws: reporting an error must not cause another. */
  captureException(err: unknown, context?: ErrorContext): void;
  /** Resolves `true` when everything captured so far was delivered within `timeoutMs`. */
  flush(timeoutMs: number): Promise<boolean>;
}
