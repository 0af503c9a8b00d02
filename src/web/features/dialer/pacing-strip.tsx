import { formatRate, formatTarget } from '../compliance/abandon-format';
import { pacingHeadline, pacingReason } from '../compliance/pacing-format';
import type { DialerState } from './types';

/**
 * A predictive campaign's live figures on the agent's screen: the period's abandon rate against its target, the
 * lines ringing, and — while the pacer runs progressive — why, and what would bring pacing back.
 */
export function PacingStrip({ data }: { data: DialerState }) {
  const p = data.pacing;
  if (!p) return null;
  const reason = pacingReason(p.pacing);
  return (
    <section className="card" aria-labelledby="agent-pacing-heading">
      <h2 id="agent-pacing-heading">Campaign pacing</h2>
      <dl className="figures">
        <div>
          <dt>Abandon rate (this 30-day period)</dt>
          <dd data-testid="agent-abandon-rate">{formatRate(p.abandonRate)}</dd>
        </div>
        <div>
          <dt>Target</dt>
          <dd>{formatTarget(p.targetBp)}</dd>
        </div>
        <div>
          <dt>Lines ringing</dt>
          <dd data-testid="agent-lines-in-flight">{p.pacing.linesInFlight}</dd>
        </div>
      </dl>
      <p data-testid="agent-pacing-headline">{pacingHeadline(p.pacing)}</p>
      {reason && (
        <p className="muted small" data-testid="agent-pacing-reason">
          {reason}
        </p>
      )}
    </section>
  );
}
