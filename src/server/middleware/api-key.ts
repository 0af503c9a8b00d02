import { createMiddleware } from 'hono/factory';
import { countApiRequest } from '../../app/teams/api-rate-limit';
import { authenticateApiKey } from '../../app/teams/authenticate-api-key';
import {
  beginIdempotentRequest,
  finishIdempotentRequest,
  idempotencyRequestHash,
} from '../../app/teams/idempotent-request';
import { AppError } from '../../core/errors';
import type { AppEnv, ServerDeps } from '../context';
import { errorBody } from '../errors';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * /api/v1: `Authorization: Bearer <API key>` establishes the team scope (the key's creator's membership, as a
 * login session would), counts the request against the key's rate limit and keeps read-only keys to reads. No
 * cookie is looked at, so no CSRF token is needed: a browser cannot attach the header on its own.
 */
export function apiKeyAuth(deps: ServerDeps) {
  return createMiddleware<AppEnv>(async (c, next) => {
    c.set('user', null);
    c.set('session', null);
    const m = /^Bearer +(\S+) *$/i.exec(c.req.header('authorization') ?? '');
    let caller;
    try {
      if (!m) throw new AppError('unauthenticated', 'Send your API key as "Authorization: Bearer dsk_…"');
      caller = await authenticateApiKey(deps, m[1]!);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      c.header('WWW-Authenticate', 'Bearer realm="DialerSeat API"');
      return c.json(errorBody(err.code, err.message), 401);
    }
    c.set('scope', caller.scope);
    c.set('apiKey', { id: caller.keyId, access: caller.access });

    const { perKey, windowSec } = deps.server.apiRateLimit;
    const rate = await countApiRequest(deps, { keyId: caller.keyId, limit: perKey, windowSec });
    // The IETF RateLimit header fields (draft 7 form, as common clients read them).
    c.header('RateLimit-Policy', `${rate.limit};w=${rate.windowSec}`);
    c.header('RateLimit', `limit=${rate.limit}, remaining=${Math.max(0, rate.remaining)}, reset=${rate.resetSec}`);
    if (rate.remaining < 0) {
      c.header('Retry-After', String(rate.resetSec));
      return c.json(
        errorBody(
          'rate_limited',
          `This key made more than ${rate.limit} requests in ${windowSec} s; retry in ${rate.resetSec} s`,
        ),
        429,
      );
    }
    if (!SAFE.has(c.req.method) && caller.access === 'read')
      return c.json(errorBody('forbidden', 'This API key is read-only; create a read-write key to make changes'), 403);
    await next();
  });
}

/**
 * A POST with an `Idempotency-Key` header runs once: repeating it with the same body answers the stored response
 * (marked `Idempotent-Replayed: true`), the same key with another body answers 422.
 */
export function idempotentPosts(deps: ServerDeps) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const key = c.req.header('idempotency-key');
    const apiKey = c.get('apiKey');
    if (c.req.method !== 'POST' || key === undefined || !apiKey) return next();
    const requestHash = idempotencyRequestHash(c.req.method, c.req.path, await c.req.text());
    const ref = { apiKeyId: apiKey.id, key };
    const begin = await beginIdempotentRequest(deps, { ...ref, teamId: c.get('scope').teamId, requestHash });
    if (begin.kind === 'replay') {
      c.header('Idempotent-Replayed', 'true');
      return c.json(begin.body as object, begin.status as 200);
    }
    try {
      await next();
    } finally {
      const res = c.res;
      const body = res.headers.get('content-type')?.includes('application/json')
        ? await res
            .clone()
            .json()
            .catch(() => undefined)
        : undefined;
      await finishIdempotentRequest(deps, { ...ref, status: res.status, body });
    }
  });
}
