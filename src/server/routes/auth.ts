import { createHash, randomBytes } from 'node:crypto';
import { hashPassword } from 'better-auth/crypto';
import { Hono } from 'hono';
import { z } from 'zod';
import { acceptInvitation } from '../../app/teams/accept-invitation';
import { createTeam } from '../../app/teams/create-team';
import { profileSchema } from '../../app/account/update-profile';
import { recordSecurityEvent, type SecurityEventType } from '../../app/account/record-security-event';
import { passwordResetUserId, userIdByEmail } from '../../app/account/auth-lookups';
import { AppError } from '../../core/errors';
import { CLIENT_IP_HEADER } from '../auth';
import type { AppEnv, ServerDeps } from '../context';
import { parseJsonObject } from '../middleware/json-body';
import { enforceRateLimits } from '../middleware/rate-limit';
import { hashedKeyPart } from '../../app/enforce-rate-limits';
import { waitForFloor } from '../response-floor';

// Extra fields our sign-up form sends besides better-auth's own (email, password); the name gets our profile rules.
const signUpExtrasSchema = z.object({
  name: profileSchema.shape.name,
  teamName: z.string().trim().max(80).optional(),
  invitationToken: z.string().max(200).optional(),
  confirmAdultBusiness: z.literal(true, { error: 'Confirm that you are 16 or older and sign up for business use' }),
});

const LIMITED = new Set([
  '/sign-in/email',
  '/sign-up/email',
  '/request-password-reset',
  '/reset-password',
  '/send-verification-email',
  '/verify-email',
  '/change-password',
]);

/**
 * The better-auth endpoints the product uses; every other one (update-user, list-sessions, change-email, …) is
 * not served: profile changes go through our own routes and validation, sessions through /api/me/sessions
 * (which never show a session token).
 */
const SERVED = new Set(['/sign-in/email', '/sign-up/email', '/sign-out', ...LIMITED]);

// A verification e-mail is sent at sign-up; asking again is allowed a few times an hour per address.
const RESEND_LIMIT = { limit: 3, windowSec: 3600 };

/**
 * better-auth's handler behind our own gate: one shared rate limiter per IP and per account,
 * the client IP passed in a header only we set, and security events written from the outcome.
 */
