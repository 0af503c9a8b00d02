import { and, desc, eq, isNotNull, sql } from 'drizzle-orm';
import type { TeamScope } from '../../core/teams/scope';
import type { Db } from '../client';
import { leadConsents, leadDripDeliveries, leadDrips } from '../schema';

export async function getLeadDrip(db: Db, scope: TeamScope, campaignId: string) {
  const [row] = await db
    .select({
      tokenPrefix: leadDrips.tokenPrefix,
      enabledAt: leadDrips.enabledAt,
      mapping: leadDrips.mapping,
      updatedAt: leadDrips.updatedAt,
    })
    .from(leadDrips)
    .where(and(eq(leadDrips.teamId, scope.teamId), eq(leadDrips.campaignId, campaignId)));
  return row ?? null;
}

/** Turns the campaign's drip URL on with a new token (the old one, if any, stops working in the same statement). */
export async function setLeadDripToken(
  db: Db,
  scope: TeamScope,
  campaignId: string,
  input: { tokenHash: string; tokenPrefix: string; now: Date },
) {
  await db
    .insert(leadDrips)
    .values({ campaignId, teamId: scope.teamId, ...input, enabledAt: input.now, updatedAt: input.now })
    .onConflictDoUpdate({
      target: leadDrips.campaignId,
      set: { tokenHash: input.tokenHash, tokenPrefix: input.tokenPrefix, enabledAt: input.now, updatedAt: input.now },
      where: eq(leadDrips.teamId, scope.teamId),
    });
}

export async function disableLeadDrip(db: Db, scope: TeamScope, campaignId: string, now: Date) {
  await db
    .update(leadDrips)
    .set({ tokenHash: null, tokenPrefix: null, enabledAt: null, updatedAt: now })
    .where(and(eq(leadDrips.teamId, scope.teamId), eq(leadDrips.campaignId, campaignId)));
}

export async function saveLeadDripMapping(
  db: Db,
  scope: TeamScope,
  campaignId: string,
  mapping: Record<string, string>,
  now: Date,
) {
  await db
    .insert(leadDrips)
    .values({ campaignId, teamId: scope.teamId, mapping, updatedAt: now })
    .onConflictDoUpdate({
      target: leadDrips.campaignId,
      set: { mapping, updatedAt: now },
      where: eq(leadDrips.teamId, scope.teamId),
    });
}

/** The enabled drip a token opens, or null. Not team-scoped: the token is what establishes the team. */
export async function findEnabledLeadDrip(db: Db, tokenHash: string) {
  const [row] = await db
    .select({ campaignId: leadDrips.campaignId, teamId: leadDrips.teamId, mapping: leadDrips.mapping })
    .from(leadDrips)
    .where(and(eq(leadDrips.tokenHash, tokenHash), isNotNull(leadDrips.enabledAt)));
  return row ?? null;
}

export async function insertLeadDripDelivery(
  db: Db,
  scope: Pick<TeamScope, 'teamId'>,
  input: {
    campaignId: string;
    status: number;
    leads: number;
    counts: Record<string, number>;
    error: string | null;
    now: Date;
  },
) {
  await db.insert(leadDripDeliveries).values({
    teamId: scope.teamId,
    campaignId: input.campaignId,
    receivedAt: input.now,
    status: input.status,
    leads: input.leads,
    counts: input.counts,
    error: input.error,
  });
}

export async function listLeadDripDeliveries(db: Db, scope: TeamScope, campaignId: string, limit = 50) {
  return db
    .select({
      id: leadDripDeliveries.id,
      receivedAt: leadDripDeliveries.receivedAt,
      status: leadDripDeliveries.status,
      leads: leadDripDeliveries.leads,
      counts: leadDripDeliveries.counts,
      error: leadDripDeliveries.error,
    })
    .from(leadDripDeliveries)
    .where(and(eq(leadDripDeliveries.teamId, scope.teamId), eq(leadDripDeliveries.campaignId, campaignId)))
    .orderBy(desc(leadDripDeliveries.receivedAt), desc(leadDripDeliveries.id))
    .limit(limit);
}

export async function insertLeadConsents(
  db: Db,
  scope: Pick<TeamScope, 'teamId'>,
  rows: { leadId: string; consentedAt: Date | null; source: string | null; proofUrl: string | null; via: string }[],
  now: Date,
) {
  if (rows.length === 0) return;
  // The rows go as one JSON parameter: building a VALUES list of hundreds of rows through the query builder cost
  // more CPU than the insert itself (a drip batch carries up to 1,000).
  await db.execute(sql`
    insert into lead_consents (team_id, lead_id, consented_at, source, proof_url, via, created_at)
    select ${scope.teamId}, r.lead_id, r.consented_at, r.source, r.proof_url, r.via, ${now}
    from json_to_recordset(${JSON.stringify(
      rows.map((r) => ({
        lead_id: r.leadId,
        consented_at: r.consentedAt?.toISOString() ?? null,
        source: r.source,
        proof_url: r.proofUrl,
        via: r.via,
      })),
    )}::json) as r(lead_id uuid, consented_at timestamptz, source text, proof_url text, via text)`);
}

export async function listLeadConsents(db: Db, scope: TeamScope, leadId: string) {
  return db
    .select({
      id: leadConsents.id,
      consentedAt: leadConsents.consentedAt,
      source: leadConsents.source,
      proofUrl: leadConsents.proofUrl,
      via: leadConsents.via,
      createdAt: leadConsents.createdAt,
    })
    .from(leadConsents)
    .where(and(eq(leadConsents.teamId, scope.teamId), eq(leadConsents.leadId, leadId)))
    .orderBy(desc(leadConsents.createdAt));
}
