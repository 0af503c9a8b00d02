import { and, eq, sql } from 'drizzle-orm';
import { PRESENCE_TIMEOUT_MS } from '../../core/dialer/agent-state';
import { statusRank } from '../../core/telephony/call-status';
import type { CallbackRouting } from '../../core/campaigns/campaign';
import type { Db } from '../client';
import { calls, campaigns, phoneNumbers, teams } from '../schema';
import { notifyAgentScreens, notifyCallChanged } from './call-changes';
import type { CallRow } from './calls';

// Calls into the team's numbers (decision 0026). Before the team is known these read across teams — the number
// called and the caller's number are all there is, as with a provider callback naming a call by its sid — and
// everything after that is filtered by the team found.

export type InboundOrigin = {
  teamId: string;
  /** The campaign that last called the caller, with its lead and agent; null when no call of ours reached them. */
  campaignId: string | null;
  leadId: string | null;
  lastAgentId: string | null;
};

/**
 * Whose call this is: the team, among those holding the number that was called, that last dialled the caller
 * (and that call's campaign, lead and agent); failing that, the number's team when only one team holds it.
 * Null when nobody can tell (an unknown number, or a shared one and a caller no team ever dialled).
 */
export async function findInboundOrigin(db: Db, input: { from: string; to: string }): Promise<InboundOrigin | null> {
  const holders = db.select({ teamId: phoneNumbers.teamId }).from(phoneNumbers).where(eq(phoneNumbers.e164, input.to));
  const [last] = await db
    .select({ teamId: calls.teamId, campaignId: calls.campaignId, leadId: calls.leadId, agentId: calls.agentId })
    .from(calls)
    .where(
      and(eq(calls.dialedNumber, input.from), eq(calls.direction, 'outbound'), sql`${calls.teamId} in (${holders})`),
    )
    .orderBy(sql`${calls.createdAt} desc`)
    .limit(1);
  if (last) return { teamId: last.teamId, campaignId: last.campaignId, leadId: last.leadId, lastAgentId: last.agentId };
  const owners = await holders.limit(2);
  if (owners.length !== 1) return null;
  return { teamId: owners[0]!.teamId, campaignId: null, leadId: null, lastAgentId: null };
}

/** Who the campaign wants to take a call back in (decision 0026); the default for a campaign not found. */
export async function campaignCallbackRouting(
  db: Db,
  input: { teamId: string; campaignId: string },
): Promise<CallbackRouting> {
  const [c] = await db
    .select({ routing: campaigns.callbackRouting })
    .from(campaigns)
    .where(and(eq(campaigns.teamId, input.teamId), eq(campaigns.id, input.campaignId)));
  return (c?.routing as CallbackRouting | undefined) ?? 'last_agent_first';
}

/** What the caller hears named when nobody can take the call: the campaign's seller, else the team's name. */
export async function inboundSellerName(db: Db, input: { teamId: string; campaignId: string | null }) {
  if (input.campaignId) {
    const [c] = await db
      .select({ seller: campaigns.safeHarborSeller })
      .from(campaigns)
      .where(and(eq(campaigns.teamId, input.teamId), eq(campaigns.id, input.campaignId)));
    if (c && c.seller.trim() !== '') return c.seller.trim();
  }
  const [t] = await db.select({ name: teams.name }).from(teams).where(eq(teams.id, input.teamId));
  return t?.name ?? '';
}

/**
 * The inbound call's row, answered now (our handler answers it). Keyed by the provider's sid: the voice URL
 * fetched twice for one call finds the row the first fetch wrote (`created` false).
 */
export async function insertInboundCall(
  db: Db,
  input: {
    teamId: string;
    campaignId: string | null;
    leadId: string | null;
    from: string;
    to: string;
    provider: 'signalwire' | 'simulator';
    providerSid: string;
    now: Date;
  },
): Promise<{ call: CallRow; created: boolean }> {
  const [row] = await db
    .insert(calls)
    .values({
      teamId: input.teamId,
      campaignId: input.campaignId,
      leadId: input.leadId,
      direction: 'inbound',
      dialedNumber: input.from,
      callerId: input.to,
      provider: input.provider,
      providerSid: input.providerSid,
      status: 'in-progress',
      statusRank: statusRank('in-progress'),
      queuedAt: input.now,
      ringingAt: input.now,
      answeredAt: input.now,
      createdAt: input.now,
      updatedAt: input.now,
    })
    .onConflictDoNothing({ target: calls.providerSid })
    .returning();
  if (row) return { call: row, created: true };
  const [existing] = await db.select().from(calls).where(eq(calls.providerSid, input.providerSid));
  if (!existing || existing.teamId !== input.teamId) throw new Error('inbound call sid already names another call');
  return { call: existing, created: false };
}

