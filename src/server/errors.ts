import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ZodError } from 'zod';
import { AppError, type ErrorCode } from '../core/errors';
import { scrubText } from '../core/privacy/scrub';
import type { Logger } from '../ports/logger';

/** The one table from error code to HTTP status. */
export const statusFor: Record<ErrorCode, ContentfulStatusCode> = {
  invalid_input: 400,
  unprocessable: 422,
  unsupported_media_type: 415,
  payload_too_large: 413,
  unauthenticated: 401,
  payment_required: 402,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  invalid_state: 409,
  rate_limited: 429,
  provider_unavailable: 503,
};

export function errorBody(code: string, message: string, fields?: Record<string, string>) {
  return { error: { code, message, ...(fields ? { fields } : {}) } };
}

export function zodFields(err: ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of err.issues) {
    const key = issue.path.join('.') || '_';
    fields[key] ??= issue.message;
  }
  return fields;
}

/** Maps anything thrown by a handler to `{ error: { code, message } }`; unknown errors reveal nothing. */
export function handleError(err: unknown, c: Context, log: Logger, onUnexpected?: (err: unknown) => void) {
  if (err instanceof AppError) {
    if (err.details?.retryAfterSec) c.header('Retry-After', String(err.details.retryAfterSec));
    return c.json(errorBody(err.code, err.message, err.details?.fields), statusFor[err.code]);
  }
  if (err instanceof ZodError) {
    const fields = zodFields(err);
    const first = Object.entries(fields)[0];
    return c.json(errorBody('invalid_input', first ? `${first[0]}: ${first[1]}` : 'Invalid input', fields), 400);
  }
  if (err instanceof Error && 'status' in err && typeof err.status === 'number' && err.status < 500) {
    // Hono's HTTPException (e.g. body limit) and friends.
    const status = err.status as ContentfulStatusCode;
    const code = status === 413 ? 'invalid_input' : status === 404 ? 'not_found' : 'invalid_input';
    return c.json(errorBody(code, status === 413 ? 'Request body too large' : err.message), status);
  }
  // Logs get the same scrubbing as error reports: a failed query's message carries the values users typed.
  const safe =
    err instanceof Error
      ? { name: err.name, message: scrubText(err.message), stack: scrubText(err.stack ?? '') }
      : scrubText(String(err));
  log.error({ err: safe, path: c.req.path }, 'unhandled error');
  onUnexpected?.(err);
  return c.json(errorBody('internal', 'Something went wrong on our side; it has been logged'), 500);
}
