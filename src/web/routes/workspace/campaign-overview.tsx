import { useCallback, useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, ApiError } from '../../api';
import { EmptyState } from '../../components/empty-state';
import { FormError } from '../../components/form';
import { useTeam } from '../../team';
import { formatDuration, stateLabels, type AgentState } from '../../features/dialer/types';
import { useLoad } from '../../use-load';
import type { CampaignAbandonRateResponse } from '../../../core/api/compliance.types';
import { AbandonRateCard } from '../../features/compliance/abandon-rate-card';
import { PacingCard } from '../../features/compliance/pacing-card';
import type { PacingStatusResponse } from '../../../core/api/pacing.types';

type Figures = { calls: number; connects: number; talkSec: number };
type Overview = {
  campaign: { id: string; name: string; dialMode: string };
  today: Figures;
  week: Figures;
  dispositions: { key: string; label: string; count: number }[];
  agents: { userId: string; name: string; state: AgentState; since: string | null }[];
  abandonRate: CampaignAbandonRateResponse;
  pacing: PacingStatusResponse | null;
};
type Campaign = { id: string; name: string };

const REFRESH_MS = 5000;

/**
 * A horizontal bar chart in HTML (no third-party origin): its text keeps the page's own size at any width, where an
 * SVG scaled down to a phone made the labels unreadably small. The numbers are in the table beside it too.
 */
function DispositionChart({ rows }: { rows: Overview['dispositions'] }) {
  const max = Math.max(1, ...rows.map((r) => r.count));
  return (
    <div
      className="hbars"
      role="img"
      aria-label={`This week’s calls by disposition: ${rows.map((r) => `${r.label} ${r.count}`).join(', ')}`}
    >
      {rows.map((r, i) => (
        <div className="hbars__row" key={r.key}>
          <span className="hbars__label">{r.label}</span>
          <span className="hbars__track">
            <span
              className={`hbars__bar ds-chart__bar--${i % 6}`}
              style={{ width: `${Math.max(1, (100 * r.count) / max)}%` }}
            />
            <span className="hbars__value">{r.count}</span>
          </span>
        </div>
      ))}
    </div>
  );
}

function FigureCard({ title, f }: { title: string; f: Figures }) {
  return (
    <section className="card" aria-label={title}>
      <h2>{title}</h2>
      <dl className="figures">
        <div>
          <dt>Calls</dt>
          <dd>{f.calls}</dd>
        </div>
        <div>
          <dt>Connects</dt>
          <dd>{f.connects}</dd>
        </div>
        <div>
          <dt>Talk time</dt>
          <dd>{formatDuration(f.talkSec)}</dd>
        </div>
      </dl>
    </section>
  );
}

/** The campaign overview: today's and this week's figures, the disposition breakdown, and agents' live state. */
export function CampaignOverviewPage() {
  const team = useTeam();
  const [params, setParams] = useSearchParams();
  const [campaigns, setCampaigns] = useState<Campaign[] | null>(null);
  const [data, setData] = useState<Overview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const campaignId = params.get('campaign') ?? campaigns?.[0]?.id ?? '';
  const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;

  useEffect(() => {
    api<{ campaigns: Campaign[] }>('GET', `/api/teams/${team.id}/campaigns`)
      .then((r) => setCampaigns(r.campaigns))
      .catch((e: unknown) => setError(e instanceof ApiError ? e.message : 'Could not load campaigns'));
  }, [team.id]);

  const load = useCallback(async () => {
    if (!campaignId) return;
    try {
      setData(
        await api<Overview>(
          'GET',
          `/api/teams/${team.id}/dashboard/campaigns/${campaignId}?tz=${encodeURIComponent(tz)}`,
        ),
      );
      setError(null);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : 'Could not load the overview');
    }
  }, [campaignId, team.id, tz]);

  useLoad(load);
  useEffect(() => {
    const t = setInterval(() => void load(), REFRESH_MS);
    return () => clearInterval(t);
  }, [load]);

  if (campaigns !== null && campaigns.length === 0) {
    return (
      <>
        <h1>Campaign overview</h1>
        <EmptyState title="No campaigns yet">
          <p>Create a campaign and import leads to see its calls here.</p>
        </EmptyState>
      </>
    );
  }
  return (
    <>
      <h1>Campaign overview</h1>
      <div className="toolbar">
        <label>
          Campaign{' '}
          <select value={campaignId} onChange={(e) => setParams({ campaign: e.target.value })}>
            {(campaigns ?? []).map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        {campaignId && <Link to={`/app/calls?campaignId=${campaignId}`}>Calls of this campaign</Link>}
      </div>
      <FormError message={error} />
      {!data ? (
        <p aria-live="polite">Loading…</p>
      ) : (
        <>
          <div className="grid-2">
            <FigureCard title="Today" f={data.today} />
            <FigureCard title="This week" f={data.week} />
          </div>
          <AbandonRateCard campaignId={data.campaign.id} data={data.abandonRate} />
          {data.pacing && <PacingCard data={data.pacing} />}
          <div className="grid-2">
            <section className="card" aria-labelledby="disp-heading">
              <h2 id="disp-heading">Dispositions this week</h2>
              {data.dispositions.length === 0 ? (
                <p className="muted">No calls this week yet.</p>
              ) : (
                <>
                  <DispositionChart rows={data.dispositions} />
                  <table className="table small">
                    <caption className="sr-only">Dispositions this week</caption>
                    <tbody>
                      {data.dispositions.map((d) => (
                        <tr key={d.key}>
                          <th scope="row">{d.label}</th>
                          <td>{d.count}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </>
              )}
            </section>
            <section className="card" aria-labelledby="agents-heading">
              <h2 id="agents-heading">Agents</h2>
              {data.agents.length === 0 ? (
                <p className="muted">No agent is assigned to this campaign.</p>
              ) : (
                <ul className="list agents" aria-live="polite">
                  {data.agents.map((a) => (
                    <li key={a.userId}>
                      <span>{a.name}</span>{' '}
                      <span className={`state-badge state-badge--${a.state}`}>{stateLabels[a.state]}</span>
                    </li>
                  ))}
                </ul>
              )}
            </section>
          </div>
        </>
      )}
    </>
  );
}
