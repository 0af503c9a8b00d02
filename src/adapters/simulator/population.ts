/**
 * The people (and machines) behind ordinary numbers, as a population: a seeded, configurable model of how a
 * dialled call goes. Pure — the random source is passed in — so the simulator telephony adapter and the pacing
 * benchmark draw from the same model, and one seed replays one run.
 *
 * A dial is answered by a person (`humanRate`), answered by an answering machine (`machineRate`), busy, failed,
 * or rings out (the rest). An answer comes after a log-normal ring time. A person talks for a log-normal time
 * (median about 90 s) — but only if somebody speaks to them: a person who hears nothing within their patience (a
 * couple of seconds) hangs up. A machine plays a greeting of some seconds, beeps at its end, records for a while
 * and hangs up.
 */
import type { CallPlan, Range } from './plan';

export type LogNormalSeconds = {
  /** The median, in seconds (a log-normal's median is exp(mu)). */
  readonly medianSec: number;
  /** The spread of the logarithm (sigma). */
  readonly sigma: number;
  /** Draws are clamped into this range, so a tail never produces a 0 s or a 3-hour call. */
  readonly clampSec: Range;
};

export type Population = {
  /** Share of dials a person answers. */
  readonly humanRate: number;
  /** Share of dials an answering machine answers. */
  readonly machineRate: number;
  readonly busyRate: number;
  readonly failedRate: number;
  /** Ringing before an answer; an answer at or beyond the call's ring timeout becomes a no-answer. */
  readonly ringSec: LogNormalSeconds;
  /** How long a person who is spoken to stays on the line. */
  readonly talkSec: LogNormalSeconds;
  /** A person hangs up this long after answering when nobody has spoken to them by then. */
  readonly patienceSec: Range;
  /** A machine's greeting; it beeps at the end. */
  readonly greetingSec: Range;
  /** After the beep the machine records this long, then hangs up. */
  readonly recordSec: Range;
  readonly busyAfterSec: number;
  readonly failedAfterSec: number;
};

/** A cold list: about 10 % of dials reach a person, 20 % a machine (published: ~10 % pick-up on cold lists). */
export const coldListPopulation: Population = {
  humanRate: 0.1,
  machineRate: 0.2,
  busyRate: 0.05,
  failedRate: 0.03,
  ringSec: { medianSec: 9, sigma: 0.45, clampSec: [2, 40] },
  talkSec: { medianSec: 90, sigma: 0.8, clampSec: [5, 1800] },
  patienceSec: [1.5, 4],
  greetingSec: [5, 15],
  recordSec: [10, 30],
  busyAfterSec: 3,
  failedAfterSec: 1,
};

/** A warmer list: 25 % of dials reach a person. */
export const warmListPopulation: Population = { ...coldListPopulation, humanRate: 0.25 };

export const populationPresets = { cold: coldListPopulation, warm: warmListPopulation } as const;
export type PopulationPreset = keyof typeof populationPresets;

/** Throws RangeError when the rates are not shares that sum to at most 1, or a range is not a range. */
export function assertValidPopulation(p: Population): void {
  const rates = [p.humanRate, p.machineRate, p.busyRate, p.failedRate];
  if (rates.some((r) => !(r >= 0 && r <= 1)) || rates.reduce((a, b) => a + b, 0) > 1 + 1e-9) {
    throw new RangeError('population: the human, machine, busy and failed rates must be shares summing to at most 1');
  }
  for (const d of [p.ringSec, p.talkSec]) {
    if (!(d.medianSec > 0) || !(d.sigma >= 0) || !(d.clampSec[0] <= d.clampSec[1]))
      throw new RangeError('population: a log-normal needs a positive median, sigma ≥ 0 and min ≤ max');
  }
  for (const r of [p.patienceSec, p.greetingSec, p.recordSec]) {
    if (!(r[0] >= 0 && r[0] <= r[1])) throw new RangeError('population: a range needs 0 ≤ min ≤ max');
  }
}

/** A standard normal draw (Box–Muller; 1 − u keeps the logarithm finite). */
export function normalDraw(random: () => number): number {
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

export function logNormalDraw(random: () => number, d: LogNormalSeconds): number {
  const x = d.medianSec * Math.exp(d.sigma * normalDraw(random));
  return Math.min(d.clampSec[1], Math.max(d.clampSec[0], x));
}

const uniform = (random: () => number, [min, max]: Range): number => min + random() * (max - min);
/** Tenths of a second: the simulator's timers and the call records do not need more. */
const tenths = (sec: number): number => Math.round(sec * 10) / 10;

/** How one dial to an ordinary number goes. */
export function drawCallPlan(p: Population, random: () => number): CallPlan {
  let pick = random();
  if ((pick -= p.humanRate) < 0) {
    return {
      kind: 'answer',
      answeredBy: 'human',
      answerAfterSec: tenths(logNormalDraw(random, p.ringSec)),
      hangUpAfterSec: tenths(logNormalDraw(random, p.talkSec)),
      hangUpIfSilentSec: tenths(uniform(random, p.patienceSec)),
    };
  }
  if ((pick -= p.machineRate) < 0) {
    const answerAfterSec = tenths(logNormalDraw(random, p.ringSec));
    const beepAfterSec = tenths(uniform(random, p.greetingSec));
    return {
      kind: 'answer',
      answeredBy: 'machine',
      answerAfterSec,
      beepAfterSec,
      hangUpAfterSec: tenths(beepAfterSec + uniform(random, p.recordSec)),
    };
  }
  if ((pick -= p.busyRate) < 0) return { kind: 'busy', afterSec: p.busyAfterSec };
  if ((pick -= p.failedRate) < 0) return { kind: 'failed', afterSec: p.failedAfterSec };
  return { kind: 'no-answer' };
}
