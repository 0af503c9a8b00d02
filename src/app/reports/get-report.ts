import { z } from 'zod';
import type {
  AgentFigures,
  AgentsReport,
  AnyReport,
  BestTime,
  CallerIdFigures,
  CallerIdsReport,
  CampaignFunnel,
  CampaignsReport,
  DispositionsReport,
  ReportKind,
} from '../../core/api/reports.types';
import { reportKinds } from '../../core/api/reports.types';
import { addDays, isValidZone, isoDate } from '../../core/compliance/local-time';
import { AppError, forbidden } from '../../core/errors';
import { reportRanges, share, type ReportRange } from '../../core/reports/report-range';
import type { TeamScope } from '../../core/teams/scope';
import {
  countRollups,
  countRollupsByDay,
  listPoolNumbersWithPeakDay,
  sumRollups,
  type RollupCounts,
  type RollupFilter,
  type RollupSums,
} from '../../db/queries/report-rollups';
import { getTeam, listMembers } from '../../db/queries/teams';
import { listCampaigns } from '../../db/queries/campaigns';
import type { AppDeps } from '../deps';
import { callableZonesNow } from '../../core/compliance';
import { countCallableNow } from '../../db/queries/floor';
import { countListPenetration } from '../../db/queries/list-penetration';
import { sumReadySeconds } from '../../db/queries/agent-time';
import type { CampaignListNow } from '../../core/api/reports.types';

export const reportQuerySchema = z.object({
  from: z.string().max(10),
  to: z.string().max(10),
  /** Days in this zone instead of the team's (its setting). */
  tz: z.string().max(64).refine(isValidZone, 'Not a time zone').optional(),
  campaignId: z.uuid({ error: 'Not a campaign id' }).optional(),
  agentId: z.string().min(1).max(200).optional(),
});

export const reportKindSchema = z.enum(reportKinds, { error: 'No such report' });

type Deps = Pick<AppDeps, 'db' | 'clock'>;

/**
 * Who may see which rows: owners and admins the team's, an agent only their own. An agent asking for another
 * agent's rows is refused rather than silently shown their own.
 */
function rowsFilterFor(scope: TeamScope, agentId: string | undefined): string | undefined {
  if (scope.role !== 'agent') return agentId;
  if (agentId !== undefined && agentId !== scope.userId) throw forbidden('Agents see only their own report rows');
  return scope.userId;
}

function daysOf(range: ReportRange): string[] {
  const [y, m, d] = range.from.split('-').map(Number) as [number, number, number];
  return Array.from({ length: range.days }, (_, i) => isoDate(addDays({ year: y, month: m, day: d }, i)));
}

const agentFigures = (s: RollupSums | undefined, ready: number | undefined): AgentFigures => {
  const calls = s?.calls ?? 0;
  const human = s?.human ?? 0;
  const known = s?.talkKnown ?? 0;
  const talkSec = human === 0 ? 0 : known === 0 ? null : (s?.talkSec ?? 0);
  const readySec = ready && ready > 0 ? ready : null;
  const wrapKnown = s?.wrapupKnown ?? 0;
  return {
    calls,
    humanConnects: human,
    talkSec,
    averageTalkSec: known === 0 ? null : (s?.talkSec ?? 0) / known,
    callbacksSet: s?.callbacksSet ?? 0,
    callbacksKept: s?.callbacksKept ?? 0,
    wrapupSec: wrapKnown === 0 ? null : (s?.wrapupSec ?? 0),
    averageWrapupSec: wrapKnown === 0 ? null : (s?.wrapupSec ?? 0) / wrapKnown,
    readySec,
    talkMinPerReadyHour: readySec === null || talkSec === null ? null : talkSec / 60 / (readySec / 3600),
  };
};

type KeyedSums<K extends string, S extends RollupCounts = RollupSums> = S & { key: Record<K, string | null> };

/**
 * Sums finer rows up to one key, in the order the key first appears: a coarser grouping the database need not
 * compute again (every measure is a count or a sum, so sums of sums are exact).
 */
