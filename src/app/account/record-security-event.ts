import { insertSecurityEvents, type SecurityEventInput } from '../../db/queries/security-events';
import { listTeamsForUser } from '../../db/queries/teams';
import type { AppDeps } from '../deps';

export const securityEventTypes = [
  'sign_in_succeeded',
  'sign_in_failed',
  'sign_out',
  'sign_up',
  'password_changed',
  'password_reset_requested',
  'password_reset',
  'session_revoked',
  'other_sessions_revoked',
  'member_role_changed',
  'member_removed',
  'member_invited',
  'invitation_revoked',
  'invitation_accepted',
  'rate_limited',
] as const;
export type SecurityEventType = (typeof securityEventTypes)[number];

/**
 * Records an account-level event once per team the user belongs to (so each team's owners see
 * it on their security page) or once without a team when the user has none.
 */
export async function recordSecurityEvent(
  deps: Pick<AppDeps, 'db'>,
  e: Omit<SecurityEventInput, 'type'> & { type: SecurityEventType },
) {
  if (e.teamId !== undefined) return insertSecurityEvents(deps.db, [e]);
  const teams = e.userId ? await listTeamsForUser(deps.db, e.userId) : [];
  const rows = teams.length ? teams.map((t) => ({ ...e, teamId: t.id })) : [{ ...e, teamId: null }];
  await insertSecurityEvents(deps.db, rows);
}
