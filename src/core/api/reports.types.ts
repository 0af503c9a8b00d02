// Request and response shapes of the reports (GET /api/teams/:teamId/reports/:kind), shared by server and web.
// A figure we do not have is null (the page shows a dash), never 0.

export const reportKinds = ['agents', 'campaigns', 'caller-ids', 'dispositions'] as const;
export type ReportKind = (typeof reportKinds)[number];

export type ReportQuery = {
  /** First and last day, YYYY-MM-DD, in `tz`. */
  from: string;
  to: string;
  tz?: string;
  campaignId?: string;
  agentId?: string;
};

export type ReportPeriod = { from: string; to: string; days: number };

export type AgentFigures = {
  calls: number;
  humanConnects: number;
  /** Known talk seconds; null when connects happened but none has a known duration. */
  talkSec: number | null;
  averageTalkSec: number | null;
  callbacksSet: number;
  /**
   * Of the callbacks set in the period, those their agent dialled within the due window (5 minutes before to 1 hour
   * after the time set); a callback set near the end of the period may still be kept later.
   */
  callbacksKept: number;
  /** Wrap-up seconds (a call's end to the agent's disposition); null when no call has a known wrap-up. */
  wrapupSec: number | null;
  averageWrapupSec: number | null;
  /** Seconds Ready (waiting for a call) in the period; null when no Ready time was recorded. */
  readySec: number | null;
  /** Talk minutes per hour Ready; null without Ready time or without known talk. */
  talkMinPerReadyHour: number | null;
};
export type AgentReportRow = { agentId: string | null; name: string; current: AgentFigures; previous: AgentFigures };

export type CallerIdFigures = {
  calls: number;
  answered: number;
  answerRate: number | null;
  /** Answered calls under 6 s among answered calls with a known duration. */
  shortCallShare: number | null;
};
/** Where the number stands in the team's pool; null for a number no longer in it. */
export type CallerIdStatus = 'active' | 'paused' | 'gone_at_provider' | null;
export type CallerIdReportRow = {
  callerId: string;
  status: CallerIdStatus;
  dailyCap: number | null;
  /** The busiest day's calls over the daily cap (1 = the cap was reached); null when we do not know the cap. */
  peakCapUse: number | null;
  current: CallerIdFigures;
  previous: CallerIdFigures;
  /** Each day of the range: calls and the answer rate (null on a day without calls). */
  daily: { day: string; calls: number; answerRate: number | null }[];
};

/** The funnel: dialed → answered → a person → with an agent → each disposition given. */
export type CampaignFunnel = {
  dialed: number;
  answered: number;
  human: number;
  connected: number;
  dispositions: { key: string; calls: number }[];
};
export type CampaignReportRow = {
  campaignId: string | null;
  name: string;
  current: CampaignFunnel;
  previous: CampaignFunnel;
};

/** Calls by how they ended: a disposition, or the outcome when no disposition was given ("outcome:busy"). */
export type DispositionReportRow = { key: string; current: number; previous: number; daily: number[] };

export type ReportResponse<Row> = {
  kind: ReportKind;
  zone: string;
  current: ReportPeriod;
  previous: ReportPeriod;
  /** The days of the current period, for daily series. */
  days: string[];
  rows: Row[];
};
export type AgentsReport = ReportResponse<AgentReportRow> & { kind: 'agents' };
/**
 * A campaign's list as it stands now (not per period: a lead's state has no history): leads never dialed, still being
 * worked (dialed, not finished), finished (done, out of attempts, blocked or on the do-not-call list), and callable
 * now; attempts per lead dialed at least once. Null in the report for agents: it is a figure of the whole team.
 */
export type CampaignListNow = {
  campaignId: string;
  name: string;
  leads: number;
  untouched: number;
  inProgress: number;
  final: number;
  callableNow: number;
  /** Dial attempts over the leads dialed at least once; null when none was dialed. */
  attemptsPerLead: number | null;
};
/**
 * One cell of the best-time-to-call heatmap: calls placed at this weekday (ISO, 1 = Monday) and hour (0–23) in the
 * callee's own time zone, and how many a person answered (contacts).
 */
export type BestTimeCell = {
  weekday: number;
  hour: number;
  calls: number;
  contacts: number;
  /** Contacts over calls; null without calls. */
  contactRate: number | null;
  /** The same cell's contact rate in the previous period; null without calls then. */
  previousContactRate: number | null;
};
export type BestTime = {
  /** Only cells with calls in either period; a missing cell had none (a dash, not 0 %). */
  cells: BestTimeCell[];
  /** Calls whose callee's zone is not known (placed before it was recorded, or without a lead): not in the cells. */
  unknownZoneCalls: number;
};
export type CampaignsReport = ReportResponse<CampaignReportRow> & {
  kind: 'campaigns';
  /** Contact rate by the callee's local weekday and hour over the shown campaigns (filters apply). */
  bestTime: BestTime;
  /** Each campaign's list now (the campaign filter applies); null for an agent. */
  lists: CampaignListNow[] | null;
};
export type CallerIdsReport = ReportResponse<CallerIdReportRow> & { kind: 'caller-ids' };
export type DispositionsReport = ReportResponse<DispositionReportRow> & { kind: 'dispositions' };
export type AnyReport = AgentsReport | CampaignsReport | CallerIdsReport | DispositionsReport;
