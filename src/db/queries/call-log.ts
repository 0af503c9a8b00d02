import { and, desc, eq, gte, lt, or, sql, type SQL } from 'drizzle-orm';
import { hasRole } from '../../core/teams/roles';
import type { TeamScope } from '../../core/teams/scope';
import type { Db } from '../client';
import { isAbandoned, isLiveAnswer, ringMs } from './compliance';
import { calls, campaigns, leads, recordings, users, voicemailDrops } from '../schema';

// The call log, its call page, and the campaign overview's figures. Agents see their own calls only; admins and
// owners the team's. Pages are keyset on (created_at, id), newest first, over calls_team_created_idx.

export type CallLogFilter = {
  campaignId?: string | undefined;
  agentId?: string | undefined;
  leadId?: string | undefined;
  disposition?: string | undefined;
  outcome?: string | undefined;
  direction?: 'outbound' | 'inbound' | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
};

function visible(scope: TeamScope): SQL {
  const team = eq(calls.teamId, scope.teamId);
  return hasRole(scope.role, 'admin') ? team : and(team, eq(calls.agentId, scope.userId))!;
}

function where(scope: TeamScope, f: CallLogFilter, after: { createdAt: Date; id: string } | null): SQL {
  return and(
    visible(scope),
    f.campaignId ? eq(calls.campaignId, f.campaignId) : undefined,
    f.agentId ? eq(calls.agentId, f.agentId) : undefined,
    f.leadId ? eq(calls.leadId, f.leadId) : undefined,
    f.disposition
      ? f.disposition === 'none'
        ? sql`${calls.disposition} is null`
        : eq(calls.disposition, f.disposition)
      : undefined,
    f.outcome ? eq(calls.outcome, f.outcome as 'human') : undefined,
    f.direction ? eq(calls.direction, f.direction) : undefined,
    f.from ? gte(calls.createdAt, f.from) : undefined,
    f.to ? lt(calls.createdAt, f.to) : undefined,
    after
      ? or(lt(calls.createdAt, after.createdAt), and(eq(calls.createdAt, after.createdAt), lt(calls.id, after.id)))
      : undefined,
  )!;
}

const listColumns = {
  id: calls.id,
  createdAt: calls.createdAt,
  campaignId: calls.campaignId,
  campaignName: campaigns.name,
  agentId: calls.agentId,
  agentName: users.name,
  leadId: calls.leadId,
  leadFirstName: leads.firstName,
  leadLastName: leads.lastName,
  direction: calls.direction,
  dialedNumber: calls.dialedNumber,
  callerId: calls.callerId,
  status: calls.status,
  outcome: calls.outcome,
  amdResult: calls.amdResult,
  disposition: calls.disposition,
  // The campaign's label for the key ("Not interested" for not_interested); the key when the campaign no longer has it.
  dispositionLabel: sql<
    string | null
  >`coalesce((select d->>'label' from jsonb_array_elements(${campaigns.dispositions}) d where d->>'key' = ${calls.disposition} limit 1), ${calls.disposition})`,
  notes: calls.notes,
  callbackAt: calls.callbackAt,
  answeredAt: calls.answeredAt,
  endedAt: calls.endedAt,
  endInferred: calls.endInferred,
  durationSec: calls.durationSec,
  record: calls.record,
  // The voicemail drop played on the call, if any (decision 0029).
  voicemailDropAt: voicemailDrops.playedAt,
  voicemailDropMessage: voicemailDrops.messageName,
};

export type CallLogRow = {
  id: string;
  createdAt: Date;
  campaignId: string | null;
  campaignName: string | null;
  agentId: string | null;
  agentName: string | null;
  leadId: string | null;
  leadFirstName: string | null;
  leadLastName: string | null;
  direction: 'outbound' | 'inbound';
  dialedNumber: string;
  callerId: string;
  status: string;
  outcome: string | null;
  amdResult: string | null;
  disposition: string | null;
  dispositionLabel: string | null;
  notes: string | null;
  callbackAt: Date | null;
  answeredAt: Date | null;
  endedAt: Date | null;
  /** The provider lost the call: `endedAt` is the last time it was known alive, and an answered call's duration is unknown. */
  endInferred: boolean;
  durationSec: number | null;
  record: boolean;
  voicemailDropAt: Date | null;
  voicemailDropMessage: string | null;
};

export async function listCallLog(
  db: Db,
  scope: TeamScope,
  filter: CallLogFilter,
  page: { after: { createdAt: Date; id: string } | null; limit: number },
): Promise<CallLogRow[]> {
  return db
    .select(listColumns)
    .from(calls)
    .leftJoin(campaigns, eq(campaigns.id, calls.campaignId))
    .leftJoin(users, eq(users.id, calls.agentId))
    .leftJoin(leads, eq(leads.id, calls.leadId))
    .leftJoin(voicemailDrops, eq(voicemailDrops.callId, calls.id))
    .where(where(scope, filter, page.after))
    .orderBy(desc(calls.createdAt), desc(calls.id))
    .limit(page.limit);
}