export function authRoutes(deps: ServerDeps) {
  const app = new Hono<AppEnv>();
  app.on(['GET', 'POST'], '/*', async (c) => {
    const started = performance.now();
    const path = c.req.path.replace(/^\/api\/auth/, '');
    if (!SERVED.has(path)) throw new AppError('not_found', `No API route ${c.req.method} ${c.req.path}`);
    const ip = c.get('clientIp');
    const userAgent = c.get('userAgent');
    const rawBody = c.req.method === 'POST' ? await c.req.text() : undefined;
    // Malformed, non-object or NUL-carrying bodies are refused here, as on every other JSON route.
    const body = rawBody ? parseJsonObject(rawBody, c.req.header('content-type')) : {};
    const email = typeof body.email === 'string' ? body.email.trim().toLowerCase() : null;

    if (LIMITED.has(path)) {
      const { perIp, perAccount, windowSec } = deps.server.authRateLimit;
      const checks = [{ key: `auth-ip:${path}:${ip}`, limit: perIp, windowSec }];
      // The account key is a hash: rate-limit rows must not hold e-mail addresses. Signed-in checks count per user.
      const account = email
        ? createHash('sha256').update(email).digest('hex')
        : path === '/change-password'
          ? hashedKeyPart(`user:${c.get('user')?.id ?? 'none'}`)
          : null;
      if (account) checks.push({ key: `auth-account:${path}:${account}`, limit: perAccount, windowSec });
      if (account && path === '/send-verification-email')
        checks.push({ key: `auth-resend:${account}`, ...RESEND_LIMIT });
      try {
        await enforceRateLimits(deps, checks);
      } catch (err) {
        if (err instanceof AppError && err.code === 'rate_limited' && path === '/sign-in/email' && email) {
          const userId = await userIdByEmail(deps, email);
          if (userId)
            await recordSecurityEvent(deps, {
              type: 'rate_limited',
              userId,
              ipAddress: ip,
              userAgent,
              detail: { path },
            });
        }
        throw err;
      }
    }
    let extras: z.infer<typeof signUpExtrasSchema> | null = null;
    if (path === '/sign-up/email') extras = signUpExtrasSchema.parse(body);
    // An address that has an account gets the answer a new one gets; its owner is told by e-mail instead.
    if (path === '/sign-up/email' && email && (await userIdByEmail(deps, email)))
      return c.json(await answerExistingSignUp(deps, email, extras!.name, body.password), 200);

    // Who was signed in before a sign-out, and whose reset token this is (both are gone afterwards).
    const before = path === '/sign-out' ? c.get('user') : null;
    const resetUserId =
      path === '/reset-password' && typeof body.token === 'string' ? await passwordResetUserId(deps, body.token) : null;

    const headers = new Headers(c.req.raw.headers);
    headers.set(CLIENT_IP_HEADER, ip);
    const res = await deps.auth.handler(
      new Request(c.req.raw.url, { method: c.req.method, headers, body: rawBody ?? null }),
    );

    const event = async (type: SecurityEventType, userId: string | null, detail: Record<string, unknown> = {}) => {
      if (userId) await recordSecurityEvent(deps, { type, userId, ipAddress: ip, userAgent, detail });
    };
    const ok = res.status >= 200 && res.status < 300;
    const json =
      ok && res.headers.get('content-type')?.includes('json')
        ? await res
            .clone()
            .json()
            .catch(() => null)
        : null;
    const resultUserId = (json as { user?: { id?: string } } | null)?.user?.id ?? null;

    if (path === '/sign-in/email') {
      if (ok) await event('sign_in_succeeded', resultUserId);
      else if (email)
        await event('sign_in_failed', await userIdByEmail(deps, email), {
          reason: res.status === 401 ? 'bad_credentials' : `status_${res.status}`,
        });
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
    if (path === '/request-password-reset') await waitForFloor(started, RESET_FLOOR_MS);
    return reshape(res, json, deps.settings.publicBaseUrl);
  });
  return app;
}

// Longer than either branch of a reset request takes (with mail through SMTP), so both answer after the same time.
const RESET_FLOOR_MS = 400;

/**
 * Sign-up with an address that already has an account: the same work (a password hash) and the same answer as a
 * new account, no account and no session; the address's owner gets an e-mail saying what happened.
 */
async function answerExistingSignUp(deps: ServerDeps, email: string, name: string, password: unknown) {
  // The checks better-auth makes of a new sign-up's password, with its answers, so they cannot tell the two apart.
  if (typeof password !== 'string' || password.length < 10) throw new AppError('invalid_input', 'Password too short');
  if (password.length > 128) throw new AppError('invalid_input', 'Password too long');
  await hashPassword(password);
  const link = (p: string) => `${deps.settings.publicBaseUrl}${p}`;
  await deps.mailer.send({
    to: email,
    subject: 'Someone tried to create a DialerSeat account with your address',
    text: [
      'Hello,',
      '',
      'Someone tried to create a DialerSeat account with this e-mail address, which already has one. No new account was made.',
      '',
      `If it was you, sign in at ${link('/sign-in')} or choose a new password at ${link('/forgot-password')}.`,
      'If it was not you, ignore this e-mail; nothing changed.',
    ].join('\n'),
  });
  const now = deps.clock.now();
  return {
    user: {
      id: randomBytes(24).toString('base64url').slice(0, 32),
      email,
      name,
      image: null,
      emailVerified: false,
      createdAt: now,
      updatedAt: now,
    },
  };
}

const codeFor = (status: number) =>
  status === 401
    ? 'unauthenticated'
    : status === 403
      ? 'forbidden'
      : status === 429
        ? 'rate_limited'
        : status === 422 || status === 400
          ? 'invalid_input'
          : status === 404
            ? 'not_found'
            : 'invalid_state';

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
