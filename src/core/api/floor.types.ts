import type { AgentState } from '../dialer/agent-state';

// The live floor (wallboard) as the browser receives it: a snapshot from GET /api/teams/:teamId/floor, then pushes of
// changed rows (`floor` events on the team's event stream). Times are ISO 8601 strings. `asOf` is when the server read
// the row, so a push that raced a snapshot never replaces a newer row with an older one.

/** Today's ended calls of one agent (today in the team's time zone), read from the call rollups. */
export type FloorToday = { calls: number; connects: number; talkSec: number };

export type FloorAgent = {
  userId: string;
  name: string;
  state: AgentState;
  /** When the agent entered that state; null when they never took a seat. */
  stateSince: string | null;
  campaignId: string | null;
  /** The call the agent is dialing or talking on (null otherwise): when it was placed and when it was answered. */
  call: { id: string; placedAt: string; answeredAt: string | null } | null;
  today: FloorToday;
  asOf: string;
};

export type FloorCampaign = {
  id: string;
  name: string;
  /** Calls placed and not ended yet (queued, ringing or connected). */
  linesInFlight: number;
  /**
   * The legal abandon rate over the rolling 30 days, computed as the campaign overview does; null (a dash) while the
   * call records cannot say which live answers were abandoned.
   */
  abandonRate: number | null;
  liveAnswers30d: number;
  targetBp: number;
  /** Leads the next-lead pick could serve now: due callbacks, and due leads in zones whose calling hours are open. */
  callableNow: number;
  asOf: string;
};

export type FloorSnapshot = {
  /** The team's time zone and today's date there: what "today" means on the board. */
  timeZone: string;
  today: string;
  agents: FloorAgent[];
  campaigns: FloorCampaign[];
  generatedAt: string;
};

/** Rows that changed; every other row stays as it was. */
export type FloorPatch = { agents: FloorAgent[]; campaigns: FloorCampaign[]; generatedAt: string };