export type CallDetail = CallLogRow & {
  queuedAt: Date;
  ringingAt: Date | null;
  complianceDecision: Record<string, unknown> | null;
  recordingConsentConfirmed: boolean;
  /** The call's abandoned-call record (decision 0025). */
  safeHarbor: {
    recorded: boolean;
    ringMs: number | null;
    agentConnectedAt: Date | null;
    messageAt: Date | null;
    abandoned: boolean | null;
  };
  lead: { state: string | null; timezones: string[]; email: string | null } | null;
  recording: { status: string; durationSec: number | null; expiresAt: Date; deletedAt: Date | null } | null;
};

export async function getCallDetail(db: Db, scope: TeamScope, callId: string): Promise<CallDetail | null> {
  const [row] = await db
    .select({
      ...listColumns,
      queuedAt: calls.queuedAt,
      ringingAt: calls.ringingAt,
      complianceDecision: calls.complianceDecision,
      recordingConsentConfirmed: calls.recordingConsentConfirmed,
      shRecorded: calls.connectRecorded,
      shRingMs: ringMs,
      shConnectedAt: calls.agentConnectedAt,
      shMessageAt: calls.safeHarborAt,
      shAbandoned: sql<
        boolean | null
      >`case when ${calls.connectRecorded} and ${isLiveAnswer} and ${calls.statusRank} = 4
        then ${isAbandoned} end`,
      leadState: leads.state,
      leadTimezones: leads.timezones,
      leadEmail: leads.email,
    })
    .from(calls)
    .leftJoin(campaigns, eq(campaigns.id, calls.campaignId))
    .leftJoin(users, eq(users.id, calls.agentId))
    .leftJoin(leads, eq(leads.id, calls.leadId))
    .leftJoin(voicemailDrops, eq(voicemailDrops.callId, calls.id))
    .where(and(visible(scope), eq(calls.id, callId)));
  if (!row) return null;
  const [rec] = await db
    .select({
      status: recordings.status,
      durationSec: recordings.durationSec,
      expiresAt: recordings.expiresAt,
      deletedAt: recordings.deletedAt,
    })
    .from(recordings)
    .where(and(eq(recordings.callId, callId), eq(recordings.teamId, scope.teamId)))
    .orderBy(desc(recordings.createdAt))
    .limit(1);
  const {
    leadState,
    leadTimezones,
    leadEmail,
    shRecorded,
    shRingMs,
    shConnectedAt,
    shMessageAt,
    shAbandoned,
    ...call
  } = row;
  return {
    safeHarbor: {
      recorded: shRecorded,
      ringMs: shRingMs,
      agentConnectedAt: shConnectedAt,
      messageAt: shMessageAt,
      abandoned: shAbandoned,
    },
    ...call,
    lead: call.leadId ? { state: leadState, timezones: leadTimezones ?? [], email: leadEmail } : null,
    recording: rec ?? null,
  };
}

export type CampaignFigures = { calls: number; connects: number; talkSec: number };

/**
 * Calls, connects (a person answered) and talk time since `since`, for one campaign: the calls it placed, as the
 * reports count them (calls back in are not its dials; decision 0026).
 */
export async function campaignFigures(
  db: Db,
  scope: TeamScope,
  input: { campaignId: string; since: Date },
): Promise<CampaignFigures> {
  const [row] = await db
    .select({
      calls: sql<number>`count(*)::int`,
      connects: sql<number>`count(*) filter (where ${calls.outcome} = 'human')::int`,
      talkSec: sql<number>`coalesce(sum(${calls.durationSec}) filter (where ${calls.answeredAt} is not null), 0)::int`,
    })
    .from(calls)
    .where(
      and(
        eq(calls.teamId, scope.teamId),
        eq(calls.campaignId, input.campaignId),
        eq(calls.direction, 'outbound'),
        gte(calls.createdAt, input.since),
      ),
    );
  return row ?? { calls: 0, connects: 0, talkSec: 0 };
}

export async function dispositionCounts(db: Db, scope: TeamScope, input: { campaignId: string; since: Date }) {
  return db
    .select({ disposition: calls.disposition, count: sql<number>`count(*)::int` })
    .from(calls)
    .where(
      and(
        eq(calls.teamId, scope.teamId),
        eq(calls.campaignId, input.campaignId),
        eq(calls.direction, 'outbound'),
        gte(calls.createdAt, input.since),
      ),
    )
    .groupBy(calls.disposition)
    .orderBy(desc(sql`count(*)`));
}
