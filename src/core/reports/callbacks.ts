// When a scheduled callback counts as kept (docs/decisions/0031-wrap-up-and-callbacks-kept.md).

/** A callback dialled up to this long before the time the agent set still counts (clocks, a call a little early). */
export const CALLBACK_KEPT_EARLY_MS = 5 * 60_000;
/** ... and up to this long after it: later than that the person was kept waiting, and the callback was missed. */
export const CALLBACK_KEPT_LATE_MS = 60 * 60_000;

/**
 * Kept: the callback's own agent dialled the lead from 5 minutes before to 1 hour after the time that was set. Who
 * dialled is checked by the caller (only the agent the callback belongs to is asked about); this is the window.
 */
export function isCallbackKept(callbackAt: Date, dialledAt: Date): boolean {
  const delta = dialledAt.getTime() - callbackAt.getTime();
  return delta >= -CALLBACK_KEPT_EARLY_MS && delta <= CALLBACK_KEPT_LATE_MS;
}
