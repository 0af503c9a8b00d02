import { describe, expect, it } from 'vitest';
import type { PacingStatusResponse } from '../../../core/api/pacing.types';
import { pacingHeadline, pacingReason } from './pacing-format';

const base: PacingStatusResponse = {
  mode: 'progressive',
  lines: 3,
  linesInFlight: 0,
  readyAgents: 3,
  workingAgents: 3,
  governor: 'open',
  expectedAbandonShare: 0,
  fallback: { reason: 'too_few_agents', agentsNeeded: 7, dialsNeeded: null, answersNeeded: null, resumesBy: null },
};
const none = { agentsNeeded: null, dialsNeeded: null, answersNeeded: null, resumesBy: null };

describe('the pacing status in words', () => {
  it('says what the pacer does now', () => {
    expect(pacingHeadline(base)).toBe('Progressive: one line per ready agent');
    expect(pacingHeadline({ ...base, mode: 'predictive', lines: 14, readyAgents: 6, fallback: null })).toBe(
      'Predictive: 14 lines for 6 ready agents',
    );
    expect(pacingReason({ ...base, mode: 'predictive', fallback: null })).toBeNull();
  });

  it('says why it holds back and what brings pacing back', () => {
    expect(pacingReason(base)).toBe(
      'Too few agents for pacing to be safe: 7 more agents working the campaign would let it dial ahead.',
    );
    expect(pacingReason({ ...base, fallback: { ...none, reason: 'measuring', dialsNeeded: 1 } })).toBe(
      'Still measuring the answer rate: pacing starts after 1 more call.',
    );
    expect(pacingReason({ ...base, fallback: { ...none, reason: 'budget_spent', answersNeeded: 12 } })).toMatch(
      /spent: pacing resumes after 12 more answers connected to agents/,
    );
    expect(
      pacingReason({
        ...base,
        fallback: { ...none, reason: 'budget_spent', resumesBy: '2030-01-01T00:00:00.000Z', answersNeeded: 3 },
      }),
    ).toMatch(/resumes with the next period, on .+, or after 3 more answers connected to agents\.$/);
    expect(pacingReason({ ...base, fallback: { ...none, reason: 'at_target' } })).toMatch(/at the campaign’s target/);
    expect(pacingReason({ ...base, fallback: { ...none, reason: 'period_ending' } })).toMatch(/ends in moments/);
  });
});
