import { describe, expect, it } from 'vitest';
import { defaultDispositions, defaultRetryRules, type Disposition } from '../campaigns/campaign';
import { pacerLineDisposition } from './pacer-line-outcome';
import { leadAfterDisposition } from './retry';

const now = new Date('2030-01-08T16:00:00Z');
const minutesAfter = (d: Date | null) => (d ? (d.getTime() - now.getTime()) / 60_000 : null);

/** The lead after the system's disposition, through the same rule an agent's disposition goes through. */
function leadAfter(outcome: Parameters<typeof pacerLineDisposition>[0]['outcome'], attempts = 1, abandoned = false) {
  const picked = pacerLineDisposition({ outcome, safeHarborAt: abandoned ? now : null }, defaultDispositions);
  const next = leadAfterDisposition({
    disposition: picked.disposition,
    outcome: picked.outcome,
    rules: defaultRetryRules,
    attempts,
    callbackAt: null,
    agentUserId: 'system',
    now,
  });
  return { picked, next };
}

describe('pacerLineDisposition', () => {
  it.each([
    ['no_answer', 'no_answer', defaultRetryRules.minGapMinutes.no_answer],
    ['busy', 'no_answer', defaultRetryRules.minGapMinutes.busy],
    ['failed', 'no_answer', defaultRetryRules.minGapMinutes.no_answer],
    ['canceled', 'no_answer', defaultRetryRules.minGapMinutes.no_answer],
    ['machine', 'voicemail', defaultRetryRules.minGapMinutes.voicemail],
  ] as const)('gives %s the %s disposition, retried after its gap', (outcome, key, gap) => {
    const { picked, next } = leadAfter(outcome);
    expect(picked.disposition.key).toBe(key);
    expect(next).toMatchObject({ status: 'retry', addToDnc: false, callbackUserId: null });
    expect(minutesAfter(next.nextAttemptAt)).toBe(gap);
  });

  it('retries an abandoned person under the no-answer gap and says they were abandoned', () => {
    const { picked, next } = leadAfter('human', 1, true);
    expect(picked.disposition.key).toBe('no_answer');
    expect(picked.notes).toMatch(/safe-harbor/);
    expect(next.status).toBe('retry');
    expect(minutesAfter(next.nextAttemptAt)).toBe(defaultRetryRules.minGapMinutes.no_answer);
  });

  it('makes the lead final once its attempts are used up', () => {
    for (const outcome of ['no_answer', 'busy', 'machine'] as const)
      expect(leadAfter(outcome, defaultRetryRules.maxAttempts).next.status).toBe('exhausted');
    expect(leadAfter('human', defaultRetryRules.maxAttempts, true).next.status).toBe('exhausted');
  });

  it('treats a line that never reached the carrier as failed', () => {
    expect(pacerLineDisposition({ outcome: null, safeHarborAt: null }, defaultDispositions)).toMatchObject({
      outcome: 'failed',
      disposition: { key: 'no_answer' },
    });
  });

  it("falls back to the campaign's first retried disposition, else to a retried standard one", () => {
    const own: Disposition[] = [
      { key: 'sale', label: 'Sale', final: true, retry: false },
      { key: 'try_later', label: 'Try later', final: false, retry: true },
    ];
    expect(pacerLineDisposition({ outcome: 'machine', safeHarborAt: null }, own)?.disposition.key).toBe('try_later');
    expect(pacerLineDisposition({ outcome: 'busy', safeHarborAt: null }, own.slice(0, 1)).disposition).toMatchObject({
      key: 'no_answer',
      retry: true,
    });
  });
});
