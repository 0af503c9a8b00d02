// The live floor's 30-day abandon rate without reading 30 days of calls on every push (decision 0034): the window
// splits into whole UTC hours old enough to have settled, whose counts can be kept for an hour, and the edges,
// counted each time. Counts over disjoint ranges of answer time add up, so the sum is the figure over the window.

const HOUR_MS = 3_600_000;

/** How old an hour must be before its live answers are taken as final (a call's records are written while it runs). */
export const SETTLE_MS = 2 * HOUR_MS;

export type TimeRange = { from: Date; to: Date };

export type SplitWindow = {
  /** Whole settled hours, or null when the window holds none. */
  settled: TimeRange | null;
  /** What is left, counted on every read: at most one partial hour at the start, and the last hours up to `to`. */
  edges: TimeRange[];
};

/** Splits [from, to) into settled whole hours (ending at least SETTLE_MS before `to`) and the edges around them. */
export function splitSettled(window: TimeRange): SplitWindow {
  const from = window.from.getTime();
  const to = window.to.getTime();
  const settledFrom = Math.ceil(from / HOUR_MS) * HOUR_MS;
  const settledTo = Math.floor((to - SETTLE_MS) / HOUR_MS) * HOUR_MS;
  if (settledTo <= settledFrom) return { settled: null, edges: [{ from: window.from, to: window.to }] };
  const edges: TimeRange[] = [];
  if (from < settledFrom) edges.push({ from: window.from, to: new Date(settledFrom) });
  edges.push({ from: new Date(settledTo), to: window.to });
  return { settled: { from: new Date(settledFrom), to: new Date(settledTo) }, edges };
}
