import { Link } from 'react-router';
import type { CampaignAbandonRateResponse } from '../../../core/api/compliance.types';
import {
  ABANDONS_UNKNOWN_HELP,
  formatCount,
  formatDay,
  formatRate,
  formatTarget,
  unrecordedHelp,
} from './abandon-format';

/** The campaign's legal abandon rate: the current 30-day period and the rolling 30 days, beside its target. */
export function AbandonRateCard({ campaignId, data }: { campaignId: string; data: CampaignAbandonRateResponse }) {
  const { period, rolling } = data;
  const unknown = period.rate === null || rolling.rate === null;
  return (
    <section className="card" aria-labelledby="abandon-heading">
      <h2 id="abandon-heading">Abandon rate</h2>
      <dl className="figures" aria-live="polite">
        <div>
          <dt>
            This period ({formatDay(period.from)} – {formatDay(period.to)})
          </dt>
          <dd data-testid="abandon-period-rate">{formatRate(period.rate)}</dd>
        </div>
        <div>
          <dt>Last 30 days</dt>
          <dd data-testid="abandon-rolling-rate">{formatRate(rolling.rate)}</dd>
        </div>
        <div>
          <dt>Target</dt>
          <dd>{formatTarget(data.targetBp)}</dd>
        </div>
        <div>
          <dt>Live answers this period</dt>
          <dd>{period.liveAnswered}</dd>
        </div>
        <div>
          <dt>Abandoned this period</dt>
          <dd>{formatCount(period.abandoned)}</dd>
        </div>
      </dl>
      <p className="muted small">
        Abandoned calls ÷ calls answered by a person, per 30-day period from the campaign’s creation; the law allows at
        most 3 %. An answer is abandoned when nobody was connected within 2 seconds and the caller heard the safe-harbor
        message instead. {unknown ? ABANDONS_UNKNOWN_HELP : unrecordedHelp(period.unrecorded)}
      </p>
      <Link to={`/app/compliance?campaign=${campaignId}`}>Compliance report</Link>
    </section>
  );
}
