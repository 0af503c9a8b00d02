/**
 * Call status, progress order and outcome: pure rules shared by the webhook handlers, the reconciliation job
 * and both telephony adapters. Provider callbacks arrive late, twice and out of order, so a status is applied
 * only when it moves a call forward (`advancesStatus`).
 */
import { AppError } from '../errors';

/** The provider's call states (SignalWire / Compatibility API names). */
export const callStatuses = [
  'queued',
  'initiated',
  'ringing',
  'in-progress',
  'completed',
  'busy',
  'failed',
  'no-answer',
  'canceled',
] as const;
export type CallStatus = (typeof callStatuses)[number];

export const finalCallStatuses = [
  'completed',
  'busy',
  'failed',
  'no-answer',
  'canceled',
] as const satisfies readonly CallStatus[];

// All final states share one rank: once a call has ended, no later report may change how it ended.
const ranks: Record<CallStatus, number> = {
  queued: 0,
  initiated: 1,
  ringing: 2,
  'in-progress': 3,
  completed: 4,
  busy: 4,
  failed: 4,
  'no-answer': 4,
  canceled: 4,
};
const FINAL_RANK = 4;

export function isCallStatus(value: string): value is CallStatus {
  return Object.hasOwn(ranks, value);
}

/** How far along a call is; final states all rank highest. */
export function statusRank(status: CallStatus): number {
  return ranks[status];
}

export function isFinal(status: CallStatus): boolean {
  return ranks[status] === FINAL_RANK;
}

/** True when a report of `next` should replace `current`: only a strictly later stage does. */
export function advancesStatus(current: CallStatus | undefined, next: CallStatus): boolean {
  return current === undefined || ranks[next] > ranks[current];
}

export type AnsweredBy = 'human' | 'machine';

/**
 * Normalises the provider's AnsweredBy. The exact async-AMD values are unconfirmed (`machine_start`,
 * `machine_end_beep`, `fax`, `unknown` …), so anything but `human` counts as a machine: a live agent is
 * only ever connected to a confirmed human.
 */
export function answeredByFrom(raw: string | null | undefined): AnsweredBy | undefined {
  if (raw === undefined || raw === null || raw.trim() === '') return undefined;
  return raw.trim().toLowerCase() === 'human' ? 'human' : 'machine';
}

export type Outcome = 'human' | 'machine' | 'busy' | 'no_answer' | 'failed' | 'canceled';

/** The outcome of an ended call; undefined while the call is still live. */
export function outcomeOf(status: CallStatus, answeredBy?: AnsweredBy): Outcome | undefined {
  switch (status) {
    case 'completed':
      // Without AMD nobody classified the callee; an answered call is then taken as a person.
      return answeredBy === 'machine' ? 'machine' : 'human';
    case 'busy':
      return 'busy';
    case 'no-answer':
      return 'no_answer';
    case 'failed':
      return 'failed';
    case 'canceled':
      return 'canceled';
    default:
      return undefined;
  }
}

/** FTC rule (docs/calling-rules.md): an unanswered call rings at least 15 s before it is given up. */
export const MIN_RING_TIMEOUT_SEC = 15;
/** The provider's own ceiling for `Timeout`. */
export const MAX_RING_TIMEOUT_SEC = 600;

export function assertRingTimeout(ringTimeoutSec: number): void {
  if (
    !Number.isInteger(ringTimeoutSec) ||
    ringTimeoutSec < MIN_RING_TIMEOUT_SEC ||
    ringTimeoutSec > MAX_RING_TIMEOUT_SEC
  ) {
    throw new AppError(
      'invalid_input',
      `Ring timeout must be a whole number of seconds from ${MIN_RING_TIMEOUT_SEC} to ${MAX_RING_TIMEOUT_SEC} (got ${ringTimeoutSec})`,
      { fields: { ringTimeoutSec: `at least ${MIN_RING_TIMEOUT_SEC} seconds` } },
    );
  }
}
