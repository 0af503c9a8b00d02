import { z } from 'zod';
import {
  checkDial,
  formatLocal,
  isValidZone,
  localParts,
  normaliseStateCodeStrict,
  stateRule,
  stateZones,
  zonedTimeToInstant,
} from '../../core/compliance';
import { DO_NOT_CALL_KEY, leadAfterDisposition, needsCallbackTime } from '../../core/dialer/retry';
import { AppError } from '../../core/errors';
import type { TeamScope } from '../../core/teams/scope';
import { isFinal } from '../../core/telephony/call-status';
import {
  getOwnDialingSession,
  lockOwnDialingSession,
  updateOwnDialingSession,
  touchOwnDialingSession,
} from '../../db/queries/dialing-sessions';
import { notifyCallChanged } from '../../db/queries/call-changes';
import { getTeamCall } from '../../db/queries/calls';
import { addDncFromDisposition, applyLeadOutcome, setCallDisposition } from '../../db/queries/lead-dial-writes';
import { getTeamLeadIgnoringVisibility, type LeadRow } from '../../db/queries/leads';
import { enqueueWebhookEvents, type OutboundEvent } from '../../db/queries/webhooks';
import type { AppDeps } from '../deps';
import { consentRuleFor, loadDialerCampaign, type DialerCampaign } from './dialer-context';
import { getDialerState, type DialerState } from './get-dialer-state';
import { hasFrequencyCap, recentDials } from './reserve-callable-lead';

export const dispositionInputSchema = z.object({
  callId: z.uuid(),
  disposition: z.string().min(1).max(40),
  notes: z.string().max(5000).default(''),
  /** A callback at a wall-clock time in one of the lead's zones, e.g. { local: '2026-03-11T14:30', zone: 'America/Chicago' }. */
  callback: z
    .object({
      local: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'Use a date and time such as 2026-03-11T14:30'),
      zone: z.string().min(1).max(64),
    })
    .nullable()
    .default(null),
  /** The agent confirms the recording disclosure was given (all-party consent states). */
  consentConfirmed: z.boolean().default(false),
  /** Where the agent goes next: back to Ready (the default) or Not ready. */
  then: z.enum(['ready', 'paused']).default('ready'),
});
export type DispositionInput = z.infer<typeof dispositionInputSchema>;

const invalid = (field: string, message: string) =>
  new AppError('invalid_input', message, { fields: { [field]: message } });

/** The zones a callback may be given in: the lead's candidate zones (the number's and the address state's). */
function candidateZones(lead: Pick<LeadRow, 'timezones' | 'state'>): string[] {
  const state = lead.state ? normaliseStateCodeStrict(lead.state) : null;
  return [...new Set([...lead.timezones, ...(state ? stateZones[state] : [])])].filter(isValidZone);
}

/**
 * The callback's instant from the lead-local wall time, refused in the past or outside the lead's calling window
 * (every candidate zone, the state's rules, the campaign's hours) — a callback is a call like any other, so a state's
 * 24-hour cap counts the lead's recent calls too (`recentCallTimes`): better to say so now than to have the dialer
 * hold the callback back when it falls due.
 */
