import { describe, expect, it } from 'vitest';
import type { CallPlan } from './plan';
import {
  assertValidPopulation,
  coldListPopulation,
  drawCallPlan,
  logNormalDraw,
  warmListPopulation,
  type Population,
} from './population';
import { seededRandom } from './random';

const DRAWS = 40_000;
type Answer = Extract<CallPlan, { kind: 'answer' }>;

function draw(p: Population, seed: number, n = DRAWS): CallPlan[] {
  const random = seededRandom(seed);
  return Array.from({ length: n }, () => drawCallPlan(p, random));
}
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};
const answers = (plans: CallPlan[], by: 'human' | 'machine'): Answer[] =>
  plans.filter((c): c is Answer => c.kind === 'answer' && c.answeredBy === by);

describe('population model', () => {
  it.each([
    ['cold', coldListPopulation],
    ['warm', warmListPopulation],
  ])('%s list: outcome rates within tolerance of the configured shares', (_, p) => {
    const plans = draw(p, 11);
    const share = (pred: (c: CallPlan) => boolean) => plans.filter(pred).length / plans.length;
    // 40 000 draws: a share's standard error is under 0.0025, so ±0.01 is four of them.
    expect(share((c) => c.kind === 'answer' && c.answeredBy === 'human')).toBeCloseTo(p.humanRate, 1);
    expect(Math.abs(answers(plans, 'human').length / DRAWS - p.humanRate)).toBeLessThan(0.01);
    expect(Math.abs(answers(plans, 'machine').length / DRAWS - p.machineRate)).toBeLessThan(0.01);
    expect(Math.abs(share((c) => c.kind === 'busy') - p.busyRate)).toBeLessThan(0.01);
    expect(Math.abs(share((c) => c.kind === 'failed') - p.failedRate)).toBeLessThan(0.01);
    const rest = 1 - p.humanRate - p.machineRate - p.busyRate - p.failedRate;
    expect(Math.abs(share((c) => c.kind === 'no-answer') - rest)).toBeLessThan(0.01);
  });

  it('talk time is log-normal with a median of about 90 s and a long right tail', () => {
    const talk = answers(draw(coldListPopulation, 12, 100_000), 'human').map((c) => c.hangUpAfterSec!);
    expect(Math.abs(median(talk) - 90)).toBeLessThan(4);
    const mean = talk.reduce((a, b) => a + b, 0) / talk.length;
    // A log-normal's mean is median × exp(σ²/2): skewed right, about 1.37 × the median at σ = 0.8.
    expect(mean / median(talk)).toBeGreaterThan(1.25);
    expect(mean / median(talk)).toBeLessThan(1.5);
    // The logs are normal: about 68 % within one sigma of log(median).
    const within = talk.filter((t) => Math.abs(Math.log(t / 90)) <= 0.8).length / talk.length;
    expect(Math.abs(within - 0.6827)).toBeLessThan(0.02);
  });

  it('draws log-normals at the given median, clamped into range', () => {
    const random = seededRandom(5);
    const d = { medianSec: 9, sigma: 0.45, clampSec: [2, 40] as const };
    const xs = Array.from({ length: 50_000 }, () => logNormalDraw(random, d));
    expect(Math.abs(median(xs) - 9)).toBeLessThan(0.25);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(2);
    expect(Math.max(...xs)).toBeLessThanOrEqual(40);
  });

  it('a machine beeps at the end of its greeting and hangs up after recording', () => {
    const p = coldListPopulation;
    const machines = answers(draw(p, 13), 'machine');
    expect(machines.length).toBeGreaterThan(1000);
    for (const m of machines) {
      expect(m.beepAfterSec).toBeGreaterThanOrEqual(p.greetingSec[0]);
      expect(m.beepAfterSec).toBeLessThanOrEqual(p.greetingSec[1]);
      const recording = m.hangUpAfterSec! - m.beepAfterSec!;
      expect(recording).toBeGreaterThanOrEqual(p.recordSec[0] - 0.1);
      expect(recording).toBeLessThanOrEqual(p.recordSec[1] + 0.1);
      expect(m.hangUpIfSilentSec).toBeUndefined();
    }
    // Greetings spread over their range rather than sitting on one value.
    expect(median(machines.map((m) => m.beepAfterSec!))).toBeCloseTo((p.greetingSec[0] + p.greetingSec[1]) / 2, 0);
  });

  it('every person hangs up on silence within a couple of seconds; machines and the rest do not', () => {
    const plans = draw(coldListPopulation, 14);
    const people = answers(plans, 'human');
    for (const h of people) {
      expect(h.hangUpIfSilentSec).toBeGreaterThanOrEqual(coldListPopulation.patienceSec[0]);
      expect(h.hangUpIfSilentSec).toBeLessThanOrEqual(coldListPopulation.patienceSec[1]);
      expect(h.hangUpIfSilentSec!).toBeLessThan(h.hangUpAfterSec!);
      expect(h.beepAfterSec).toBeUndefined();
    }
  });

  it('ring times before an answer follow the configured median', () => {
    const rings = draw(coldListPopulation, 15)
      .filter((c): c is Answer => c.kind === 'answer')
      .map((c) => c.answerAfterSec);
    expect(Math.abs(median(rings) - coldListPopulation.ringSec.medianSec)).toBeLessThan(0.4);
  });

  it('the same seed replays the same calls', () => {
    expect(draw(coldListPopulation, 99, 500)).toEqual(draw(coldListPopulation, 99, 500));
    expect(draw(coldListPopulation, 99, 500)).not.toEqual(draw(coldListPopulation, 98, 500));
  });

  it('refuses rates that are not shares and ranges that are not ranges', () => {
    expect(() => assertValidPopulation(coldListPopulation)).not.toThrow();
    expect(() => assertValidPopulation({ ...coldListPopulation, humanRate: 0.8 })).toThrow(RangeError);
    expect(() => assertValidPopulation({ ...coldListPopulation, busyRate: -0.1 })).toThrow(RangeError);
    expect(() => assertValidPopulation({ ...coldListPopulation, patienceSec: [4, 2] })).toThrow(RangeError);
    expect(() =>
      assertValidPopulation({ ...coldListPopulation, talkSec: { medianSec: 0, sigma: 1, clampSec: [1, 2] } }),
    ).toThrow(RangeError);
  });
});
