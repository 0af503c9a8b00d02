import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { worstCaseHeadroom } from '../compliance/abandon-rate';
import {
  MAX_LINES_PER_AGENT,
  MIN_MEASURED_DIALS,
  MIN_PREDICTIVE_AGENTS,
  decidePacing,
  expectedAbandons,
  freeingAgentsPmf,
  type PacerInput,
} from './pacer';
import { DEFAULT_BUSY_TIME } from './talk-time';

const now = new Date('2026-11-29T15:00:00Z');
/** Wrap-up of about 10 s (median), as a campaign's agents might take. */
const WRAP_UP_TIME = { mu: Math.log(10), sigma: 0.4 };
const workingOf = (input: PacerInput): number =>
  input.agents.ready + input.agents.busyElapsedSeconds.length + (input.wrapUp?.elapsedSeconds.length ?? 0);
// Ten agents, none ready yet, each part-way through a call; 10 % of lines reach a person.
const base: PacerInput = {
  now,
  settings: { maxLinesPerAgent: 3, targetBp: 250 },
  agents: { ready: 2, busyElapsedSeconds: [10, 20, 40, 60, 80, 100, 120, 150] },
  linesInFlight: 0,
  measured: { dialled: 2000, answered: 600, humanAnswered: 200, secondsToAnswer: 12, busyTime: DEFAULT_BUSY_TIME },
  period: {
    counts: { liveAnswered: 2000, abandoned: 20 },
    rollingCounts: { liveAnswered: 2000, abandoned: 20 },
    endsAt: new Date('2026-12-20T00:00:00Z'),
    previousState: 'open',
  },
};

const inputs: fc.Arbitrary<PacerInput> = fc
  .record({
    maxLinesPerAgent: fc.integer({ min: 1, max: MAX_LINES_PER_AGENT }),
    targetBp: fc.integer({ min: 0, max: 300 }),
    ready: fc.integer({ min: 0, max: 30 }),
    busy: fc.array(fc.integer({ min: 0, max: 900 }), { maxLength: 30 }),
    linesInFlight: fc.integer({ min: 0, max: 60 }),
    dialled: fc.integer({ min: 0, max: 5000 }),
    answeredShare: fc.double({ min: 0, max: 1, noNaN: true }),
    humanShare: fc.double({ min: 0, max: 1, noNaN: true }),
    secondsToAnswer: fc.option(fc.integer({ min: 1, max: 30 })),
    liveAnswered: fc.integer({ min: 0, max: 5000 }),
    abandonedShare: fc.double({ min: 0, max: 0.05, noNaN: true }),
    rollingAnswered: fc.integer({ min: 0, max: 8000 }),
    rollingAbandonedShare: fc.double({ min: 0, max: 0.05, noNaN: true }),
    previousState: fc.constantFrom('open', 'throttled', 'closed' as const),
    untilEndMs: fc.integer({ min: 0, max: 30 * 86_400_000 }),
    // Agents in wrap-up, told apart from those on a call (optional input), with a short wrap-up time.
    wrapping: fc.option(fc.array(fc.integer({ min: 0, max: 60 }), { maxLength: 20 })),
  })
  .map((r): PacerInput => {
    const answered = Math.floor(r.dialled * r.answeredShare);
    return {
      now,
      settings: { maxLinesPerAgent: r.maxLinesPerAgent, targetBp: r.targetBp },
      agents: { ready: r.ready, busyElapsedSeconds: r.busy },
      ...(r.wrapping ? { wrapUp: { elapsedSeconds: r.wrapping, time: WRAP_UP_TIME } } : {}),
      linesInFlight: r.linesInFlight,
      measured: {
        dialled: r.dialled,
        answered,
        humanAnswered: Math.floor(answered * r.humanShare),
        secondsToAnswer: r.secondsToAnswer,
        busyTime: DEFAULT_BUSY_TIME,
      },
      period: {
        counts: { liveAnswered: r.liveAnswered, abandoned: Math.floor(r.liveAnswered * r.abandonedShare) },
        rollingCounts: {
          liveAnswered: r.rollingAnswered,
          abandoned: Math.floor(r.rollingAnswered * r.rollingAbandonedShare),
        },
        endsAt: new Date(now.getTime() + r.untilEndMs),
        previousState: r.previousState,
      },
    };
  });

