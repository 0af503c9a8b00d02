import { callableZonesSnapshot } from '../compliance';

/**
 * The zones callable now, recomputed only when the answer can have changed (a zone's window opened or
 * closed) — the pick runs per agent per lead and the answer holds for hours at a time. A clock moved
 * backwards (tests, a corrected server clock) recomputes too.
 */
export function createCallableZones(): (now: Date) => readonly string[] {
  let from = Infinity;
  let until = -Infinity;
  let zones: readonly string[] = [];
  return (now) => {
    const t = now.getTime();
    if (t < from || t >= until) {
      const snap = callableZonesSnapshot(now);
      zones = snap.zones;
      from = t;
      until = snap.validUntil?.getTime() ?? Infinity;
    }
    return zones;
  };
}
