// How abandon figures read on screen. A null figure is one the call records cannot give: a dash, never a guess.

export const DASH = '—';

export function formatRate(rate: number | null): string {
  return rate === null ? DASH : `${(rate * 100).toFixed(2)} %`;
}

export function formatTarget(targetBp: number): string {
  return `${(targetBp / 100).toFixed(2)} %`;
}

export function formatCount(n: number | null): string {
  return n === null ? DASH : String(n);
}

export function formatDay(iso: string): string {
  return new Date(iso).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
}

/** Why the rate shows a dash, in the page's help text. */
export const ABANDONS_UNKNOWN_HELP =
  'The rate shows a dash for now: calls are not yet recorded with the moment an agent joined, so which answered ' +
  'calls were abandoned (nobody on the line within 2 seconds) cannot be counted exactly, and a guess is not ' +
  'shown. Live answers are exact.';
