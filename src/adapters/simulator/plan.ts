/**
 * What the simulated callee does, decided when the call is placed.
 *
 * TEST NUMBERS force an outcome. They use the NANP block reserved for fiction, 555-0100 … 555-0199, with any
 * area code (NPA): `+1 NPA 555-01XX`.
 *
 *   +1 NPA 555-0100   a person answers after 5 s and stays on the line until we hang up
 *   +1 NPA 555-0101   an answering machine answers after 5 s and stays until we hang up
 *   +1 NPA 555-0102   busy, after 3 s
 *   +1 NPA 555-0103   no answer: rings until the call's ring timeout
 *   +1 NPA 555-0104   failed (unreachable), after 1 s
 *   +1 NPA 555-0105   a person answers after 5 s and hangs up after 30 s
 *   +1 NPA 555-0110 … 555-0199
 *                     a person answers after 5 s and hangs up after XX seconds (0110 → 10 s, 0145 → 45 s)
 *   +1 NPA 555-0106 … 555-0109   reserved; behave like 0100
 *
 * All test calls ring (status `ringing`) from 1 s. Any other number gets an outcome drawn from the profile's
 * weights with the simulator's seeded PRNG, so the same seed and the same sequence of calls replay the same run —
 * or, when the simulator is given a population (./population.ts), from that model instead.
 */
import type { AnsweredBy } from '../../core/telephony/call-status';
import { drawCallPlan, type Population } from './population';

export type CallPlan =
  | {
      kind: 'answer';
      answeredBy: AnsweredBy;
      /** Seconds from placing the call to the answer; at or beyond the ring timeout the call ends no-answer. */
      answerAfterSec: number;
      /** Seconds from the answer until the callee hangs up; null = stays until we hang up. */
      hangUpAfterSec: number | null;
      /** A person (population model): hangs up this long after answering if nobody has spoken to them. */
      hangUpIfSilentSec?: number;
      /** A machine (population model): seconds from the answer to the beep that ends its greeting. */
      beepAfterSec?: number;
    }
  | { kind: 'busy'; afterSec: number }
  | { kind: 'no-answer' }
  | { kind: 'failed'; afterSec: number };

export type Range = readonly [min: number, max: number];

export type SimulatorProfile = {
  /** Relative weights of outcomes for ordinary numbers. */
  weights: { human: number; machine: number; busy: number; noAnswer: number; failed: number };
  /** Ringing before an answer. */
  answerAfterSec: Range;
  /** How long a person talks before hanging up. */
  humanTalkSec: Range;
  /** Greeting, beep and message window before a voicemail system hangs up. */
  machineTalkSec: Range;
  busyAfterSec: number;
  failedAfterSec: number;
  /** When the `ringing` status is reported. */
  ringingAfterSec: number;
  /** How long async answering-machine detection takes to decide. */
  amdDecisionSec: { human: number; machine: number };
  /** A call nobody hangs up ends here (a carrier's own limit). */
  maxCallSec: number;
};

export const defaultSimulatorProfile: SimulatorProfile = {
  weights: { human: 0.3, machine: 0.25, busy: 0.05, noAnswer: 0.35, failed: 0.05 },
  answerAfterSec: [3, 25],
  humanTalkSec: [20, 180],
  machineTalkSec: [25, 90],
  busyAfterSec: 3,
  failedAfterSec: 1,
  ringingAfterSec: 1,
  amdDecisionSec: { human: 2.5, machine: 4 },
  maxCallSec: 4 * 60 * 60,
};

const TEST_ANSWER_AFTER_SEC = 5;
const TEST_NUMBER = /^\+1\d{3}5550(1\d\d)$/;

/** Examples of the test numbers (area code 202); any area code works the same. */
export const SIMULATOR_TEST_NUMBERS = {
  humanStays: '+12025550100',
  machine: '+12025550101',
  busy: '+12025550102',
  noAnswer: '+12025550103',
  failed: '+12025550104',
  humanHangsUpAfter30s: '+12025550105',
  /** A person who hangs up `sec` (10–99) seconds after answering. */
  humanHangsUpAfter(sec: number): string {
    if (!Number.isInteger(sec) || sec < 10 || sec > 99) throw new RangeError('test numbers cover 10–99 seconds');
    return `+120255501${sec}`;
  },
} as const;

/** The forced plan of a test number, or undefined for an ordinary number. */
export function testNumberPlan(to: string): CallPlan | undefined {
  const line = TEST_NUMBER.exec(to)?.[1];
  if (line === undefined) return undefined;
  const xx = Number(line) - 100;
  const answer = (answeredBy: AnsweredBy, hangUpAfterSec: number | null): CallPlan => ({
    kind: 'answer',
    answeredBy,
    answerAfterSec: TEST_ANSWER_AFTER_SEC,
    hangUpAfterSec,
  });
  switch (xx) {
    case 1:
      return answer('machine', null);
    case 2:
      return { kind: 'busy', afterSec: 3 };
    case 3:
      return { kind: 'no-answer' };
    case 4:
      return { kind: 'failed', afterSec: 1 };
    case 5:
      return answer('human', 30);
    default:
      return answer('human', xx >= 10 ? xx : null);
  }
}

export function planCall(
  to: string,
  random: () => number,
  profile: SimulatorProfile,
  population?: Population,
): CallPlan {
  const forced = testNumberPlan(to);
  if (forced) return forced;
  if (population) return drawCallPlan(population, random);
  const { human, machine, busy, noAnswer, failed } = profile.weights;
  const total = human + machine + busy + noAnswer + failed;
  let pick = random() * total;
  const between = ([min, max]: Range) => Math.round(min + random() * (max - min));
  if ((pick -= human) < 0) {
    return {
      kind: 'answer',
      answeredBy: 'human',
      answerAfterSec: between(profile.answerAfterSec),
      hangUpAfterSec: between(profile.humanTalkSec),
    };
  }
  if ((pick -= machine) < 0) {
    return {
      kind: 'answer',
      answeredBy: 'machine',
      answerAfterSec: between(profile.answerAfterSec),
      hangUpAfterSec: between(profile.machineTalkSec),
    };
  }
  if ((pick -= busy) < 0) return { kind: 'busy', afterSec: profile.busyAfterSec };
  if ((pick -= noAnswer) < 0) return { kind: 'no-answer' };
  return { kind: 'failed', afterSec: profile.failedAfterSec };
}
