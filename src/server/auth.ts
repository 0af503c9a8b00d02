import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { MIN_PASSWORD_LENGTH } from '../core/api/auth.types';
import type { RootDb } from '../db/client';
import * as schema from '../db/schema';
import type { Mailer } from '../ports/mailer';

export const CLIENT_IP_HEADER = 'x-dialerseat-client-ip';

export type AuthSettings = { secret: string; publicBaseUrl: string; trustedOrigins: string[]; secureCookies: boolean };

/**
 * better-auth owns passwords (scrypt hashes in accounts.password) and sessions (with IP and user
 * agent). Teams, roles, invitations and rate limits are ours (docs/decisions/0002).
 */
export function createAuth(db: RootDb, mailer: Mailer, settings: AuthSettings) {
  return betterAuth({
    appName: 'DialerSeat',
    baseURL: settings.publicBaseUrl,
    basePath: '/api/auth',
    secret: settings.secret,
    trustedOrigins: settings.trustedOrigins,
    telemetry: { enabled: false },
    database: drizzleAdapter(db, {
      provider: 'pg',
      usePlural: true,
      schema: {
        users: schema.users,
        sessions: schema.sessions,
        accounts: schema.accounts,
        verifications: schema.verifications,
      },
    }),
    emailAndPassword: {
      enabled: true,
      minPasswordLength: MIN_PASSWORD_LENGTH,
      maxPasswordLength: 128,
      autoSignIn: true,
      revokeSessionsOnPasswordReset: true,
      resetPasswordTokenExpiresIn: 3600,
      sendResetPassword: async ({ user, token }) => {
        const link = `${settings.publicBaseUrl}/reset-password?token=${encodeURIComponent(token)}`;
        // No user-chosen text (such as the name) in account mail: anyone can sign up with someone else's address.
        await mailer.send({
          to: user.email,
          subject: 'Reset your DialerSeat password',
          text: [
            'Hello,',
            '',
            `Someone (hopefully you) asked to reset the password of your DialerSeat account. Choose a new one here: ${link}`,
            '',
            'The link works for one hour. If you did not ask for this, ignore this e-mail; your password stays as it is.',
          ].join('\n'),
        });
      },
    },
    // Addresses are verified by a link to our own /verify-email page; until then the account works, but nothing
    // that trusts an address (operator rights) applies to it.
    emailVerification: {
      sendOnSignUp: true,
      autoSignInAfterVerification: false,
      expiresIn: 60 * 60 * 24 * 3,
      sendVerificationEmail: async ({ user, token }) => {
        const link = `${settings.publicBaseUrl}/verify-email?token=${encodeURIComponent(token)}`;
        await mailer.send({
          to: user.email,
          subject: 'Confirm your e-mail address for DialerSeat',
          text: [
            'Hello,',
            '',
            `Someone (hopefully you) created a DialerSeat account with this address. Confirm it here: ${link}`,
            '',
            'The link works for three days. If you did not create an account, ignore this e-mail.',
          ].join('\n'),
        });
      },
    },
    session: { expiresIn: 60 * 60 * 24 * 14, updateAge: 60 * 60 * 24, cookieCache: { enabled: false } },
    // Our own limiter (shared by every instance, per IP and per account) guards these routes.
    rateLimit: { enabled: false },
    advanced: {
      cookiePrefix: 'dialerseat',
      useSecureCookies: settings.secureCookies,
      defaultCookieAttributes: { httpOnly: true, sameSite: 'lax', secure: settings.secureCookies },
      ipAddress: { ipAddressHeaders: [CLIENT_IP_HEADER] },
      // better-auth skips its origin check under a test runner unless told: tests must see what users see.
      disableOriginCheck: false,
    },
    logger: { disabled: true },
  });
}

export type Auth = ReturnType<typeof createAuth>;
