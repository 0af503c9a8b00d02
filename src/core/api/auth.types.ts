import { z } from 'zod';

// Account fields the browser checks before sending and the server enforces, from one place (decision 0013).

/** An e-mail address typed into a form (sign-up, invitations, password reset). */
export const emailSchema = z.email('Enter a valid e-mail address');

/** The shortest password accepted (better-auth's `minPasswordLength` on the server). */
export const MIN_PASSWORD_LENGTH = 10;
export const passwordSchema = z.string().min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters`);

/** The first message a schema has for `value`, or null when it is valid: a form's own check before it sends. */
export function problemWith(schema: z.ZodType, value: unknown): string | null {
  const r = schema.safeParse(value);
  return r.success ? null : (r.error.issues[0]?.message ?? 'Not valid');
}
