import { and, desc, eq, isNull, lt, sql } from 'drizzle-orm';
import type { Role } from '../../core/teams/roles';
import type { TeamScope } from '../../core/teams/scope';
import type { Db } from '../client';
import { apiIdempotency, apiKeys, members, users } from '../schema';

export type ApiKeyAccess = (typeof apiKeys.$inferSelect)['access'];

const listed = {
  id: apiKeys.id,
  name: apiKeys.name,
  prefix: apiKeys.prefix,
  access: apiKeys.access,
  createdAt: apiKeys.createdAt,
  lastUsedAt: apiKeys.lastUsedAt,
  revokedAt: apiKeys.revokedAt,
  createdByName: users.name,
};

export async function insertApiKey(
  db: Db,
  scope: TeamScope,
  input: { name: string; prefix: string; secretHash: string; access: ApiKeyAccess; now: Date },
) {
  const [row] = await db
    .insert(apiKeys)
    .values({ teamId: scope.teamId, createdBy: scope.userId, createdAt: input.now, ...input })
    .returning({ id: apiKeys.id });
  return row!.id;
}

export async function listApiKeys(db: Db, scope: TeamScope) {
  return db
    .select(listed)
    .from(apiKeys)
    .leftJoin(users, eq(users.id, apiKeys.createdBy))
    .where(eq(apiKeys.teamId, scope.teamId))
    .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id));
}

export async function getApiKey(db: Db, scope: TeamScope, id: string) {
  const [row] = await db
    .select(listed)
    .from(apiKeys)
    .leftJoin(users, eq(users.id, apiKeys.createdBy))
    .where(and(eq(apiKeys.teamId, scope.teamId), eq(apiKeys.id, id)));
  return row ?? null;
}

/** Revokes a live key of the team; false when there is no such live key. */
export async function revokeApiKey(db: Db, scope: TeamScope, id: string, now: Date) {
  const rows = await db
    .update(apiKeys)
    .set({ revokedAt: now })
    .where(and(eq(apiKeys.teamId, scope.teamId), eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  return rows.length === 1;
}

/**
 * A live key by the hash of its secret, with its creator's current membership of the key's team (null role when
 * they left it). Not team-scoped: this is what establishes the team.
 */
export async function findLiveApiKeyBySecretHash(db: Db, secretHash: string) {
  const [row] = await db
    .select({
      id: apiKeys.id,
      teamId: apiKeys.teamId,
      access: apiKeys.access,
      createdBy: apiKeys.createdBy,
      lastUsedAt: apiKeys.lastUsedAt,
      role: members.role,
    })
    .from(apiKeys)
    .leftJoin(members, and(eq(members.teamId, apiKeys.teamId), eq(members.userId, apiKeys.createdBy)))
    .where(and(eq(apiKeys.secretHash, secretHash), isNull(apiKeys.revokedAt)));
  return row ? { ...row, role: row.role as Role | null } : null;
}

export async function touchApiKey(db: Db, id: string, now: Date) {
  await db.update(apiKeys).set({ lastUsedAt: now }).where(eq(apiKeys.id, id));
}

export type StoredIdempotency = { requestHash: string; status: number | null; response: unknown };

/**
 * Claims an idempotency key for a request: null when this request is the first (a pending row now holds the key),
 * else what is stored for it (status null while the first is still running).
 */
export async function claimIdempotencyKey(
  db: Db,
  input: { apiKeyId: string; teamId: string; key: string; requestHash: string; now: Date },
): Promise<StoredIdempotency | null> {
  const inserted = await db
    .insert(apiIdempotency)
    .values({ ...input, createdAt: input.now })
    .onConflictDoNothing()
    .returning({ key: apiIdempotency.key });
  if (inserted.length === 1) return null;
  const [row] = await db
    .select({
      requestHash: apiIdempotency.requestHash,
      status: apiIdempotency.status,
      response: apiIdempotency.response,
    })
    .from(apiIdempotency)
    .where(and(eq(apiIdempotency.apiKeyId, input.apiKeyId), eq(apiIdempotency.key, input.key)));
  // Purged between the two statements: treat as taken and still running, the client retries.
  return row ?? { requestHash: input.requestHash, status: null, response: null };
}

export async function storeIdempotentResponse(
  db: Db,
  input: { apiKeyId: string; key: string; status: number; response: unknown },
) {
  await db
    .update(apiIdempotency)
    .set({ status: input.status, response: sql`${JSON.stringify(input.response)}::jsonb` })
    .where(and(eq(apiIdempotency.apiKeyId, input.apiKeyId), eq(apiIdempotency.key, input.key)));
}

/** Frees a key whose request failed on our side, so a retry runs again. */
export async function releaseIdempotencyKey(db: Db, input: { apiKeyId: string; key: string }) {
  await db
    .delete(apiIdempotency)
    .where(
      and(
        eq(apiIdempotency.apiKeyId, input.apiKeyId),
        eq(apiIdempotency.key, input.key),
        isNull(apiIdempotency.status),
      ),
    );
}

export async function purgeIdempotencyKeys(db: Db, olderThan: Date) {
  const rows = await db
    .delete(apiIdempotency)
    .where(lt(apiIdempotency.createdAt, olderThan))
    .returning({ key: apiIdempotency.key });
  return rows.length;
}