/**
 * Gives an answered call to a Ready agent of the campaign, in one statement: the preferred agent (for a call back
 * in, the one who last called the number) if they are Ready, else whoever has waited longest. Only a live session
 * (fresh heartbeat) whose audio is connected when the carrier needs it; the agent row is locked FOR UPDATE SKIP
 * LOCKED so two calls never take one agent. The lead the agent had on screen (a preview not yet dialled) goes back
 * to the list. With `reserveLead` (a predictive pacer line, decision 0028) the call's lead is reserved for the agent
 * who took it, as if they had dialled it. Returns the agent's session, or null when nobody is Ready.
 */
export async function claimReadyAgent(
  db: Db,
  input: {
    teamId: string;
    campaignId: string;
    preferUserId: string | null;
    call: CallRow;
    leadId: string | null;
    lineRequired: boolean;
    now: Date;
    reserveLead?: { until: Date };
  },
): Promise<{ sessionId: string; userId: string } | null> {
  const fresh = new Date(input.now.getTime() - PRESENCE_TIMEOUT_MS);
  return db.transaction(async (tx) => {
    const r = await tx.execute<{ id: string; user_id: string }>(sql`
      with pick as (
        select id, user_id, lead_id from agent_sessions
        where team_id = ${input.teamId} and campaign_id = ${input.campaignId} and state = 'ready'
          and last_heartbeat > ${fresh}
          ${input.lineRequired ? sql`and line_status = 'connected'` : sql``}
        order by (user_id is not distinct from ${input.preferUserId}) desc, since asc
        limit 1
        for update skip locked
      ),
      taken as (
        update agent_sessions s set state = 'dialing', since = ${input.now}, call_id = ${input.call.id},
          lead_id = ${input.leadId}, note = null
        from pick where s.id = pick.id
        returning s.id, s.user_id
      ),
      released as (
        update leads l set reserved_by = null, reserved_until = null, updated_at = ${input.now}
        from pick
        where l.id = pick.lead_id and l.reserved_by = pick.user_id and l.team_id = ${input.teamId}
          and l.id is distinct from ${input.leadId}::uuid
        returning l.id
      )${
        input.reserveLead
          ? sql`,
      reserved as (
        update leads l set reserved_by = taken.user_id, reserved_until = ${input.reserveLead.until},
          updated_at = ${input.now}
        from taken where l.id = ${input.leadId}::uuid and l.team_id = ${input.teamId}
        returning l.id
      )`
          : sql``
      }
      select id, user_id from taken`);
    const taken = r.rows[0];
    if (!taken) return null;
    const [call] = await tx
      .update(calls)
      .set({ agentId: taken.user_id, agentSessionId: taken.id, updatedAt: input.now })
      .where(and(eq(calls.teamId, input.teamId), eq(calls.id, input.call.id)))
      .returning();
    // The agent's screen learns of the call from this push (it reloads the lead and the call).
    if (call) await notifyCallChanged(tx, call);
    await notifyAgentScreens(tx, { teamId: input.teamId, userId: taken.user_id });
    return { sessionId: taken.id, userId: taken.user_id };
  });
}

/** Notes on the call what the caller chose at the menu (kept with the call, shown on its page). */
export async function noteInboundKey(db: Db, input: { teamId: string; callId: string; note: string; now: Date }) {
  await db
    .update(calls)
    .set({ notes: input.note, updatedAt: input.now })
    .where(and(eq(calls.teamId, input.teamId), eq(calls.id, input.callId)));
}

/** The inbound call a menu key press names (our id in the action URL, checked against the sid). */
export async function findInboundCall(db: Db, input: { callId: string; providerSid: string }) {
  const [row] = await db
    .select()
    .from(calls)
    .where(and(eq(calls.id, input.callId), eq(calls.providerSid, input.providerSid), eq(calls.direction, 'inbound')));
  return row ?? null;
}

/** A call back in (decision 0026): see `claimReadyAgent`. */
export const claimReadyAgentForInbound = claimReadyAgent;
