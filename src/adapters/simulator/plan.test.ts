import { describe, expect, it } from 'vitest';
import { SIMULATOR_TEST_NUMBERS, defaultSimulatorProfile, planCall, testNumberPlan, type CallPlan } from './plan';
import { seededRandom } from './random';

describe('simulator test numbers', () => {
  it('force the documented plan for any area code', () => {
    const human = (hangUpAfterSec: number | null): CallPlan => ({
      kind: 'answer',
      answeredBy: 'human',
      answerAfterSec: 5,
      hangUpAfterSec,
    });
    const table: [string, CallPlan][] = [
      ['+12025550100', human(null)],
      ['+13105550100', human(null)],
      ['+12025550101', { kind: 'answer', answeredBy: 'machine', answerAfterSec: 5, hangUpAfterSec: null }],
      ['+12025550102', { kind: 'busy', afterSec: 3 }],
      ['+12025550103', { kind: 'no-answer' }],
      ['+12025550104', { kind: 'failed', afterSec: 1 }],
      ['+12025550105', human(30)],
      ['+12025550106', human(null)],
      ['+12025550109', human(null)],
      ['+12025550110', human(10)],
      ['+12025550145', human(45)],
      ['+12025550199', human(99)],
    ];
    for (const [number, plan] of table) expect(testNumberPlan(number), number).toEqual(plan);
  });

  it('leave every other number to chance', () => {
    for (const number of ['+12025550200', '+12025550099', '+442075550100', '+12025551100', '+120255501000']) {
      expect(testNumberPlan(number), number).toBeUndefined();
    }
  });

  it('exported examples match the scheme', () => {
    expect(SIMULATOR_TEST_NUMBERS.humanHangsUpAfter(45)).toBe('+12025550145');
    expect(testNumberPlan(SIMULATOR_TEST_NUMBERS.busy)?.kind).toBe('busy');
    expect(() => SIMULATOR_TEST_NUMBERS.humanHangsUpAfter(9)).toThrow(RangeError);
    expect(() => SIMULATOR_TEST_NUMBERS.humanHangsUpAfter(100)).toThrow(RangeError);
  });
});

describe('planCall', () => {
  it('draws outcomes in proportion to the weights', () => {
    const random = seededRandom(99);
    const counts = { human: 0, machine: 0, busy: 0, noAnswer: 0, failed: 0 };
    const draws = 20_000;
    for (let i = 0; i < draws; i++) {
      const plan = planCall('+14152001000', random, defaultSimulatorProfile);
      if (plan.kind === 'answer') counts[plan.answeredBy]++;
      else if (plan.kind === 'no-answer') counts.noAnswer++;
      else counts[plan.kind]++;
    }
    const w = defaultSimulatorProfile.weights;
    const total = w.human + w.machine + w.busy + w.noAnswer + w.failed;
    for (const k of Object.keys(counts) as (keyof typeof counts)[]) {
      expect(Math.abs(counts[k] / draws - w[k] / total), k).toBeLessThan(0.015);
    }
  });

  it('keeps ring and talk times inside the profile ranges', () => {
    const random = seededRandom(5);
    for (let i = 0; i < 2000; i++) {
      const plan = planCall('+14152001000', random, defaultSimulatorProfile);
      if (plan.kind !== 'answer') continue;
      const [lo, hi] = defaultSimulatorProfile.answerAfterSec;
      expect(plan.answerAfterSec).toBeGreaterThanOrEqual(lo);
      expect(plan.answerAfterSec).toBeLessThanOrEqual(hi);
      const [tlo, thi] =
        plan.answeredBy === 'human' ? defaultSimulatorProfile.humanTalkSec : defaultSimulatorProfile.machineTalkSec;
      expect(plan.hangUpAfterSec).toBeGreaterThanOrEqual(tlo);
      expect(plan.hangUpAfterSec).toBeLessThanOrEqual(thi);
    }
  });

  it('honours a profile that allows one outcome only', () => {
    const onlyBusy = { ...defaultSimulatorProfile, weights: { human: 0, machine: 0, busy: 1, noAnswer: 0, failed: 0 } };
    const random = seededRandom(1);
    for (let i = 0; i < 100; i++) expect(planCall('+14152001000', random, onlyBusy).kind).toBe('busy');
  });

  it('is repeatable from a seed', () => {
    const run = (seed: number) => {
      const random = seededRandom(seed);
      return Array.from({ length: 50 }, () => planCall('+14152001000', random, defaultSimulatorProfile));
    };
    expect(run(3)).toEqual(run(3));
    expect(run(3)).not.toEqual(run(4));
  });
});
