import { addDays, isoDate, zonedTimeToInstant, type LocalDate } from '../compliance/local-time';
import { AppError } from '../errors';

/** The longest range a report covers: a little over a year, enough for any quarter or year-over-year look. */
export const MAX_REPORT_DAYS = 400;

export type ReportRange = {
  /** First and last day (inclusive), in the zone, as YYYY-MM-DD. */
  from: string;
  to: string;
  days: number;
  /** [since, until): midnight at the start of `from` to midnight after `to`, in the zone. */
  since: Date;
  until: Date;
};

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseDay(value: string, field: string): LocalDate {
  const m = DAY.exec(value);
  const date = m ? { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) } : null;
  // A day that does not exist (2026-02-30) comes back from the round trip as another day.
  if (!date || date.year < 2000 || isoDate(addDays(date, 0)) !== value)
    throw new AppError('invalid_input', `Give the ${field} day as YYYY-MM-DD`, {
      fields: { [field]: 'Give a day as YYYY-MM-DD' },
    });
  return date;
}

const span = (zone: string, first: LocalDate, days: number) => ({
  since: zonedTimeToInstant(zone, first.year, first.month, first.day, 0),
  until: (() => {
    const end = addDays(first, days);
    return zonedTimeToInstant(zone, end.year, end.month, end.day, 0);
  })(),
});

/** The report's days in the zone, and the same number of days just before them (the comparison period). */
export function reportRanges(zone: string, from: string, to: string): { current: ReportRange; previous: ReportRange } {
  const first = parseDay(from, 'from');
  const last = parseDay(to, 'to');
  const days =
    Math.round(
      (Date.UTC(last.year, last.month - 1, last.day) - Date.UTC(first.year, first.month - 1, first.day)) / 86_400_000,
    ) + 1;
  if (days < 1)
    throw new AppError('invalid_input', 'The range ends before it starts', {
      fields: { to: 'Pick a day on or after the start' },
    });
  if (days > MAX_REPORT_DAYS)
    throw new AppError('invalid_input', `A report covers at most ${MAX_REPORT_DAYS} days`, {
      fields: { to: `Pick at most ${MAX_REPORT_DAYS} days` },
    });
  const before = addDays(first, -days);
  return {
    current: { from, to, days, ...span(zone, first, days) },
    previous: { from: isoDate(before), to: isoDate(addDays(first, -1)), days, ...span(zone, before, days) },
  };
}

/** A share, or null (shown as a dash) when there is nothing to divide by: never a made-up 0. */
export const share = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);