function rollUp<K extends string, S extends RollupCounts>(rows: readonly KeyedSums<K, S>[], k: K): KeyedSums<K, S>[] {
  const out = new Map<string | null, KeyedSums<K, S>>();
  for (const r of rows) {
    const v = r.key[k];
    const t = out.get(v);
    if (!t) {
      out.set(v, { ...r, key: { [k]: v } as Record<K, string | null> });
      continue;
    }
    const sum = t as unknown as Record<string, number>;
    for (const [m, n] of Object.entries(r)) if (m !== 'key') sum[m] = (sum[m] ?? 0) + (n as number);
  }
  return [...out.values()];
}

const callerIdFigures = (s: RollupCounts | undefined): CallerIdFigures => ({
  calls: s?.calls ?? 0,
  answered: s?.answered ?? 0,
  answerRate: share(s?.answered ?? 0, s?.calls ?? 0),
  shortCallShare: share(s?.shortCalls ?? 0, s?.answeredKnown ?? 0),
});

/**
 * Each campaign's list as it stands now: one grouped count over its leads, and the leads the pick could serve now
 * (the live floor's count), the two read side by side. A state, not a period: the report shows it beside the
 * period's funnel. It returns a function that names the rows once the campaigns are known, so it can run alongside
 * the period's queries.
 */
async function listsNow(deps: Deps, scope: TeamScope, campaignId: string | undefined) {
  const now = deps.clock.now();
  const [counts, callable] = await Promise.all([
    countListPenetration(deps.db, scope, campaignId),
    countCallableNow(deps.db, scope, {
      campaignIds: campaignId ? [campaignId] : 'unarchived',
      zones: callableZonesNow(now),
      now,
    }),
  ]);
  return (names: Map<string, string>): CampaignListNow[] =>
    counts
      .map((c) => ({
        campaignId: c.campaignId,
        name: names.get(c.campaignId) ?? 'Campaign',
        leads: c.leads,
        untouched: c.untouched,
        inProgress: c.inProgress,
        final: c.final,
        callableNow: callable.get(c.campaignId) ?? 0,
        attemptsPerLead: c.dialedLeads === 0 ? null : c.attempts / c.dialedLeads,
      }))
      .sort((a, b) => a.name.localeCompare(b.name) || a.campaignId.localeCompare(b.campaignId));
}

type LocalTimeSums = RollupCounts & { key: Record<'local_weekday' | 'local_hour', string | null> };

/** The heatmap's cells from the sums by the callee's local weekday and hour; calls of an unknown zone set apart. */
function bestTime(now: LocalTimeSums[], before: LocalTimeSums[]): BestTime {
  const cellKey = (r: LocalTimeSums) =>
    r.key.local_weekday === null || r.key.local_hour === null ? null : `${r.key.local_weekday} ${r.key.local_hour}`;
  const cells = new Map<string, { now?: LocalTimeSums; before?: LocalTimeSums }>();
  let unknownZoneCalls = 0;
  for (const [rows, side] of [
    [now, 'now'],
    [before, 'before'],
  ] as const)
    for (const r of rows) {
      const k = cellKey(r);
      if (k === null) {
        if (side === 'now') unknownZoneCalls += r.calls;
        continue;
      }
      cells.set(k, { ...cells.get(k), [side]: r });
    }
  return {
    cells: [...cells.entries()]
      .map(([k, c]) => {
        const [weekday, hour] = k.split(' ').map(Number) as [number, number];
        return {
          weekday,
          hour,
          calls: c.now?.calls ?? 0,
          contacts: c.now?.human ?? 0,
          contactRate: share(c.now?.human ?? 0, c.now?.calls ?? 0),
          previousContactRate: share(c.before?.human ?? 0, c.before?.calls ?? 0),
        };
      })
      .sort((a, b) => a.weekday - b.weekday || a.hour - b.hour),
    unknownZoneCalls,
  };
}

