import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import { z } from 'zod';
import { acceptInvitation } from '../../app/accept-invitation';
import { createTeam } from '../../app/create-team';
import { recordSecurityEvent, type SecurityEventType } from '../../app/record-security-event';
import { AppError } from '../../core/errors';
import { findPasswordResetUser, findUserIdByEmail } from '../../db/queries/users';
import { CLIENT_IP_HEADER } from '../auth';
import type { AppEnv, ServerDeps } from '../context';
import { enforceRateLimits } from '../middleware/rate-limit';

// Extra fields our sign-up form sends besides better-auth's own (name, email, password).
const signUpExtrasSchema = z.object({
  teamName: z.string().trim().max(80).optional(),
  invitationToken: z.string().max(200).optional(),
  confirmAdultBusiness: z.literal(true, { error: 'Confirm that you are 16 or older and sign up for business use' }),
});

const LIMITED = new Set(['/sign-in/email', '/sign-up/email', '/request-password-reset', '/reset-password']);

/**
 * better-auth's handler behind our own gate: one shared rate limiter per IP and per account,
 * the client IP passed in a header only we set, and security events written from the outcome.
 */
export function authRoutes(deps: ServerDeps) {
  const app = new Hono<AppEnv>();
  app.on(['GET', 'POST'], '/*', async (c) => {
    const path = c.req.path.replace(/^\/api\/auth/, '');
    const ip = c.get('clientIp');
    const userAgent = c.get('userAgent');
    const rawBody = c.req.method === 'POST' ? await c.req.text() : undefined;
    let body: Record<string, unknown> = {};
    try {
      body = rawBody ? (JSON.parse(rawBody) as Record<string, unknown>) : {};
    } catch {
      throw new AppError('invalid_input', 'Send JSON');
    }
    const email = typeof body.email === 'string' ? body.email.trim().toLowerCase() : null;

    if (LIMITED.has(path)) {
      const { perIp, perAccount, windowSec } = deps.server.authRateLimit;
      const checks = [{ key: `auth-ip:${path}:${ip}`, limit: perIp, windowSec }];
      // The account key is a hash: rate-limit rows must not hold e-mail addresses.
      if (email) checks.push({ key: `auth-account:${path}:${createHash('sha256').update(email).digest('hex')}`, limit: perAccount, windowSec });
      try {
        await enforceRateLimits(deps, checks);
      } catch (err) {
        if (err instanceof AppError && err.code === 'rate_limited' && path === '/sign-in/email' && email) {
          const userId = await userIdByEmail(deps, email);
          if (userId) await recordSecurityEvent(deps, { type: 'rate_limited', userId, ipAddress: ip, userAgent, detail: { path } });
        }
        throw err;
      }
    }
    let extras: z.infer<typeof signUpExtrasSchema> | null = null;
    if (path === '/sign-up/email') extras = signUpExtrasSchema.parse(body);

    // Who was signed in before a sign-out, and whose reset token this is (both are gone afterwards).
    const before = path === '/sign-out' ? c.get('user') : null;
    const resetUserId =
      path === '/reset-password' && typeof body.token === 'string' ? await findPasswordResetUser(deps.db, body.token) : null;

    const headers = new Headers(c.req.raw.headers);
    headers.set(CLIENT_IP_HEADER, ip);
    const res = await deps.auth.handler(
      new Request(c.req.raw.url, { method: c.req.method, headers, body: rawBody ?? null }),
    );

    const event = async (type: SecurityEventType, userId: string | null, detail: Record<string, unknown> = {}) => {
      if (userId) await recordSecurityEvent(deps, { type, userId, ipAddress: ip, userAgent, detail });
    };
    const ok = res.status >= 200 && res.status < 300;
    const json = ok && res.headers.get('content-type')?.includes('json') ? await res.clone().json().catch(() => null) : null;
    const resultUserId = (json as { user?: { id?: string } } | null)?.user?.id ?? null;

    if (path === '/sign-in/email') {
      if (ok) await event('sign_in_succeeded', resultUserId);
      else if (email) await event('sign_in_failed', await userIdByEmail(deps, email), { reason: res.status === 401 ? 'bad_credentials' : `status_${res.status}` });
    } else if (path === '/sign-up/email' && ok && resultUserId && extras) {
      await onSignedUp(deps, resultUserId, email ?? '', String(body.name ?? ''), extras, ip, userAgent);
    } else if (path === '/sign-out' && ok && before) {
      await event('sign_out', before.id);
    } else if (path === '/change-password' && ok) {
      await event('password_changed', c.get('user')?.id ?? null);
    } else if (path === '/request-password-reset' && ok && email) {
      await event('password_reset_requested', await userIdByEmail(deps, email));
    } else if (path === '/reset-password' && ok) {
      await event('password_reset', resetUserId);
    }
    return reshape(res, json, deps.settings.publicBaseUrl);
  });
  return app;
}

const codeFor = (status: number) =>
  status === 401 ? 'unauthenticated' : status === 403 ? 'forbidden' : status === 429 ? 'rate_limited' : status === 422 || status === 400 ? 'invalid_input' : status === 404 ? 'not_found' : 'invalid_state';

/**
 * Our uniform error shape for better-auth's errors, and no session token in a JSON body: the
 * session lives only in the HttpOnly cookie, out of reach of page scripts.
 */
async function reshape(res: Response, okJson: unknown, publicBaseUrl: string): Promise<Response> {
  const headers = new Headers(res.headers);
  headers.delete('content-length');
  if (res.status >= 400 && res.headers.get('content-type')?.includes('json')) {
    const err = (await res.json().catch(() => ({}))) as { message?: string };
    // better-auth refuses a page opened at another address than the configured one: say which address to open.
    const message = /origin/i.test(err.message ?? '')
      ? `This page was opened at an address DialerSeat is not configured for. Open ${publicBaseUrl} and try again.`
      : (err.message ?? 'Request failed');
    return new Response(JSON.stringify({ error: { code: codeFor(res.status), message } }), {
      status: res.status,
      headers,
    });
  }
  if (okJson && typeof okJson === 'object' && 'token' in okJson) {
    const { token: _token, ...rest } = okJson as Record<string, unknown>;
    return new Response(JSON.stringify(rest), { status: res.status, headers });
  }
  return res;
}

const userIdByEmail = (deps: ServerDeps, email: string) => findUserIdByEmail(deps.db, email);

async function onSignedUp(
  deps: ServerDeps,
  userId: string,
  email: string,
  name: string,
  extras: z.infer<typeof signUpExtrasSchema>,
  ip: string,
  userAgent: string | null,
) {
  if (extras.invitationToken) {
    try {
      await acceptInvitation(deps, { token: extras.invitationToken, userId, userEmail: email, ip, userAgent });
    } catch (err) {
      // The account exists either way; the invitation page explains what went wrong on the next visit.
      deps.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'invitation not accepted at sign-up');
    }
  } else {
    await createTeam(deps, { userId, name: extras.teamName || `${name.split(' ')[0] || 'My'}'s team` });
  }
  await recordSecurityEvent(deps, { type: 'sign_up', userId, ipAddress: ip, userAgent });
}
