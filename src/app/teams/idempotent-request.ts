import { createHash } from 'node:crypto';
import { AppError } from '../../core/errors';
import { claimIdempotencyKey, releaseIdempotencyKey, storeIdempotentResponse } from '../../db/queries/api-keys';
import type { AppDeps } from '../deps';

/** How long a stored answer is replayed (the retention job purges older keys). */
export const IDEMPOTENCY_KEY_HOURS = 24;

/** Keys stored before this instant are no longer replayed and may be purged. */
export const idempotencyCutoff = (now: Date) => new Date(now.getTime() - IDEMPOTENCY_KEY_HOURS * 3_600_000);

export type IdempotencyBegin = { kind: 'first' } | { kind: 'replay'; status: number; body: unknown };

export const idempotencyRequestHash = (method: string, path: string, body: string) =>
  createHash('sha256').update(`${method} ${path}\n${body}`).digest('hex');

/**
 * Starts a POST carrying an Idempotency-Key: the first request with the key runs; a later one with the same request
 * gets the stored answer; the same key with another request, or while the first still runs, is refused.
 */
export async function beginIdempotentRequest(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  input: { apiKeyId: string; teamId: string; key: string; requestHash: string },
): Promise<IdempotencyBegin> {
  if (!/^[\x21-\x7e]{1,255}$/.test(input.key))
    throw new AppError('invalid_input', 'Idempotency-Key must be 1 to 255 visible ASCII characters');
  const stored = await claimIdempotencyKey(deps.db, { ...input, now: deps.clock.now() });
  if (!stored) return { kind: 'first' };
  if (stored.requestHash !== input.requestHash)
    throw new AppError(
      'unprocessable',
      'This Idempotency-Key was already used with a different request; use a new key for a new request',
    );
  if (stored.status === null)
    throw new AppError('conflict', 'A request with this Idempotency-Key is still being processed; retry shortly');
  return { kind: 'replay', status: stored.status, body: stored.response };
}

/** Stores the answer to replay; an answer that failed on our side frees the key instead, so a retry runs again. */
export async function finishIdempotentRequest(
  deps: Pick<AppDeps, 'db'>,
  input: { apiKeyId: string; key: string; status: number; body: unknown },
) {
  if (input.status >= 500 || input.body === undefined) await releaseIdempotencyKey(deps.db, input);
  else await storeIdempotentResponse(deps.db, { ...input, response: input.body });
}
