import { useCallback, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { ComplianceReportResponse } from '../../../core/api/compliance.types';
import { api, ApiError } from '../../api';
import { FormError } from '../../components/form';
import {
  ABANDONS_UNKNOWN_HELP,
  unrecordedHelp,
  formatCount,
  formatDay,
  formatRate,
  formatTarget,
} from '../../features/compliance/abandon-format';
import { useTeam } from '../../team';
import { useLoad } from '../../use-load';

function bucketLabel(b: { fromSec: number; toSec: number | null }): string {
  return b.toSec === null ? `${b.fromSec} s or more` : `${b.fromSec}–${b.toSec - 1} s`;
}

/** A campaign's compliance report: abandon rate by 30-day period and ring times of unanswered calls, with a CSV. */
export function CampaignCompliancePage() {
  const team = useTeam();
  const [params] = useSearchParams();
  const campaignId = params.get('campaign') ?? '';
  const [report, setReport] = useState<ComplianceReportResponse | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    if (!campaignId) {
      setError('Choose a campaign from the campaign overview to see its report.');
      return;
    }
    try {
      setReport(
        await api<ComplianceReportResponse>(
          'GET',
          `/api/teams/${team.id}/dashboard/campaigns/${campaignId}/compliance`,
        ),
      );
      setError(null);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : 'Could not load the compliance report');
    }
  }, [campaignId, team.id]);
  useLoad(load);

  const unknown = report?.periods.some((p) => p.rate === null) ?? false;
  const unrecorded = report?.periods.reduce((n, p) => n + (p.rate === null ? 0 : p.unrecorded), 0) ?? 0;
  return (
    <>
      <h1>Compliance report{report ? `: ${report.campaign.name}` : ''}</h1>
      <div className="toolbar">
        <Link to={`/app/overview?campaign=${campaignId}`}>Back to the campaign overview</Link>
        {report && (
          <a className="btn" href={`/api/teams/${team.id}/dashboard/campaigns/${campaignId}/compliance.csv`} download>
            Download CSV
          </a>
        )}
      </div>
      <FormError message={error} />
      {!report ? (
        !error && <p aria-live="polite">Loading…</p>
      ) : (
        <>
          <section className="card" aria-labelledby="periods-heading">
            <h2 id="periods-heading">Abandon rate by 30-day period</h2>
            <p className="muted small">
              The law measures abandoned calls ÷ calls answered by a person over each successive 30-day period from the
              campaign’s start (here, its creation on {formatDay(report.campaign.createdAt)}) and allows at most 3 %. A
              call counts in the period it was answered. With answering-machine detection off, every answered call
              counts as answered by a person. {unknown && ABANDONS_UNKNOWN_HELP} {unrecordedHelp(unrecorded)}
            </p>
            <table className="table">
              <caption className="sr-only">Abandon rate by 30-day period, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Period</th>
                  <th scope="col">Live answered</th>
                  <th scope="col">Abandoned</th>
                  <th scope="col">Heard the message</th>
                  <th scope="col">Rate</th>
                  <th scope="col">Target</th>
                  <th scope="col">Without connect record</th>
                </tr>
              </thead>
              <tbody>
                {report.periods.map((p) => (
                  <tr key={p.index}>
                    <th scope="row">
                      {formatDay(p.from)} – {formatDay(p.to)}
                    </th>
                    <td>{p.liveAnswered}</td>
                    <td>{formatCount(p.abandoned)}</td>
                    <td>{p.withMessage}</td>
                    <td>{formatRate(p.rate)}</td>
                    <td>{formatTarget(report.targetBp)}</td>
                    <td>{p.unrecorded}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section className="card" aria-labelledby="rings-heading">
            <h2 id="rings-heading">Ring time of unanswered calls</h2>
            <p>
              <strong data-testid="under-minimum">{report.ringTimes.underMinimum}</strong> of{' '}
              {report.ringTimes.measured} unanswered calls rang less than {report.ringTimes.minimumSec} seconds.
            </p>
            <p className="muted small">
              Unanswered calls must ring at least {report.ringTimes.minimumSec} seconds (or four rings). Times run from
              the provider’s ringing event to the call’s end; a call that rang 14.9 s counts as 14 s.{' '}
              {report.ringTimes.unmeasured > 0 &&
                `${report.ringTimes.unmeasured} unanswered calls have no recorded ring time (the provider never reported ringing, or the call's end was only inferred) and are not in the table.`}
            </p>
            <table className="table small">
              <caption className="sr-only">Unanswered calls by ring time</caption>
              <thead>
                <tr>
                  <th scope="col">Rang</th>
                  <th scope="col">Calls</th>
                </tr>
              </thead>
              <tbody>
                {report.ringTimes.buckets.map((b) => (
                  <tr key={b.fromSec}>
                    <th scope="row">{bucketLabel(b)}</th>
                    <td>{b.calls}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
      )}
    </>
  );
}
