import { describe, expect, it } from 'vitest';
import { defaultDispositions, defaultRetryRules, type Disposition } from '../campaigns/campaign';
import {
  campaignWindowOf,
  leadAfterDisposition,
  needsCallbackTime,
  provisionalNextAttempt,
  retryGapMinutes,
} from './retry';
import { createCallableZones } from './zone-cache';
import { callableZonesNow } from '../compliance';

const now = new Date('2026-03-10T15:00:00Z');
const d = (key: string): Disposition => defaultDispositions.find((x) => x.key === key)!;
const base = {
  outcome: 'human' as const,
  rules: defaultRetryRules,
  attempts: 1,
  callbackAt: null,
  agentUserId: 'u1',
  now,
};

describe('leadAfterDisposition', () => {
  it('finishes a lead on a final disposition', () => {
    expect(leadAfterDisposition({ ...base, disposition: d('interested') })).toEqual({
      status: 'done',
      nextAttemptAt: null,
      callbackAt: null,
      callbackUserId: null,
      addToDnc: false,
    });
  });

  it('puts a "Do not call" number on the DNC list and finishes the lead', () => {
    const r = leadAfterDisposition({ ...base, disposition: d('do_not_call') });
    expect(r.addToDnc).toBe(true);
    expect(r.status).toBe('done');
  });

  it('retries after the gap of the outcome, and after the voicemail gap for a voicemail disposition', () => {
    const noAnswer = leadAfterDisposition({ ...base, outcome: 'no_answer', disposition: d('no_answer') });
    expect(noAnswer.status).toBe('retry');
    expect(noAnswer.nextAttemptAt!.getTime() - now.getTime()).toBe(240 * 60_000);
    const busy = leadAfterDisposition({ ...base, outcome: 'busy', disposition: d('no_answer') });
    expect(busy.nextAttemptAt!.getTime() - now.getTime()).toBe(30 * 60_000);
    const vm = leadAfterDisposition({ ...base, outcome: 'human', disposition: d('voicemail') });
    expect(vm.nextAttemptAt!.getTime() - now.getTime()).toBe(1440 * 60_000);
  });

  it('exhausts a lead whose attempts reached the campaign maximum', () => {
    expect(leadAfterDisposition({ ...base, attempts: 3, disposition: d('no_answer') }).status).toBe('exhausted');
    expect(leadAfterDisposition({ ...base, attempts: 2, disposition: d('no_answer') }).status).toBe('retry');
  });

  it('schedules a callback for the agent who set it, whatever the disposition', () => {
    const at = new Date('2026-03-11T15:00:00Z');
    const r = leadAfterDisposition({ ...base, callbackAt: at, disposition: d('callback') });
    expect(r).toEqual({
      status: 'callback',
      nextAttemptAt: null,
      callbackAt: at,
      callbackUserId: 'u1',
      addToDnc: false,
    });
    // Even past max attempts: a promise to call back is kept.
    expect(leadAfterDisposition({ ...base, attempts: 9, callbackAt: at, disposition: d('no_answer') }).status).toBe(
      'callback',
    );
  });

  it('refuses a callback disposition without a time', () => {
    expect(needsCallbackTime(d('callback'))).toBe(true);
    expect(needsCallbackTime(d('no_answer'))).toBe(false);
    expect(() => leadAfterDisposition({ ...base, disposition: d('callback') })).toThrow(RangeError);
  });
});

describe('retry rules', () => {
  it('maps outcomes to gaps', () => {
    expect(retryGapMinutes(defaultRetryRules, 'busy')).toBe(30);
    expect(retryGapMinutes(defaultRetryRules, 'machine')).toBe(1440);
    expect(retryGapMinutes(defaultRetryRules, 'failed')).toBe(240);
  });

  it('sets a provisional next attempt at dial time, never sooner than half an hour', () => {
    expect(provisionalNextAttempt(defaultRetryRules, now).getTime() - now.getTime()).toBe(240 * 60_000);
    const eager = { ...defaultRetryRules, minGapMinutes: { busy: 0, no_answer: 0, voicemail: 0 } };
    expect(provisionalNextAttempt(eager, now).getTime() - now.getTime()).toBe(30 * 60_000);
  });
});

describe('campaignWindowOf', () => {
  it('leaves the legal window to the gate and maps ISO days to 0 = Sunday', () => {
    expect(campaignWindowOf({ rule: 'legal' })).toBeNull();
    expect(campaignWindowOf({ rule: 'custom', start: '09:30', end: '17:00', days: [1, 2, 7] })).toEqual({
      startMinutes: 570,
      endMinutes: 1020,
      days: [1, 2, 0],
    });
  });
});

describe('createCallableZones', () => {
  it('gives the same answer as computing afresh, across a whole day and when the clock goes back', () => {
    const zones = createCallableZones();
    const start = Date.parse('2026-03-07T00:00:00Z'); // spans the US spring-forward (March 8)
    for (let t = start; t < start + 3 * 86_400_000; t += 7 * 60_000) {
      expect(zones(new Date(t))).toEqual(callableZonesNow(new Date(t)));
    }
    const back = new Date(start + 3_600_000);
    expect(zones(back)).toEqual(callableZonesNow(back));
  });
});
