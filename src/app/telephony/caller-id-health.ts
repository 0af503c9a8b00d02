import { AppError } from '../../core/errors';
import type { CallerIdHealthResponse } from '../../core/api/caller-id-health.types';
import {
  answerRate,
  DEFAULT_CALLER_ID_HEALTH,
  callerIdHealthSettingsSchema,
  judgeCallerIds,
  type CallerIdHealthSettings,
} from '../../core/telephony/caller-id-health';
import { hasRole } from '../../core/teams/roles';
import type { TeamScope } from '../../core/teams/scope';
import {
  adminEmails,
  applyHealthEvents,
  getCallerIdHealthSettings,
  listHealthEvents,
  poolFigures,
  setCallerIdHealthSettings,
  teamsWithCallerIds,
  type HealthEventInput,
} from '../../db/queries/caller-id-health';
import type { AppDeps } from '../deps';

export const CALLER_ID_HEALTH_JOB = 'caller-id-health';

const DAY_MS = 86_400_000;

/** A team's stored settings over the defaults; a stored value that no longer validates falls back to them. */
export function effectiveSettings(stored: unknown): CallerIdHealthSettings {
  const merged = callerIdHealthSettingsSchema.safeParse({
    ...DEFAULT_CALLER_ID_HEALTH,
    ...(typeof stored === 'object' && stored !== null ? stored : {}),
  });
  return merged.success ? merged.data : DEFAULT_CALLER_ID_HEALTH;
}

/** One team: judge its pool on the rollups, record every rest and revival, tell the admins about rests. */
export async function checkTeamCallerIds(
  deps: Pick<AppDeps, 'db' | 'clock' | 'mailer' | 'log'>,
  teamId: string,
  stored: unknown,
) {
  const settings = effectiveSettings(stored);
  const now = deps.clock.now();
  const since = new Date(now.getTime() - settings.windowDays * DAY_MS);
  const verdict = await deps.db.transaction(async (tx) => {
    const pool = await poolFigures(tx, teamId, since, true);
    const v = judgeCallerIds(pool, settings, now);
    const events: HealthEventInput[] = [
      ...v.revive.map((r) => ({
        phoneNumberId: r.id,
        e164: r.e164,
        kind: 'revived' as const,
        calls: r.calls,
        answered: r.answered,
        poolMedian: v.poolMedian,
        restedUntil: null,
      })),
      ...v.rest.map((r) => ({
        phoneNumberId: r.id,
        e164: r.e164,
        kind: 'rested' as const,
        calls: r.calls,
        answered: r.answered,
        poolMedian: r.poolMedian,
        restedUntil: r.restedUntil,
      })),
    ];
    await applyHealthEvents(tx, teamId, events, now);
    return v;
  });
  if (verdict.rest.length > 0) {
    const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
    const lines = verdict.rest.map(
      (r) =>
        `${r.e164}: ${r.answered} of ${r.calls} calls answered (${pct(r.answerRate)}) against a pool median of ${pct(r.poolMedian)}; back on ${r.restedUntil.toUTCString()}.`,
    );
    const text = [
      `DialerSeat rested ${verdict.rest.length === 1 ? 'a caller ID' : `${verdict.rest.length} caller IDs`} of your team: callees answered far less often than on your other numbers over the last ${settings.windowDays} days, which usually means carriers have started labelling it as spam. Calls use your other numbers meanwhile.`,
      '',
      ...lines,
      '',
      'You can see every rest and change the rule on the Caller IDs page.',
    ].join('\n');
    for (const to of await adminEmails(deps.db, teamId)) {
      await deps.mailer.send({ to, subject: 'A caller ID of your team is resting', text });
    }
  }
  return { rested: verdict.rest.length, revived: verdict.revive.length };
}

/** The scheduled job: every team with caller IDs, one at a time (a failing team does not stop the others). */
export async function checkCallerIdHealth(deps: Pick<AppDeps, 'db' | 'clock' | 'mailer' | 'log'>) {
  let rested = 0;
  let revived = 0;
  for (const t of await teamsWithCallerIds(deps.db)) {
    try {
      const r = await checkTeamCallerIds(deps, t.teamId, t.settings);
      rested += r.rested;
      revived += r.revived;
    } catch (err) {
      deps.log.error({ err, teamId: t.teamId }, 'caller-ID health failed for a team');
    }
  }
  return { rested, revived };
}

/** The Caller IDs page: the rule, each number's status and answer rate over the rule's window, and the log. */
export async function getCallerIdHealth(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  scope: TeamScope,
): Promise<CallerIdHealthResponse> {
  const settings = effectiveSettings(await getCallerIdHealthSettings(deps.db, scope));
  const now = deps.clock.now();
  const pool = await poolFigures(deps.db, scope.teamId, new Date(now.getTime() - settings.windowDays * DAY_MS), false);
  const events = await listHealthEvents(deps.db, scope, 200);
  return {
    settings,
    poolMedian: judgeCallerIds(pool, settings, now).poolMedian,
    numbers: pool.map((n) => {
      const resting = n.restedUntil !== null && n.restedUntil.getTime() > now.getTime();
      return {
        id: n.id,
        e164: n.e164,
        status: resting ? 'resting' : 'in_use',
        restedUntil: resting ? n.restedUntil!.toISOString() : null,
        calls: n.calls,
        answered: n.answered,
        answerRate: answerRate(n),
      };
    }),
    events: events.map((e) => ({
      ...e,
      at: e.at.toISOString(),
      restedUntil: e.restedUntil?.toISOString() ?? null,
    })),
  };
}

export async function updateCallerIdHealth(deps: Pick<AppDeps, 'db'>, scope: TeamScope, raw: unknown) {
  if (!hasRole(scope.role, 'admin')) throw new AppError('forbidden', 'Only owners and admins can change the rule');
  const settings = callerIdHealthSettingsSchema.parse(raw);
  await setCallerIdHealthSettings(deps.db, scope, settings);
  return settings;
}
