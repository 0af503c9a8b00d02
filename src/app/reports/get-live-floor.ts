import type { FloorAgent, FloorCampaign, FloorPatch, FloorSnapshot, FloorToday } from '../../core/api/floor.types';
import { callableZonesNow } from '../../core/compliance';
import { floorDay, seatView } from '../../core/floor/floor';
import type { TeamScope } from '../../core/teams/scope';
import {
  countCampaignsNow,
  listFloorCampaigns,
  listFloorSeats,
  readFloorTouched,
  type FloorCampaignRow,
  type FloorSeatRow,
} from '../../db/queries/floor';
import { sumRollups } from '../../db/queries/report-rollups';
import { getTeam } from '../../db/queries/teams';
import type { AppDeps } from '../deps';
import { floorAbandonRate } from './floor-abandon';

// The live floor (wallboard) for owners and admins: every agent's state, current call and today's figures, and per
// campaign the lines in flight, the legal abandon rate and the leads callable now. The page loads the snapshot once
// (and again after a reconnect); after that the realtime hub pushes the rows one change touched, read by the same
// functions (getLiveFloorPatch), so a pushed row and a snapshot row can never disagree on a definition.

type Deps = Pick<AppDeps, 'db' | 'clock'>;

const NO_CALLS: FloorToday = { calls: 0, connects: 0, talkSec: 0 };

async function agentRows(deps: Deps, scope: TeamScope, seats: FloorSeatRow[], zone: string, now: Date) {
  if (seats.length === 0) return [];
  const day = floorDay(now, zone);
  const only = seats.length === 1 ? seats[0]?.userId : undefined;
  // Today's ended calls per agent from the daily rollups (the team's day) (exact, never a scan of the calls table).
  const sums = await sumRollups(
    deps.db,
    scope,
    { since: day.from, until: day.to, agentId: only, days: { from: day.date, to: day.date } },
    ['agent_id'],
    zone,
  );
  const today = new Map(
    sums.map((s) => [
      s.key.agent_id,
      { calls: s.calls, connects: s.connected, talkSec: s.talkSec } satisfies FloorToday,
    ]),
  );
  const asOf = now.toISOString();
  return seats.map((s): FloorAgent => ({
    userId: s.userId,
    name: s.name,
    campaignId: s.campaignId,
    ...seatView(s.seat, now),
    today: today.get(s.userId) ?? NO_CALLS,
    asOf,
  }));
}

async function campaignRows(deps: Deps, scope: TeamScope, campaigns: readonly FloorCampaignRow[], now: Date) {
  if (campaigns.length === 0) return [];
  const ids = campaigns.map((c) => c.id);
  const [live, abandon] = await Promise.all([
    countCampaignsNow(deps.db, scope, { campaignIds: ids, zones: callableZonesNow(now), now }),
    Promise.all(campaigns.map((c) => floorAbandonRate(deps, scope, c))),
  ]);
  const asOf = now.toISOString();
  return campaigns.map((c, i): FloorCampaign => ({
    id: c.id,
    name: c.name,
    linesInFlight: live.get(c.id)?.linesInFlight ?? 0,
    abandonRate: abandon[i]?.rate ?? null,
    liveAnswers30d: abandon[i]?.liveAnswered ?? 0,
    targetBp: c.targetAbandonBp,
    callableNow: live.get(c.id)?.callableNow ?? 0,
    asOf,
  }));
}

async function teamZone(deps: Deps, scope: Pick<TeamScope, 'teamId'>): Promise<string> {
  return (await getTeam(deps.db, scope))?.timeZone ?? 'UTC';
}

/** The whole board (owners and admins: the route checks the role). */
export async function getLiveFloor(deps: Deps, scope: TeamScope): Promise<FloorSnapshot> {
  const now = deps.clock.now();
  const [zone, seats, campaignList] = await Promise.all([
    teamZone(deps, scope),
    listFloorSeats(deps.db, scope),
    listFloorCampaigns(deps.db, scope),
  ]);
  const [agents, campaigns] = await Promise.all([
    agentRows(deps, scope, seats, zone, now),
    campaignRows(deps, scope, campaignList, now),
  ]);
  return { timeZone: zone, today: floorDay(now, zone).date, agents, campaigns, generatedAt: now.toISOString() };
}

/** What changed on a team's floor: agents whose seat changed, and calls whose status changed (with their agent). */
export type FloorChange = { teamId: string; userIds: readonly string[]; callIds: readonly string[] };

/**
 * The rows one batch of changes touched: the named agents, the campaigns of the named calls and of those agents'
 * seats. Run by the realtime hub (once per instance per batch, whatever the number of boards watching), never for a
 * request, so it reads with a system scope on the team the change came from.
 */
export async function getLiveFloorPatch(deps: Deps, change: FloorChange): Promise<FloorPatch> {
  const scope: TeamScope = { teamId: change.teamId, userId: 'system', role: 'owner' };
  const now = deps.clock.now();
  // Two round trips in all: what the change touched (zone, seats, their campaigns), then every count at once.
  const touched =
    change.userIds.length > 0 || change.callIds.length > 0
      ? await readFloorTouched(deps.db, scope, change)
      : { timeZone: 'UTC', seats: [], campaigns: [] };
  const [agents, campaigns] = await Promise.all([
    agentRows(deps, scope, touched.seats, touched.timeZone, now),
    campaignRows(deps, scope, touched.campaigns, now),
  ]);
  return { agents, campaigns, generatedAt: now.toISOString() };
}
