import { eq } from 'drizzle-orm';
import type { Db } from '../client';
import { users, verifications } from '../schema';

export async function findUserIdByEmail(db: Db, email: string) {
  const [row] = await db.select({ id: users.id }).from(users).where(eq(users.email, email.toLowerCase()));
  return row?.id ?? null;
}

/** better-auth keeps a reset token as verification `reset-password:<token>` whose value is the user id. */
export async function findPasswordResetUser(db: Db, token: string) {
  const [row] = await db
    .select({ userId: verifications.value })
    .from(verifications)
    .where(eq(verifications.identifier, `reset-password:${token}`));
  return row?.userId ?? null;
}

export async function updateUserName(db: Db, userId: string, name: string, now: Date) {
  await db.update(users).set({ name, updatedAt: now }).where(eq(users.id, userId));
}

/** The agent's display name, for the script's {{agent_name}}. */
export async function userDisplayName(db: Db, userId: string): Promise<string> {
  const [row] = await db.select({ name: users.name }).from(users).where(eq(users.id, userId));
  return row?.name ?? '';
}
