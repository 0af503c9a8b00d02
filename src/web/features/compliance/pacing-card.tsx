import type { PacingStatusResponse } from '../../../core/api/pacing.types';
import { pacingHeadline, pacingReason } from './pacing-format';

/** A predictive campaign's pacer, as it would decide now from the live measurements, and why it holds back. */
export function PacingCard({ data }: { data: PacingStatusResponse }) {
  const reason = pacingReason(data);
  return (
    <section className="card" aria-labelledby="pacing-heading">
      <h2 id="pacing-heading">Pacing</h2>
      <p aria-live="polite">
        <strong data-testid="pacing-headline">{pacingHeadline(data)}</strong>
        {reason && (
          <>
            {' '}
            <span data-testid="pacing-reason">{reason}</span>
          </>
        )}
      </p>
      <dl className="figures">
        <div>
          <dt>Working agents</dt>
          <dd>{data.workingAgents}</dd>
        </div>
        <div>
          <dt>Ready</dt>
          <dd>{data.readyAgents}</dd>
        </div>
        <div>
          <dt>Lines ringing</dt>
          <dd>{data.linesInFlight}</dd>
        </div>
        <div>
          <dt>Expected abandons</dt>
          <dd>{(data.expectedAbandonShare * 100).toFixed(2)} %</dd>
        </div>
      </dl>
      <p className="muted small">
        Worked out at each refresh from the last day’s answer rate, ring and talk times and the agents working now,
        within the abandon budget of the 30-day period. The pacer dials by it every few seconds; a person who answers
        goes to the agent who has waited longest.
      </p>
    </section>
  );
}
