import {
  callingWindowSchema,
  defaultRetryRules,
  retryRulesSchema,
  type RetryRules,
} from '../../core/campaigns/campaign';
import {
  checkDial,
  dialSafetyMarginMs,
  normaliseStateCodeStrict,
  stateRule,
  type DialDecision,
  type Reason,
} from '../../core/compliance';
import { campaignWindowOf } from '../../core/dialer/retry';
import { createCallableZones } from '../../core/dialer/zone-cache';
import type { TeamScope } from '../../core/teams/scope';
import { recentCallTimes } from '../../db/queries/call-history';
import { markLeadDnc, releaseLead, reserveNextLead, type ReservedLead } from '../../db/queries/lead-reservations';
import type { AppDeps } from '../deps';

/** How long a picked lead stays reserved without a heartbeat from its agent. */
export const RESERVATION_TTL_MS = 2 * 60_000;
/** Denied leads one pick may step over before it reports "nothing callable right now". */
const MAX_DENIALS_PER_PICK = 25;
const DAY_MS = 86_400_000;

const callableZones = createCallableZones();

export type Denial = { leadId: string; reasons: Reason[]; nextAllowedAt: Date | null };

export type ReserveCallableResult =
  | { kind: 'lead'; lead: ReservedLead; decision: DialDecision; retryRules: RetryRules; denied: Denial[] }
  | { kind: 'none'; denied: Denial[] };

/** Seconds a lead's call rings before it is given up (every dialler path places calls with this timeout). */
export const LEAD_RING_TIMEOUT_SEC = 25;
/** Every lead decision keeps this margin: the call must still be inside the window when its ringing stops. */
export const LEAD_DIAL_MARGIN_MS = dialSafetyMarginMs(LEAD_RING_TIMEOUT_SEC);

/** The gate's input for a lead at `now` (its zones, address state, DNC, recent calls, campaign window). */
export function gateLead(
  lead: Pick<ReservedLead, 'timezones' | 'state' | 'onDncList'>,
  callingWindow: unknown,
  recentCalls: readonly Date[],
  now: Date,
): DialDecision {
  const window = callingWindowSchema.safeParse(callingWindow);
  return checkDial(
    {
      zones: lead.timezones,
      state: lead.state,
      dnc: lead.onDncList,
      recentCallTimes: recentCalls,
      // A stored window that no longer parses is treated as the narrowest legal reading: the federal one.
      campaignWindow: window.success ? campaignWindowOf(window.data) : null,
      marginMs: LEAD_DIAL_MARGIN_MS,
    },
    now,
  );
}

/** Only leads in a state with a per-24-hours cap need their call history read before the gate. */
export function hasFrequencyCap(lead: Pick<ReservedLead, 'state'>): boolean {
  const state = lead.state === null ? null : normaliseStateCodeStrict(lead.state);
  return state !== null && (stateRule(state)?.maxCallsPer24h ?? null) !== null;
}

/** When this lead was dialled in the last 24 hours (the frequency cap's input). */
export async function recentDials(
  deps: Pick<AppDeps, 'db'>,
  scope: TeamScope,
  leadId: string,
  now: Date,
): Promise<Date[]> {
  return recentCallTimes(deps.db, scope, { leadId, since: new Date(now.getTime() - DAY_MS) });
}

/**
 * Ends the reservation of a lead the gate denied: a number on the DNC list is marked DNC, a lead the gate can
 * never allow (no valid zone, unknown state) is blocked, anything else waits for its next allowed time.
 */
export async function settleDeniedLead(
  deps: Pick<AppDeps, 'db'>,
  scope: TeamScope,
  input: { leadId: string; userId: string; decision: DialDecision; now: Date },
): Promise<void> {
  const { decision, now } = input;
  const lead = { leadId: input.leadId, userId: input.userId, now };
  if (decision.reasons.includes('dnc')) {
    await markLeadDnc(deps.db, scope, { leadId: input.leadId, now });
  } else if (decision.nextAllowedAt !== null) {
    await releaseLead(deps.db, scope, { ...lead, nextAttemptAt: decision.nextAllowedAt });
  } else if (decision.reasons.includes('unknown_zone') || decision.reasons.includes('unknown_state')) {
    await releaseLead(deps.db, scope, { ...lead, status: 'blocked' });
  } else {
    // Waitable, yet nothing opens within the gate's 8-day horizon: look again tomorrow.
    await releaseLead(deps.db, scope, { ...lead, nextAttemptAt: new Date(now.getTime() + DAY_MS) });
  }
}

/**
 * Picks and reserves the next lead the agent may call now: the indexed pick, then the full compliance gate on
 * the picked lead. A denied lead is released with its next allowed time (so it is not re-picked every second),
 * a number found on the DNC list is marked DNC, a lead the gate can never allow (no valid zone, unknown state)
 * is blocked — and the pick continues.
 */
export async function reserveCallableLead(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  scope: TeamScope,
  input: { campaignId: string; userId: string },
): Promise<ReserveCallableResult> {
  const denied: Denial[] = [];
  for (let i = 0; i < MAX_DENIALS_PER_PICK; i++) {
    const now = deps.clock.now();
    const picked = await reserveNextLead(deps.db, scope, {
      campaignId: input.campaignId,
      userId: input.userId,
      zones: callableZones(now),
      now,
      reserveUntil: new Date(now.getTime() + RESERVATION_TTL_MS),
    });
    if (!picked) return { kind: 'none', denied };
    const { lead, campaign } = picked;
    const recent = hasFrequencyCap(lead) ? await recentDials(deps, scope, lead.id, now) : [];
    const decision = gateLead(lead, campaign.callingWindow, recent, now);
    if (decision.allowed) {
      const rules = retryRulesSchema.safeParse(campaign.retryRules);
      return { kind: 'lead', lead, decision, retryRules: rules.success ? rules.data : defaultRetryRules, denied };
    }
    denied.push({ leadId: lead.id, reasons: decision.reasons, nextAllowedAt: decision.nextAllowedAt });
    await settleDeniedLead(deps, scope, { leadId: lead.id, userId: input.userId, decision, now });
  }
  return { kind: 'none', denied };
}
