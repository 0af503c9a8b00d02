/** The events a team's webhook endpoint can subscribe to. */
export const webhookEventTypes = [
  'call.completed',
  'call.dispositioned',
  'lead.created',
  'lead.updated',
  'callback.scheduled',
  'dnc.added',
] as const;
export type WebhookEventType = (typeof webhookEventTypes)[number];

export const isWebhookEventType = (value: string): value is WebhookEventType =>
  (webhookEventTypes as readonly string[]).includes(value);

const SECOND = 1000;
const HOUR = 3600 * SECOND;

/** A delivery is retried for this long after its event, then given up ("failed" in the log, replayable). */
export const GIVE_UP_AFTER_MS = 72 * HOUR;
/**
 * An endpoint with no successful delivery for this long is disabled and the team's admins are told. Shorter than a
 * delivery's retry window (its last attempt falls about 65 hours after the event), so an endpoint that fails every
 * attempt is disabled at the latest by its first delivery's last attempt.
 */
export const DISABLE_AFTER_MS = 60 * HOUR;
/** A worker's lease on a delivery it is sending; a worker killed mid-send leaves it, and it is retried after this. */
export const LEASE_MS = 60 * SECOND;
/** The longest we wait for an endpoint to answer. */
export const DELIVERY_TIMEOUT_MS = 15 * SECOND;

/**
 * How deliveries are timed: the first retry's wait (tripled after each further failure, up to `retryMaxMs`), the
 * worker's lease on a delivery it is sending, and how long it waits for an answer. Configurable so a test bed or a
 * benchmark can compress days of backoff into seconds; production keeps the defaults.
 */
export type DeliveryTiming = { retryBaseMs: number; retryMaxMs: number; leaseMs: number; timeoutMs: number };
export const DEFAULT_DELIVERY_TIMING: DeliveryTiming = {
  retryBaseMs: 10 * SECOND,
  retryMaxMs: 8 * HOUR,
  leaseMs: LEASE_MS,
  timeoutMs: DELIVERY_TIMEOUT_MS,
};

/**
 * The wait before the next attempt after `attempts` failed ones: 10 s tripled each time (10 s, 30 s, 90 s … ) up to
 * 8 hours, so about a dozen attempts fit in the 3 days before a delivery is given up.
 */
export function retryDelayMs(attempts: number, timing: DeliveryTiming = DEFAULT_DELIVERY_TIMING): number {
  const n = Math.max(1, attempts);
  return Math.min(timing.retryBaseMs * 3 ** (n - 1), timing.retryMaxMs);
}

/** What happens to a delivery after a failed attempt: retried at a time, or given up because its event is too old. */
export function afterFailure(
  delivery: { attempts: number; createdAt: Date },
  now: Date,
  timing: DeliveryTiming = DEFAULT_DELIVERY_TIMING,
): { kind: 'retry'; at: Date } | { kind: 'give_up' } {
  const at = new Date(now.getTime() + retryDelayMs(delivery.attempts, timing));
  if (at.getTime() - delivery.createdAt.getTime() > GIVE_UP_AFTER_MS) return { kind: 'give_up' };
  return { kind: 'retry', at };
}

/** True when an endpoint failing since `failingSince` should now be disabled. */
export const shouldDisable = (failingSince: Date | null, now: Date) =>
  failingSince !== null && now.getTime() - failingSince.getTime() >= DISABLE_AFTER_MS;

/** 2xx is success; anything else (and no answer at all) is a failure to retry. */
export const isDelivered = (status: number | null) => status !== null && status >= 200 && status < 300;
