/** The closed set of failure codes; src/server alone maps them to HTTP statuses. */
export const errorCodes = [
  'not_found',
  'forbidden',
  'unauthenticated',
  'conflict',
  'invalid_input',
  // A well-formed request that cannot be carried out as sent (an Idempotency-Key reused for another request).
  'unprocessable',
  'unsupported_media_type',
  'payload_too_large',
  'invalid_state',
  'payment_required',
  'rate_limited',
  'provider_unavailable',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: { fields?: Record<string, string>; retryAfterSec?: number },
  ) {
    super(message);
  }
}

export const notFound = (what = 'Not found') => new AppError('not_found', what);
export const forbidden = (why = 'You do not have permission to do that') => new AppError('forbidden', why);
