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
  'A dash means every answer in that window was placed before calls recorded whether an agent took them, so which ' +
  'were abandoned (nobody on the line within 2 seconds) cannot be counted exactly, and a guess is not shown. Live ' +
  'answers are exact.';

/** How older answers without connect records are treated, when a window has some. */
export function unrecordedHelp(unrecorded: number): string {
  if (unrecorded === 0) return '';
  const answers = unrecorded === 1 ? '1 answer was' : `${unrecorded} answers were`;
  return (
    `${answers} placed before calls recorded whether an agent took them: counted as live answers, but left out of ` +
    'the rate, which is over the answers that carry that record.'
  );
}
