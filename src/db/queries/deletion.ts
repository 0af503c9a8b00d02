import { createHash } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { deletionLog } from '../schema';

// Tables that outlive a team's deletion because tax law needs them (their team_id is set null).
const KEPT_FOR_BILLING = new Set(['invoices', 'billing_customers', 'subscriptions', 'webhook_events']);

export const subjectHash = (id: string) => createHash('sha256').update(`deletion:${id}`).digest('hex');

/** Every table with a team_id column, discovered from the catalogue so a new feature's table is never missed. */
async function teamTables(db: Db): Promise<string[]> {
  const res = await db.execute<{ table_name: string }>(sql`
    select c.table_name from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = 'public' and c.column_name = 'team_id' and t.table_type = 'BASE TABLE'
    order by c.table_name`);
  return res.rows.map((r) => r.table_name).filter((t) => !KEPT_FOR_BILLING.has(t));
}

export async function countTeamRows(db: Db, teamId: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of await teamTables(db)) {
    const res = await db.execute<{ n: number }>(
      sql`select count(*)::int as n from ${sql.identifier(table)} where team_id = ${teamId}`,
    );
    const n = res.rows[0]?.n ?? 0;
    if (n > 0) counts[table] = n;
  }
  return counts;
}

/** Members whose only team is this one: their accounts exist for it and go with it. */
export async function usersOnlyInTeam(db: Db, teamId: string) {
  const res = await db.execute<{ id: string; email: string }>(sql`
    select u.id, u.email from users u join members m on m.user_id = u.id and m.team_id = ${teamId}
    where not exists (select 1 from members o where o.user_id = u.id and o.team_id <> ${teamId})`);
  return res.rows;
}

export async function deleteTeamRow(db: Db, teamId: string) {
  // Mail sent for this team's invitations names the team and the inviter: it goes too.
  await db.execute(
    sql`delete from mail_outbox where lower(to_address) in (select lower(email) from invitations where team_id = ${teamId})`,
  );
  // Every team table cascades from teams; invoices keep their rows with team_id set null.
  await db.execute(sql`delete from teams where id = ${teamId}`);
}

export async function deleteUsers(db: Db, users: { id: string; email: string }[]) {
  if (users.length === 0) return;
  const ids = users.map((u) => u.id);
  const emails = users.map((u) => u.email.toLowerCase());
  const emailList = sql`(${sql.join(
    emails.map((e) => sql`${e}`),
    sql`, `,
  )})`;
  await db.execute(sql`delete from mail_outbox where lower(to_address) in ${emailList}`);
  // Accepted invitations are history that still names the person; open ones belong to the inviting team.
  await db.execute(sql`delete from invitations where accepted_at is not null and lower(email) in ${emailList}`);
  await db.execute(
    sql`delete from users where id in ${sql`(${sql.join(
      ids.map((i) => sql`${i}`),
      sql`, `,
    )})`}`,
  );
}

export async function countUserRows(db: Db, userId: string) {
  const res = await db.execute<{ sessions: number; memberships: number; security_events: number }>(sql`
    select (select count(*)::int from sessions where user_id = ${userId}) as sessions,
           (select count(*)::int from members where user_id = ${userId}) as memberships,
           (select count(*)::int from security_events where user_id = ${userId}) as security_events`);
  return res.rows[0] ?? { sessions: 0, memberships: 0, security_events: 0 };
}

export async function soleOwnedTeams(db: Db, userId: string) {
  const res = await db.execute<{ id: string; name: string }>(sql`
    select t.id, t.name from teams t join members m on m.team_id = t.id and m.user_id = ${userId} and m.role = 'owner'
    where (select count(*) from members o where o.team_id = t.id and o.role = 'owner') = 1`);
  return res.rows;
}

/** Provider ids of every recording the team still has at the provider (not yet purged). */
export async function teamRecordingSids(db: Db, teamId: string): Promise<string[]> {
  const res = await db.execute<{ provider_sid: string }>(
    sql`select provider_sid from recordings where team_id = ${teamId} and deleted_at is null`,
  );
  return res.rows.map((r) => r.provider_sid);
}

/** The ids the team's files on disk are stored under: lead uploads (by import) and data exports (by export). */
export async function teamFileIds(db: Db, teamId: string): Promise<{ imports: string[]; exports: string[] }> {
  const imports = await db.execute<{ id: string }>(sql`select id from imports where team_id = ${teamId}`);
  const exports = await db.execute<{ id: string }>(sql`select id from data_exports where team_id = ${teamId}`);
  return { imports: imports.rows.map((r) => r.id), exports: exports.rows.map((r) => r.id) };
}

export async function markProviderCleanupDone(db: Db, deletionId: string) {
  await db.update(deletionLog).set({ providerCleanup: 'done' }).where(eq(deletionLog.id, deletionId));
}

export async function logDeletion(
  db: Db,
  entry: {
    kind: 'team' | 'account';
    subjectId: string;
    counts: Record<string, number>;
    at: Date;
    providerCleanup?: 'none' | 'pending';
  },
) {
  const [row] = await db
    .insert(deletionLog)
    .values({
      kind: entry.kind,
      subjectHash: subjectHash(entry.subjectId),
      counts: entry.counts,
      providerCleanup: entry.providerCleanup ?? 'none',
      requestedAt: entry.at,
      completedAt: entry.at,
    })
    .returning({ id: deletionLog.id });
  return row!.id;
}
