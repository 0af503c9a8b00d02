import { createHash, randomBytes } from 'node:crypto';
import type { ApiKeyView, CreatedApiKey } from '../../core/api/api-keys.types';
import { createApiKeySchema } from '../../core/api/api-keys.types';
import { AppError, notFound } from '../../core/errors';
import { apiKeyPrefix, formatApiKey } from '../../core/teams/api-key-secret';
import type { TeamScope } from '../../core/teams/scope';
import { getApiKey, insertApiKey, listApiKeys, revokeApiKey } from '../../db/queries/api-keys';
import type { AppDeps } from '../deps';

/** The stored form of a key: a SHA-256 (the key is 256 random bits, so no slow hash is needed). */
export const hashApiKey = (key: string) => createHash('sha256').update(key).digest('hex');

const MAX_LIVE_KEYS = 50;

type Row = Awaited<ReturnType<typeof listApiKeys>>[number];
const view = (r: Row): ApiKeyView => ({
  id: r.id,
  name: r.name,
  prefix: r.prefix,
  access: r.access,
  createdAt: r.createdAt.toISOString(),
  createdByName: r.createdByName,
  lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
  revokedAt: r.revokedAt?.toISOString() ?? null,
});

export async function listTeamApiKeys(deps: Pick<AppDeps, 'db'>, scope: TeamScope): Promise<ApiKeyView[]> {
  return (await listApiKeys(deps.db, scope)).map(view);
}

/** Creates a key (owners and admins; the route checks the role) and returns it whole, once. */
export async function createApiKey(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  scope: TeamScope,
  raw: unknown,
): Promise<CreatedApiKey> {
  const input = createApiKeySchema.parse(raw);
  const live = (await listApiKeys(deps.db, scope)).filter((k) => !k.revokedAt).length;
  if (live >= MAX_LIVE_KEYS)
    throw new AppError('invalid_state', `A team can have ${MAX_LIVE_KEYS} live keys; revoke one you no longer use`);
  const secret = formatApiKey(randomBytes(32));
  const id = await insertApiKey(deps.db, scope, {
    name: input.name,
    access: input.access,
    prefix: apiKeyPrefix(secret),
    secretHash: hashApiKey(secret),
    now: deps.clock.now(),
  });
  const row = await getApiKey(deps.db, scope, id);
  return { key: view(row!), secret };
}

/** Revokes a key at once: the next request made with it is refused. */
export async function revokeTeamApiKey(deps: Pick<AppDeps, 'db' | 'clock'>, scope: TeamScope, id: string) {
  const row = await getApiKey(deps.db, scope, id);
  if (!row) throw notFound('No such API key');
  if (!row.revokedAt) await revokeApiKey(deps.db, scope, id, deps.clock.now());
  return view((await getApiKey(deps.db, scope, id))!);
}
