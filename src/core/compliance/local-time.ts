// Wall-clock arithmetic in IANA zones with the built-in Intl API only: offsets are always read
// from the zone database at the instant in question, never assumed, so DST and no-DST zones
// (Arizona, Hawaii, Puerto Rico, Guam) come out right.

export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

/** A calendar date in some zone; month is 1–12. */
export type LocalDate = { readonly year: number; readonly month: number; readonly day: number };

export type LocalParts = LocalDate & {
  /** 0 = Sunday … 6 = Saturday. */
  readonly weekday: Weekday;
  /** Whole minutes since local midnight, 0–1439. */
  readonly minutes: number;
  /** Seconds within the minute, 0–59. */
  readonly seconds: number;
};

const DAY_MS = 86_400_000;
const WEEKDAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;

// Building an Intl.DateTimeFormat costs ~100× a format() call and the gate runs per dial and the
// zone filter per lead pick, so formatters are built once per zone. Only valid zones are cached,
// which bounds the map by the size of the zone database.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (formatter === undefined) {
    // Throws RangeError for a zone the runtime does not know.
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

// An IANA zone name ("America/New_York", "UTC", "Etc/GMT+5"): it starts with a letter and never is an offset.
// Newer ICU (Node 24) also accepts offset zones such as "-05:00" or "+0530", which have no daylight saving and are
// not a place, so they are refused here whatever the runtime would accept.
const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/;
const OFFSET_LIKE = /^(?:UTC|GMT|UT|Z)?[+-]\d/i;

/**
 * True when `zone` is an IANA zone name the runtime's zone database knows (aliases such as
 * America/Indiana/Indianapolis included); offsets such as "-05:00" or "UTC+3" are not zones.
 */
export function isValidZone(zone: string): boolean {
  if (typeof zone !== 'string' || zone.length === 0 || zone.length > 64) return false;
  if (!ZONE_NAME.test(zone) || OFFSET_LIKE.test(zone)) return false;
  try {
    formatterFor(zone);
    return true;
  } catch {
    return false;
  }
}

// Scratch for the six wall-clock fields of the last reading: the zone filter reads dozens of
// zones per lead pick, and a fresh array + object per reading showed up as GC time.
const WALL = new Int32Array(6); // month, day, year, hour, minute, second

// format() is ~3× faster than formatToParts(); en-US gives "M/D/YYYY, HH:MM:SS", so the six
// digit runs arrive in that order whatever the separators. Anything else falls back to parts.
function readWall(zone: string, epochMs: number): void {
  const formatter = formatterFor(zone);
  const text = formatter.format(epochMs);
  WALL.fill(0);
  let count = 0;
  let inNumber = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c >= 0 && c <= 9) {
      if (!inNumber) {
        inNumber = true;
        if (++count > 6) break;
      }
      WALL[count - 1] = WALL[count - 1]! * 10 + c;
    } else {
      inNumber = false;
    }
  }
  if (count === 6) {
    WALL[3] = WALL[3]! % 24; // some ICU builds print midnight as 24
    return;
  }
  const index: Partial<Record<string, number>> = { month: 0, day: 1, year: 2, hour: 3, minute: 4, second: 5 };
  WALL.fill(0);
  for (const part of formatter.formatToParts(epochMs)) {
    const i = index[part.type];
    if (i !== undefined) WALL[i] = part.type === 'hour' ? Number(part.value) % 24 : Number(part.value);
  }
}

/** Milliseconds to add to an instant to get its wall-clock reading in `zone` (negative west of UTC). */
export function offsetMs(zone: string, epochMs: number): number {
  readWall(zone, epochMs);
  const wallMs = Date.UTC(WALL[2]!, WALL[0]! - 1, WALL[1]!, WALL[3]!, WALL[4]!, WALL[5]!);
  return wallMs - Math.floor(epochMs / 1000) * 1000;
}

export function weekdayOf(date: LocalDate): Weekday {
  return weekdayOfYmd(date.year, date.month, date.day);
}

function weekdayOfYmd(year: number, month: number, day: number): Weekday {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay() as Weekday;
}

/** The wall-clock reading of `instant` in `zone`. Throws RangeError for an unknown zone. */
export function localParts(instant: Date, zone: string): LocalParts {
  readWall(zone, instant.getTime());
  const year = WALL[2]!;
  const month = WALL[0]!;
  const day = WALL[1]!;
  return {
    year,
    month,
    day,
    weekday: weekdayOfYmd(year, month, day),
    minutes: WALL[3]! * 60 + WALL[4]!,
    seconds: WALL[5]!,
  };
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** 'YYYY-MM-DD', the key holiday tables use. */
export function isoDate(date: LocalDate): string {
  return `${String(date.year).padStart(4, '0')}-${pad2(date.month)}-${pad2(date.day)}`;
}

/** 'HH:mm' for minutes since midnight (1440 prints as 24:00). */
export function formatMinutes(minutes: number): string {
  return `${pad2(Math.floor(minutes / 60))}:${pad2(minutes % 60)}`;
}

/** 'YYYY-MM-DD HH:mm ddd', the form the agent's screen shows. */
export function formatLocal(parts: LocalParts): string {
  return `${isoDate(parts)} ${formatMinutes(parts.minutes)} ${WEEKDAY_NAMES[parts.weekday]}`;
}

/** 'YYYY-MM-DD HH:mm:ss ddd', the form the dial record stores: a decision at 20:59:59 must not read as "20:59". */
export function formatLocalSeconds(parts: LocalParts): string {
  return `${isoDate(parts)} ${formatMinutes(parts.minutes)}:${pad2(parts.seconds)} ${WEEKDAY_NAMES[parts.weekday]}`;
}

/**
 * The instant at which `zone`'s clocks read `minutes` past midnight on year-month-day.
 * `minutes` may run past 1440 (it rolls into the next day), so a window ending at 24:00 works.
 * In a spring-forward gap the answer is the first instant whose wall time is at or after the one
 * asked for (the transition itself); in a fall-back overlap it is the earlier of the two instants.
 */
export function zonedTimeToInstant(zone: string, year: number, month: number, day: number, minutes: number): Date {
  const wall = Date.UTC(year, month - 1, day, 0, minutes);
  // Offsets a day either side bracket any single transition near this wall time (the approach
  // Temporal's GetPossibleInstantsFor takes).
  const before = offsetMs(zone, wall - DAY_MS);
  const after = offsetMs(zone, wall + DAY_MS);
  let best: number | null = null;
  for (const offset of before === after ? [before] : [before, after]) {
    const candidate = wall - offset;
    if (offsetMs(zone, candidate) === offset && (best === null || candidate < best)) best = candidate;
  }
  if (best !== null) return new Date(best);

  // Gap: wall time jumps past `wall` somewhere in [wall - after, wall - before]; find the first
  // second whose wall reading is >= wall. Transitions fall on whole seconds.
  let lo = Math.floor(Math.min(wall - after, wall - before) / 1000);
  let hi = Math.ceil(Math.max(wall - after, wall - before) / 1000);
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (mid * 1000 + offsetMs(zone, mid * 1000) >= wall) hi = mid;
    else lo = mid + 1;
  }
  return new Date(lo * 1000);
}