describe('decidePacing', () => {
  it('dials ahead of the free agents for a measured campaign of ten', () => {
    const d = decidePacing(base);
    expect(d.mode).toBe('predictive');
    expect(d.fallback).toBeNull();
    expect(d.lines).toBeGreaterThan(base.agents.ready + 2);
    expect(d.dial).toBe(d.lines);
    expect(d.expectedAbandonShare).toBeLessThanOrEqual(0.025);
  });

  it('never puts more lines in flight than the cap, nor dials a negative number (property)', () => {
    fc.assert(
      fc.property(inputs, (input) => {
        const d = decidePacing(input);
        const working = workingOf(input);
        expect(Number.isInteger(d.dial)).toBe(true);
        expect(d.dial).toBeGreaterThanOrEqual(0);
        if (d.dial > 0)
          expect(input.linesInFlight + d.dial).toBeLessThanOrEqual(input.settings.maxLinesPerAgent * working);
      }),
      { numRuns: 3000 },
    );
  });

  it('keeps lines beyond the ready agents within the worst-case 3 % headroom of both measures (property)', () => {
    fc.assert(
      fc.property(inputs, (input) => {
        const d = decidePacing(input);
        if (d.dial > 0)
          expect(input.linesInFlight + d.dial - input.agents.ready).toBeLessThanOrEqual(
            Math.min(worstCaseHeadroom(input.period.counts), worstCaseHeadroom(input.period.rollingCounts)),
          );
      }),
      { numRuns: 3000 },
    );
  });

  it('dials nothing beyond the ready agents once the budget is spent (property)', () => {
    fc.assert(
      fc.property(inputs, fc.integer({ min: 0, max: 5000 }), (input, n) => {
        // 3 % exactly: not one more abandon fits.
        const spent = { liveAnswered: n, abandoned: Math.floor((n * 3) / 100) };
        fc.pre(worstCaseHeadroom(spent) === 0);
        const d = decidePacing({ ...input, period: { ...input.period, counts: spent } });
        expect(input.linesInFlight + d.dial).toBeLessThanOrEqual(Math.max(input.linesInFlight, input.agents.ready));
        expect(d.mode).toBe('progressive');
      }),
      { numRuns: 2000 },
    );
    const d = decidePacing({ ...base, period: { ...base.period, counts: { liveAnswered: 1000, abandoned: 30 } } });
    expect(d.fallback).toMatchObject({ reason: 'budget_spent', answersNeeded: 33 });
    expect(d.dial).toBe(2);
  });

  it('falls back to progressive with too few agents, saying how many more would resume pacing (property)', () => {
    fc.assert(
      fc.property(inputs, (input) => {
        const working = workingOf(input);
        fc.pre(working < MIN_PREDICTIVE_AGENTS);
        const d = decidePacing(input);
        expect(d.mode).toBe('progressive');
        expect(d.fallback).toMatchObject({ reason: 'too_few_agents', agentsNeeded: MIN_PREDICTIVE_AGENTS - working });
        expect(d.dial).toBe(Math.max(0, input.agents.ready - input.linesInFlight));
      }),
    );
  });

  it('measures before it paces', () => {
    const d = decidePacing({ ...base, measured: { ...base.measured, dialled: 20 } });
    expect(d.fallback).toMatchObject({ reason: 'measuring', dialsNeeded: MIN_MEASURED_DIALS - 20 });
  });

  it('stops pacing ahead just before the period ends, resuming with the next', () => {
    const endsAt = new Date(now.getTime() + 5_000);
    const d = decidePacing({ ...base, period: { ...base.period, endsAt } });
    expect(d.fallback).toMatchObject({ reason: 'period_ending', resumesBy: endsAt });
  });

  it('paces less as the period approaches the target', () => {
    const at = (abandoned: number) =>
      decidePacing({ ...base, period: { ...base.period, counts: { liveAnswered: 2000, abandoned } } });
    const open = at(20); // 1 %
    const throttled = at(42); // 2.1 %
    const closed = at(50); // 2.5 %
    expect(throttled.governor.state).toBe('throttled');
    expect(throttled.lines).toBeLessThan(open.lines);
    expect(throttled.lines).toBeGreaterThan(base.agents.ready);
    expect(closed.fallback?.reason).toBe('at_target');
    expect(closed.lines).toBe(base.agents.ready);
  });

  it('dials more ahead of agents it is told are wrapping up, who free sooner than a busy agent of the same age', () => {
    // The same ten agents; the four longest busy have ended their calls and are 5 s into wrap-up.
    const told: PacerInput = {
      ...base,
      agents: { ready: 2, busyElapsedSeconds: [10, 20, 40, 60] },
      wrapUp: { elapsedSeconds: [5, 5, 5, 5], time: WRAP_UP_TIME },
    };
    const untold = decidePacing({
      ...base,
      agents: { ready: 2, busyElapsedSeconds: [10, 20, 40, 60, 80, 100, 120, 150] },
    });
    const d = decidePacing(told);
    expect(d.mode).toBe('predictive');
    expect(d.lines).toBeGreaterThan(untold.lines);
    expect(d.expectedAbandonShare).toBeLessThanOrEqual(0.025);
  });

  it('counts agents in wrap-up as working when deciding whether there are enough to pace', () => {
    const d = decidePacing({
      ...base,
      agents: { ready: 2, busyElapsedSeconds: [10, 20, 40, 60] },
      wrapUp: { elapsedSeconds: [1, 2, 3, 4], time: WRAP_UP_TIME },
    });
    expect(d.mode).toBe('predictive');
    const few = decidePacing({ ...base, agents: { ready: 2, busyElapsedSeconds: [10, 20, 40, 60] } });
    expect(few.fallback).toMatchObject({ reason: 'too_few_agents', agentsNeeded: 4 });
  });

  it('does not dial again for lines already ringing', () => {
    const first = decidePacing(base);
    const again = decidePacing({ ...base, linesInFlight: first.lines });
    expect(again.dial).toBe(0);
  });

  it('refuses a max lines per agent outside 1…5', () => {
    expect(() => decidePacing({ ...base, settings: { ...base.settings, maxLinesPerAgent: 6 } })).toThrow(RangeError);
    expect(() => decidePacing({ ...base, settings: { ...base.settings, maxLinesPerAgent: 0 } })).toThrow(RangeError);
  });
});

describe('expectedAbandons', () => {
  const choose = (n: number, k: number): number => (k === 0 ? 1 : (choose(n, k - 1) * (n - k + 1)) / k);
  it('equals direct enumeration over people and freeing agents (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 25 }),
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        fc.integer({ min: 0, max: 10 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 8 }),
        (lines, chance, ready, qs) => {
          const freeing = freeingAgentsPmf(qs);
          let direct = 0;
          for (let x = 0; x <= lines; x++)
            for (let y = 0; y < freeing.length; y++)
              direct +=
                choose(lines, x) * chance ** x * (1 - chance) ** (lines - x) * freeing[y]! * Math.max(0, x - ready - y);
          expect(expectedAbandons(lines, chance, ready, freeing)).toBeCloseTo(direct, 9);
        },
      ),
    );
  });

  it('does not lose the people on many lines to underflow', () => {
    // 0.1^2000 is 0 in floating point; the answer is ~1800 − 10 people without an agent.
    expect(expectedAbandons(2000, 0.9, 10, [1])).toBeCloseTo(1790, 0);
  });

  it('freeingAgentsPmf sums to one', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 40 }), (qs) => {
        expect(freeingAgentsPmf(qs).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
      }),
    );
  });
});