/**
 * One report over the team's call rollups: the chosen days in the team's time zone (or the one asked for), compared
 * with as many days just before.
 */
export async function getReport(
  deps: Deps,
  scope: TeamScope,
  kindParam: string,
  query: Record<string, string | undefined>,
): Promise<AnyReport> {
  const kind: ReportKind = reportKindSchema.parse(kindParam);
  const parsed = reportQuerySchema.parse(query);
  const teamZone = (await getTeam(deps.db, scope))?.timeZone ?? 'UTC';
  const q = { ...parsed, tz: parsed.tz ?? teamZone };
  const { current, previous } = reportRanges(q.tz, q.from, q.to);
  const agentId = rowsFilterFor(scope, q.agentId);
  const filter = (r: ReportRange): RollupFilter => ({
    since: r.since,
    until: r.until,
    campaignId: q.campaignId,
    agentId,
    // The daily rollups are kept in the team's days; another zone asked for reads the hourly ones.
    days: q.tz === teamZone ? { from: r.from, to: r.to } : undefined,
  });
  const days = daysOf(current);
  const base = {
    zone: q.tz,
    current: { from: current.from, to: current.to, days: current.days },
    previous: { from: previous.from, to: previous.to, days: previous.days },
    days,
  };

  if (kind === 'agents') {
    const [now, before, members, readyNow, readyBefore] = await Promise.all([
      sumRollups(deps.db, scope, filter(current), ['agent_id'], q.tz),
      sumRollups(deps.db, scope, filter(previous), ['agent_id'], q.tz),
      listMembers(deps.db, scope),
      sumReadySeconds(deps.db, scope, filter(current)),
      sumReadySeconds(deps.db, scope, filter(previous)),
    ]);
    const names = new Map(members.map((m) => [m.userId, m.name]));
    const prev = new Map(before.map((r) => [r.key.agent_id, r]));
    const rows: AgentsReport['rows'] = now.map((r) => ({
      agentId: r.key.agent_id,
      name: r.key.agent_id === null ? 'No agent' : (names.get(r.key.agent_id) ?? 'Former member'),
      current: agentFigures(r, readyNow.get(r.key.agent_id ?? '')),
      previous: agentFigures(prev.get(r.key.agent_id), readyBefore.get(r.key.agent_id ?? '')),
    }));
    rows.sort((a, b) => b.current.calls - a.current.calls || a.name.localeCompare(b.name));
    return { kind, ...base, rows };
  }

  if (kind === 'campaigns') {
    const local = ['local_weekday', 'local_hour'] as const;
    const [nowDisp, beforeDisp, campaigns, timesNow, timesBefore, lists] = await Promise.all([
      sumRollups(deps.db, scope, filter(current), ['campaign_id', 'disposition'], q.tz),
      sumRollups(deps.db, scope, filter(previous), ['campaign_id', 'disposition'], q.tz),
      listCampaigns(deps.db, scope, { includeArchived: true }),
      countRollups(deps.db, scope, filter(current), local, q.tz),
      countRollups(deps.db, scope, filter(previous), local, q.tz),
      scope.role === 'agent' ? null : listsNow(deps, scope, q.campaignId),
    ]);
    const now = rollUp(nowDisp, 'campaign_id');
    const before = rollUp(beforeDisp, 'campaign_id');
    const names = new Map(campaigns.map((c) => [c.id, c.name]));
    const funnel = (totals: RollupSums | undefined, byDisposition: typeof nowDisp): CampaignFunnel => ({
      dialed: totals?.calls ?? 0,
      answered: totals?.answered ?? 0,
      human: totals?.human ?? 0,
      connected: totals?.connected ?? 0,
      dispositions: byDisposition
        .filter((d) => d.key.disposition !== null)
        .map((d) => ({ key: d.key.disposition as string, calls: d.calls }))
        .sort((a, b) => b.calls - a.calls || a.key.localeCompare(b.key)),
    });
    const prev = new Map(before.map((r) => [r.key.campaign_id, r]));
    const of = (rows: typeof nowDisp, id: string | null) => rows.filter((d) => d.key.campaign_id === id);
    const rows: CampaignsReport['rows'] = now.map((r) => ({
      campaignId: r.key.campaign_id,
      name: r.key.campaign_id === null ? 'No campaign' : (names.get(r.key.campaign_id) ?? 'Deleted campaign'),
      current: funnel(r, of(nowDisp, r.key.campaign_id)),
      previous: funnel(prev.get(r.key.campaign_id), of(beforeDisp, r.key.campaign_id)),
    }));
    rows.sort((a, b) => b.current.dialed - a.current.dialed || a.name.localeCompare(b.name));
    return { kind, ...base, rows, lists: lists?.(names) ?? null, bestTime: bestTime(timesNow, timesBefore) };
  }

  if (kind === 'caller-ids') {
    const [before, now, numbers] = await Promise.all([
      countRollups(deps.db, scope, filter(previous), ['caller_id'], q.tz),
      countRollupsByDay(deps.db, scope, filter(current), 'caller_id', q.tz),
      // Daily caps count UTC days (they are enforced so): the UTC days the range touches.
      listPoolNumbersWithPeakDay(
        deps.db,
        scope,
        current.since.toISOString().slice(0, 10),
        new Date(current.until.getTime() - 1).toISOString().slice(0, 10),
      ),
    ]);
    const prev = new Map(before.map((r) => [r.key.caller_id, r]));
    const pool = new Map(numbers.map((n) => [n.e164, n]));
    const rows: CallerIdsReport['rows'] = now.map((r) => {
      const n = pool.get(r.key ?? '');
      return {
        callerId: r.key ?? '',
        status: !n ? null : !n.atProvider ? 'gone_at_provider' : n.active ? 'active' : 'paused',
        dailyCap: n?.dailyCap ?? null,
        // An agent's own calls are not the number's whole day: its cap use is the team's figure, shown to admins.
        peakCapUse: n && scope.role !== 'agent' ? n.peakDayCalls / n.dailyCap : null,
        current: callerIdFigures(r),
        previous: callerIdFigures(prev.get(r.key)),
        daily: days.map((day) => {
          const [calls, answered] = r.days[day] ?? [0, 0];
          return { day, calls, answerRate: share(answered, calls) };
        }),
      };
    });
    rows.sort((a, b) => b.current.calls - a.current.calls || a.callerId.localeCompare(b.callerId));
    return { kind, ...base, rows };
  }

  if (kind !== 'dispositions') throw new AppError('not_found', 'No such report');
  const [daily, before] = await Promise.all([
    countRollups(deps.db, scope, filter(current), ['disposition', 'outcome', 'day'], q.tz),
    countRollups(deps.db, scope, filter(previous), ['disposition', 'outcome'], q.tz),
  ]);
  const keyOf = (k: { disposition: string | null; outcome: string | null }) =>
    k.disposition ?? `outcome:${k.outcome ?? 'unknown'}`;
  const rowsByKey = new Map<string, DispositionsReport['rows'][number]>();
  const rowFor = (key: string) => {
    let row = rowsByKey.get(key);
    if (!row) {
      row = { key, current: 0, previous: 0, daily: days.map(() => 0) };
      rowsByKey.set(key, row);
    }
    return row;
  };
  const dayIndex = new Map(days.map((d, i) => [d, i]));
  for (const r of daily) {
    const row = rowFor(keyOf(r.key));
    row.current += r.calls;
    const i = dayIndex.get(r.key.day ?? '');
    if (i !== undefined) row.daily[i] = (row.daily[i] ?? 0) + r.calls;
  }
  for (const r of before) rowFor(keyOf(r.key)).previous += r.calls;
  const rows = [...rowsByKey.values()].sort((a, b) => b.current - a.current || a.key.localeCompare(b.key));
  return { kind, ...base, rows };
}
