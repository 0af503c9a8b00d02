import { z } from 'zod';
import type { Role } from '../teams/roles';
import { isValidZone } from '../compliance/local-time';
import { emailSchema } from './auth.types';

// Teams' request shapes, shared by the server's routes (which parse with them) and the web (which checks a form with
// the same schema before sending, so both say the same thing). Decision 0013.

export type { Role };

export const teamNameSchema = z
  .string()
  .trim()
  .min(2, 'Team name needs at least 2 characters')
  .max(80, 'At most 80 characters');

/** POST /api/teams/:teamId/invitations */
export const inviteSchema = z.object({
  email: emailSchema,
  role: z.enum(['admin', 'agent']).default('agent'),
});
export type InviteRequest = z.input<typeof inviteSchema>;

/** PUT /api/teams/:teamId/time-zone: the IANA zone the team's reports count days in. */
export const teamTimeZoneSchema = z.object({
  timeZone: z.string().trim().max(64).refine(isValidZone, 'Pick a time zone from the list, such as America/New_York'),
});
export type TeamTimeZoneRequest = z.input<typeof teamTimeZoneSchema>;
