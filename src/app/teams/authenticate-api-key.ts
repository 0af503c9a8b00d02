import { AppError } from '../../core/errors';
import { looksLikeApiKey } from '../../core/teams/api-key-secret';
import { hasRole } from '../../core/teams/roles';
import type { TeamScope } from '../../core/teams/scope';
import { findLiveApiKeyBySecretHash, touchApiKey } from '../../db/queries/api-keys';
import type { AppDeps } from '../deps';
import { hashApiKey } from './manage-api-keys';

// "Last used" is written at most this often per key, not on every request.
const TOUCH_EVERY_MS = 60_000;

export type ApiCaller = { keyId: string; access: 'read' | 'read_write'; scope: TeamScope };

const refused = () =>
  new AppError(
    'unauthenticated',
    'Send a live API key as "Authorization: Bearer dsk_…" (create one in Settings → API keys)',
  );

/**
 * Resolves a bearer key to the team scope it acts in: its creator's membership of the key's team, as the session
 * path would make it. A revoked key, or one whose creator has left the team or is no longer an owner or admin,
 * is refused at once.
 */
export async function authenticateApiKey(deps: Pick<AppDeps, 'db' | 'clock'>, presented: string): Promise<ApiCaller> {
  if (!looksLikeApiKey(presented)) throw refused();
  const key = await findLiveApiKeyBySecretHash(deps.db, hashApiKey(presented));
  if (!key || !key.createdBy || !key.role || !hasRole(key.role, 'admin')) throw refused();
  const now = deps.clock.now();
  if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() > TOUCH_EVERY_MS)
    await touchApiKey(deps.db, key.id, now);
  return { keyId: key.id, access: key.access, scope: { teamId: key.teamId, userId: key.createdBy, role: key.role } };
}
