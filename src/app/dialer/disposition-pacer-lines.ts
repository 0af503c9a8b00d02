import {
  defaultRetryRules,
  dispositionsSchema,
  retryRulesSchema,
  type Disposition,
  type RetryRules,
} from '../../core/campaigns/campaign';
import { pacerLineDisposition } from '../../core/dialer/pacer-line-outcome';
import { leadAfterDisposition } from '../../core/dialer/retry';
import type { TeamScope } from '../../core/teams/scope';
import { getCampaignSettings } from '../../db/queries/campaigns';
import { applyLeadOutcome } from '../../db/queries/lead-dial-writes';
import { getTeamLeadIgnoringVisibility } from '../../db/queries/leads';
import {
  leadDialledSince,
  listEndedPacerLines,
  listLeftoverPacerLines,
  setPacerLineDisposition,
  type EndedPacerLine,
} from '../../db/queries/pacer-lines';
import type { AppDeps } from '../deps';

// Pacer lines that end with nobody on them — no answer, busy, failed, a machine, or a person who got the safe-harbor
// message — are dispositioned by the system the way the AMD path dispositions a machine (decision 0028): the call
// gets the disposition an agent would have picked, and the lead its next attempt under the campaign's retry rules
// (final once its attempts are used up), its reservation released.

type Deps = Pick<AppDeps, 'db' | 'clock' | 'log'>;

/** At most this many lines per pass: a backlog is worked off over the next ticks. */
const BATCH = 200;

/** The campaign's ended pacer lines, dispositioned; the pacer calls it every tick under the campaign's lease. */
export async function dispositionEndedPacerLines(
  deps: Deps,
  input: { teamId: string; campaignId: string },
): Promise<number> {
  const scope = systemScope(input.teamId);
  const lines = await listEndedPacerLines(deps.db, scope, { campaignId: input.campaignId, limit: BATCH });
  return dispositionLines(deps, lines);
}

/**
 * The backstop, from the stale-call job: lines of campaigns no longer paced (the last agent left while they rang,
 * the campaign was archived or switched mode), ended a while ago and still without a disposition.
 */
export async function dispositionLeftoverPacerLines(deps: Deps, opts: { olderThanMs?: number } = {}): Promise<number> {
  const endedBefore = new Date(deps.clock.now().getTime() - (opts.olderThanMs ?? 60_000));
  return dispositionLines(deps, await listLeftoverPacerLines(deps.db, { endedBefore, limit: BATCH }));
}

const systemScope = (teamId: string): TeamScope => ({ teamId, userId: 'system', role: 'owner' });

async function dispositionLines(deps: Deps, lines: readonly EndedPacerLine[]): Promise<number> {
  const campaigns = new Map<string, { rules: RetryRules; dispositions: Disposition[] }>();
  let done = 0;
  for (const line of lines) {
    const scope = systemScope(line.teamId);
    let campaign = campaigns.get(line.campaignId);
    if (!campaign) {
      // Archived campaigns too: their last lines still leave the lead as the rules say.
      const row = await getCampaignSettings(deps.db, scope, line.campaignId);
      const rules = retryRulesSchema.safeParse(row?.retryRules);
      const dispositions = dispositionsSchema.safeParse(row?.dispositions);
      campaign = {
        rules: rules.success ? rules.data : defaultRetryRules,
        dispositions: dispositions.success ? dispositions.data : [],
      };
      campaigns.set(line.campaignId, campaign);
    }
    if (await dispositionLine(deps, scope, line, campaign)) done++;
  }
  if (done > 0) deps.log.info({ lines: done }, 'pacer lines dispositioned by the system');
  return done;
}

async function dispositionLine(
  deps: Deps,
  scope: TeamScope,
  line: EndedPacerLine,
  campaign: { rules: RetryRules; dispositions: Disposition[] },
): Promise<boolean> {
  const now = deps.clock.now();
  const picked = pacerLineDisposition(line, campaign.dispositions);
  return deps.db.transaction(async (tx) => {
    // The call first: whoever writes its disposition (this sweep on another instance, an agent who took it) owns the
    // lead's outcome, so the lead is moved once.
    const mine = await setPacerLineDisposition(tx, scope, {
      callId: line.id,
      disposition: picked.disposition.key,
      notes: picked.notes,
      now,
    });
    if (!mine) return false;
    // A lead dialled again since (a backstop pass long after the end) already follows its newer call.
    if (await leadDialledSince(tx, scope, { leadId: line.leadId, callId: line.id })) return true;
    const lead = await getTeamLeadIgnoringVisibility(tx, scope, line.leadId);
    if (!lead) return true;
    const next = leadAfterDisposition({
      disposition: picked.disposition,
      outcome: picked.outcome,
      rules: campaign.rules,
      attempts: lead.attempts,
      callbackAt: null,
      agentUserId: scope.userId,
      now,
    });
    await applyLeadOutcome(tx, scope, {
      leadId: lead.id,
      status: next.status,
      nextAttemptAt: next.nextAttemptAt,
      callbackAt: null,
      callbackUserId: null,
      lastDisposition: picked.disposition.key,
      dnc: false,
      now,
    });
    return true;
  });
}