export function callbackInstant(
  lead: Pick<LeadRow, 'timezones' | 'state'>,
  campaign: Pick<DialerCampaign, 'campaignWindow'>,
  callback: { local: string; zone: string },
  now: Date,
  recentCallTimes: readonly Date[] = [],
): Date {
  if (!candidateZones(lead).includes(callback.zone))
    throw invalid('callback', "Give the callback time in one of the lead's time zones");
  const [date, time] = callback.local.split('T') as [string, string];
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  if (m < 1 || m > 12 || d < 1 || d > 31 || hh > 23 || mm > 59)
    throw invalid('callback', 'That is not a valid date and time');
  const at = zonedTimeToInstant(callback.zone, y, m, d, hh * 60 + mm);
  if (at.getTime() <= now.getTime()) throw invalid('callback', 'The callback time has already passed');
  const verdict = checkDial(
    { zones: lead.timezones, state: lead.state, dnc: false, recentCallTimes, campaignWindow: campaign.campaignWindow },
    at,
  );
  if (verdict.reasons.length === 1 && verdict.reasons[0] === 'frequency_cap') {
    const local = formatLocal(localParts(at, callback.zone));
    const earliest = verdict.nextAllowedAt
      ? `; the earliest is ${formatLocal(localParts(verdict.nextAllowedAt, callback.zone))}`
      : '';
    const state = lead.state ? normaliseStateCodeStrict(lead.state) : null;
    const cap = state ? stateRule(state)?.maxCallsPer24h : null;
    throw invalid(
      'callback',
      `${local} is too soon: ${state ?? "the lead's state"} allows ${cap ?? 'only a few'} calls to one person in 24 hours and this lead has had them${earliest}`,
    );
  }
  if (!verdict.allowed) {
    const windows = verdict.zones
      .map(
        (z) =>
          `${z.zone.split('/').pop()!.replace(/_/g, ' ')} ${z.window ? `${fmt(z.window.startMinutes)}–${fmt(z.window.endMinutes)}` : 'closed that day'}`,
      )
      .join(', ');
    const local = formatLocal(localParts(at, callback.zone));
    throw invalid('callback', `${local} is outside the lead's calling hours (${windows}); pick another time`);
  }
  return at;
}

const fmt = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/**
 * The agent's disposition of the call they just worked, written durably (one transaction) before the agent moves
 * on: the call's disposition, notes and callback; the lead's next status under the retry rules (or its callback,
 * or done); a "Do not call" number on the team's DNC list; the agent back to Ready or Not ready.
 */
export async function recordDisposition(
  deps: Pick<AppDeps, 'db' | 'clock' | 'calling'>,
  scope: TeamScope,
  raw: unknown,
): Promise<DialerState> {
  const input = dispositionInputSchema.parse(raw);
  const now = deps.clock.now();
  // Acting is being present: it counts as a heartbeat.
  await touchOwnDialingSession(deps.db, scope, { now });
  const session = await getOwnDialingSession(deps.db, scope);
  if (!session || session.callId !== input.callId || session.campaignId === null) {
    throw new AppError('invalid_state', 'That call is not the one on your screen');
  }
  const call = await getTeamCall(deps.db, scope, input.callId);
  if (!call) throw new AppError('not_found', 'No such call');
  if (!isFinal(call.status)) throw new AppError('invalid_state', 'Hang up before you disposition the call');
  const campaign = await loadDialerCampaign(deps, scope, session.campaignId);
  const disposition = campaign.dispositions.find((d) => d.key === input.disposition);
  if (!disposition) throw invalid('disposition', "That disposition is not one of this campaign's");
  const lead = call.leadId ? await getTeamLeadIgnoringVisibility(deps.db, scope, call.leadId) : null;
  if (!lead && call.direction === 'inbound') return recordLeadlessInbound(deps, scope, input, call, disposition);
  if (!lead) throw new AppError('not_found', 'The lead of this call no longer exists');

  const recent = input.callback && hasFrequencyCap(lead) ? await recentDials(deps, scope, lead.id, now) : [];
  const callbackAt = input.callback ? callbackInstant(lead, campaign, input.callback, now, recent) : null;
  if (callbackAt === null && needsCallbackTime(disposition))
    throw invalid('callback', `"${disposition.label}" needs a callback date and time`);
  const needsConsent = call.record && call.answeredAt !== null && consentRuleFor(lead) === 'all_party';
  if (needsConsent && !input.consentConfirmed) {
    throw invalid(
      'consentConfirmed',
      'This lead may be in an all-party consent state: confirm the recording disclosure was given',
    );
  }
  const next = leadAfterDisposition({
    disposition,
    outcome: call.outcome,
    rules: campaign.retryRules,
    attempts: lead.attempts,
    callbackAt,
    agentUserId: scope.userId,
    now,
  });
  const notes = input.notes.trim() === '' ? null : input.notes.trim();

  await deps.db.transaction(async (tx) => {
    // One disposition per call: the session row is the lock, and it must still be on this call.
    const locked = await lockOwnDialingSession(tx, scope);
    if (!locked || locked.callId !== input.callId)
      throw new AppError('conflict', 'This call was already dispositioned');
    const dispositioned = await setCallDisposition(tx, scope, {
      callId: call.id,
      disposition: disposition.key,
      notes,
      callbackAt,
      consentConfirmed: input.consentConfirmed,
      now,
      disposedAt: now,
    });
    await applyLeadOutcome(tx, scope, {
      leadId: lead.id,
      status: next.status,
      nextAttemptAt: next.nextAttemptAt,
      callbackAt: next.callbackAt,
      callbackUserId: next.callbackUserId,
      lastDisposition: disposition.key,
      dnc: next.addToDnc,
      now,
    });
    await enqueueWebhookEvents(tx, scope.teamId, dispositionEvents(dispositioned ?? call, lead, next, now), now);
    if (next.addToDnc) await addDncFromDisposition(tx, scope, { phone: lead.phone, userId: scope.userId, now });
    await updateOwnDialingSession(tx, scope, { state: input.then, leadId: null, callId: null, note: null }, now);
    await notifyCallChanged(tx, call);
  });
  return getDialerState(deps, scope);
}

