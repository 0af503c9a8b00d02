import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { NumberHealthInput } from '../../core/telephony/caller-id-health';
import type { TeamScope } from '../../core/teams/scope';
import type { Db } from '../client';
import { callerIdHealthEvents, members, phoneNumbers, teams, users } from '../schema';

/** Teams that have usable caller IDs: the only ones the health rule has anything to judge. */
export async function teamsWithCallerIds(db: Db) {
  return db
    .selectDistinct({ teamId: teams.id, settings: teams.callerIdHealth })
    .from(teams)
    .innerJoin(phoneNumbers, eq(phoneNumbers.teamId, teams.id))
    .where(and(eq(phoneNumbers.active, true), eq(phoneNumbers.atProvider, true)));
}

export async function getCallerIdHealthSettings(db: Db, scope: Pick<TeamScope, 'teamId'>): Promise<unknown> {
  const [row] = await db.select({ s: teams.callerIdHealth }).from(teams).where(eq(teams.id, scope.teamId));
  return row?.s ?? null;
}

export async function setCallerIdHealthSettings(db: Db, scope: TeamScope, settings: unknown) {
  await db.update(teams).set({ callerIdHealth: settings }).where(eq(teams.id, scope.teamId));
}

/**
 * The team's usable numbers with their ended and answered calls since `since`, read from the rollups and their
 * pending deltas (exact at any moment; never the calls table). Locks the numbers so two runs cannot both decide.
 */
export async function poolFigures(db: Db, teamId: string, since: Date, lock: boolean): Promise<NumberHealthInput[]> {
  const res = await db.execute<{
    id: string;
    e164: string;
    rested_until: string | null;
    calls: number;
    answered: number;
  }>(sql`
    with pool as (
      select id, e164, rested_until from phone_numbers
      where team_id = ${teamId} and active and at_provider
      order by id ${lock ? sql`for update` : sql``}
    ), r as (
      select caller_id, calls, outcome from call_rollups where team_id = ${teamId} and hour >= ${since}
      union all
      select caller_id, calls, outcome from call_rollup_deltas where team_id = ${teamId} and hour >= ${since}
    )
    select p.id, p.e164, p.rested_until,
      coalesce(sum(r.calls), 0)::int as calls,
      coalesce(sum(r.calls) filter (where r.outcome in ('human', 'machine')), 0)::int as answered
    from pool p left join r on r.caller_id = p.e164
    group by p.id, p.e164, p.rested_until
    order by p.e164`);
  return res.rows.map((r) => ({
    id: r.id,
    e164: r.e164,
    calls: Number(r.calls),
    answered: Number(r.answered),
    restedUntil: r.rested_until === null ? null : new Date(r.rested_until),
  }));
}

export type HealthEventInput = {
  phoneNumberId: string;
  e164: string;
  kind: 'rested' | 'revived';
  calls: number;
  answered: number;
  poolMedian: number | null;
  restedUntil: Date | null;
};

export async function applyHealthEvents(db: Db, teamId: string, events: HealthEventInput[], at: Date) {
  if (events.length === 0) return;
  for (const e of events) {
    await db
      .update(phoneNumbers)
      .set({ restedUntil: e.kind === 'rested' ? e.restedUntil : null, updatedAt: at })
      .where(and(eq(phoneNumbers.teamId, teamId), eq(phoneNumbers.id, e.phoneNumberId)));
  }
  await db.insert(callerIdHealthEvents).values(events.map((e) => ({ ...e, teamId, at })));
}

export async function listHealthEvents(db: Db, scope: TeamScope, limit: number) {
  return db
    .select({
      id: callerIdHealthEvents.id,
      phoneNumberId: callerIdHealthEvents.phoneNumberId,
      e164: callerIdHealthEvents.e164,
      kind: callerIdHealthEvents.kind,
      at: callerIdHealthEvents.at,
      calls: callerIdHealthEvents.calls,
      answered: callerIdHealthEvents.answered,
      poolMedian: callerIdHealthEvents.poolMedian,
      restedUntil: callerIdHealthEvents.restedUntil,
    })
    .from(callerIdHealthEvents)
    .where(eq(callerIdHealthEvents.teamId, scope.teamId))
    .orderBy(desc(callerIdHealthEvents.at), desc(callerIdHealthEvents.id))
    .limit(limit);
}

/** E-mail addresses of the team's owners and admins, who get told when a number is rested. */
export async function adminEmails(db: Db, teamId: string): Promise<string[]> {
  const rows = await db
    .select({ email: users.email })
    .from(members)
    .innerJoin(users, eq(users.id, members.userId))
    .where(and(eq(members.teamId, teamId), inArray(members.role, ['owner', 'admin'])));
  return rows.map((r) => r.email);
}
