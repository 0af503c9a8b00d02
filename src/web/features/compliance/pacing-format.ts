import type { PacingStatusResponse } from '../../../core/api/pacing.types';

// How the pacer's decision reads on the campaign page: what it would do now and, when it holds back, why and what
// brings pacing back.

export function pacingHeadline(p: PacingStatusResponse): string {
  if (p.mode === 'predictive')
    return `Predictive: ${p.lines} ${p.lines === 1 ? 'line' : 'lines'} for ${p.readyAgents} ready ${p.readyAgents === 1 ? 'agent' : 'agents'}`;
  return 'Progressive: one line per ready agent';
}

export function pacingReason(p: PacingStatusResponse): string | null {
  const f = p.fallback;
  if (!f) return null;
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  switch (f.reason) {
    case 'too_few_agents':
      return `Too few agents for pacing to be safe: ${plural(f.agentsNeeded ?? 0, 'more agent', 'more agents')} working the campaign would let it dial ahead.`;
    case 'measuring':
      return `Still measuring the answer rate: pacing starts after ${plural(f.dialsNeeded ?? 0, 'more call', 'more calls')}.`;
    case 'budget_spent':
      return f.resumesBy
        ? `The abandon budget of this 30-day period is spent: pacing resumes with the next period, on ${new Date(f.resumesBy).toLocaleString()}${f.answersNeeded ? `, or after ${plural(f.answersNeeded, 'more answer', 'more answers')} connected to agents` : ''}.`
        : `The abandon budget is spent: pacing resumes after ${plural(f.answersNeeded ?? 0, 'more answer', 'more answers')} connected to agents, or as older calls leave the last 30 days.`;
    case 'period_ending':
      return f.resumesBy
        ? `The 30-day period ends in moments: pacing resumes when the next one starts (${new Date(f.resumesBy).toLocaleString()}).`
        : 'The 30-day period ends in moments: pacing resumes when the next one starts.';
    case 'at_target':
      return 'The abandon rate is at the campaign’s target: no line rings ahead until it falls back below it.';
  }
}