/**
 * An inbound call whose caller is no lead of ours (decision 0026): the disposition and notes stay on the call, a
 * "Do not call" puts the caller's number on the list, and the agent moves on. No callback: there is no lead to hold it.
 */
async function recordLeadlessInbound(
  deps: Pick<AppDeps, 'db' | 'clock' | 'calling'>,
  scope: TeamScope,
  input: DispositionInput,
  call: { id: string; teamId: string; agentId: string | null; dialedNumber: string },
  disposition: DialerCampaign['dispositions'][number],
): Promise<DialerState> {
  if (input.callback || needsCallbackTime(disposition))
    throw invalid('callback', 'This caller is not one of your leads, so a callback cannot be scheduled');
  const now = deps.clock.now();
  const notes = input.notes.trim() === '' ? null : input.notes.trim();
  await deps.db.transaction(async (tx) => {
    const locked = await lockOwnDialingSession(tx, scope);
    if (!locked || locked.callId !== input.callId)
      throw new AppError('conflict', 'This call was already dispositioned');
    await setCallDisposition(tx, scope, {
      callId: call.id,
      disposition: disposition.key,
      notes,
      callbackAt: null,
      consentConfirmed: input.consentConfirmed,
      now,
      disposedAt: now,
    });
    if (disposition.key === DO_NOT_CALL_KEY)
      await addDncFromDisposition(tx, scope, { phone: call.dialedNumber, userId: scope.userId, now });
    await updateOwnDialingSession(tx, scope, { state: input.then, leadId: null, callId: null, note: null }, now);
    await notifyCallChanged(tx, call);
  });
  return getDialerState(deps, scope);
}

/** The outbound webhook events of a disposition: always `call.dispositioned`, and `callback.scheduled` with a callback. */
function dispositionEvents(
  call: {
    id: string;
    campaignId: string | null;
    agentId: string | null;
    disposition: string | null;
    notes: string | null;
  },
  lead: Pick<LeadRow, 'id' | 'phone' | 'firstName' | 'lastName'>,
  next: { status: string; callbackAt: Date | null; callbackUserId: string | null },
  now: Date,
): OutboundEvent[] {
  const events: OutboundEvent[] = [
    {
      type: 'call.dispositioned',
      orderKey: lead.id,
      data: {
        callId: call.id,
        leadId: lead.id,
        campaignId: call.campaignId,
        agentId: call.agentId,
        disposition: call.disposition,
        notes: call.notes,
        leadStatus: next.status,
        dispositionedAt: now.toISOString(),
      },
    },
  ];
  if (next.callbackAt)
    events.push({
      type: 'callback.scheduled',
      orderKey: lead.id,
      data: {
        callId: call.id,
        leadId: lead.id,
        campaignId: call.campaignId,
        phone: lead.phone,
        firstName: lead.firstName,
        lastName: lead.lastName,
        callbackAt: next.callbackAt.toISOString(),
        assignedTo: next.callbackUserId,
      },
    });
  return events;
}
