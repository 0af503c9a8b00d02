import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import {
  advancesStatus,
  answeredByFrom,
  assertRingTimeout,
  callStatuses,
  finalCallStatuses,
  isCallStatus,
  isFinal,
  outcomeOf,
  statusRank,
  type CallStatus,
} from './call-status';

const anyStatus = fc.constantFrom(...callStatuses);

describe('call status order', () => {
  it('ranks the live stages in the order a call passes through them', () => {
    const live: CallStatus[] = ['queued', 'initiated', 'ringing', 'in-progress'];
    expect(live.map(statusRank)).toEqual([0, 1, 2, 3]);
    for (const final of finalCallStatuses) expect(statusRank(final)).toBeGreaterThan(statusRank('in-progress'));
  });

  it('knows which statuses are final', () => {
    expect(callStatuses.filter(isFinal)).toEqual(['completed', 'busy', 'failed', 'no-answer', 'canceled']);
  });

  it('never lets a report move a call backwards, and an ended call stays as it ended', () => {
    fc.assert(
      fc.property(anyStatus, anyStatus, (current, next) => {
        const applied = advancesStatus(current, next);
        if (applied) expect(statusRank(next)).toBeGreaterThan(statusRank(current));
        if (isFinal(current)) expect(applied).toBe(false);
      }),
    );
  });

  it('applying any shuffled stream of reports with advancesStatus ends at the furthest stage reported', () => {
    fc.assert(
      fc.property(fc.array(anyStatus, { minLength: 1, maxLength: 20 }), (reports) => {
        let current: CallStatus | undefined;
        for (const r of reports) if (advancesStatus(current, r)) current = r;
        const best = Math.max(...reports.map(statusRank));
        expect(current === undefined ? -1 : statusRank(current)).toBe(best);
        // The first final report wins; later final reports cannot rewrite it.
        const firstFinal = reports.find(isFinal);
        if (firstFinal) expect(current).toBe(firstFinal);
      }),
    );
  });

  it('accepts a first report of anything', () => {
    for (const s of callStatuses) expect(advancesStatus(undefined, s)).toBe(true);
  });

  it('recognises only the provider status names', () => {
    expect(isCallStatus('in-progress')).toBe(true);
    expect(isCallStatus('answered')).toBe(false);
    expect(isCallStatus('toString')).toBe(false);
  });
});

describe('answeredByFrom', () => {
  it('counts anything but a human as a machine', () => {
    expect(answeredByFrom('human')).toBe('human');
    expect(answeredByFrom('Human')).toBe('human');
    for (const v of ['machine', 'machine_start', 'machine_end_beep', 'machine_end_silence', 'fax', 'unknown']) {
      expect(answeredByFrom(v)).toBe('machine');
    }
    expect(answeredByFrom(undefined)).toBeUndefined();
    expect(answeredByFrom('')).toBeUndefined();
    expect(answeredByFrom(null)).toBeUndefined();
  });
});

describe('outcomeOf', () => {
  it('maps each final status to one outcome and leaves live calls open', () => {
    expect(outcomeOf('completed')).toBe('human');
    expect(outcomeOf('completed', 'human')).toBe('human');
    expect(outcomeOf('completed', 'machine')).toBe('machine');
    expect(outcomeOf('busy')).toBe('busy');
    expect(outcomeOf('no-answer')).toBe('no_answer');
    expect(outcomeOf('failed')).toBe('failed');
    expect(outcomeOf('canceled')).toBe('canceled');
    for (const live of ['queued', 'initiated', 'ringing', 'in-progress'] as const)
      expect(outcomeOf(live, 'human')).toBeUndefined();
  });
});

describe('assertRingTimeout', () => {
  it('demands at least 15 whole seconds (and no more than the provider allows)', () => {
    for (const ok of [15, 30, 600]) expect(() => assertRingTimeout(ok)).not.toThrow();
    for (const bad of [14, 0, -20, 14.999, 15.5, 601, Number.NaN]) {
      expect(() => assertRingTimeout(bad)).toThrow(AppError);
      try {
        assertRingTimeout(bad);
      } catch (e) {
        expect((e as AppError).code).toBe('invalid_input');
      }
    }
  });
});
