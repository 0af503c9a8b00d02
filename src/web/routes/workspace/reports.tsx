import { useEffect, useState, type FormEvent } from 'react';
import { NavLink, useParams, useSearchParams } from 'react-router';
import { api, ApiError } from '../../api';
import { EmptyState } from '../../components/empty-state';
import { agentChoices, FilterOptions } from '../../components/filter-options';
import { Field, FormError, SelectField } from '../../components/form';
import type { AnyReport, ReportKind } from '../../../core/api/reports.types';
import { reportKinds } from '../../../core/api/reports.types';
import { canAdmin, useTeam } from '../../team';
import { BestTimeHeatmap, BestTimeTable } from '../../features/reports/best-time-heatmap';

type Campaign = { id: string; name: string };
type Member = { userId: string; name: string };

const TITLES: Record<ReportKind, string> = {
  agents: 'Agents',
  campaigns: 'Campaigns',
  'caller-ids': 'Caller IDs',
  dispositions: 'Dispositions',
};
const FILTERS = ['from', 'to', 'campaignId', 'agentId'] as const;

const STATUS = { active: 'In use', paused: 'Paused', gone_at_provider: 'Gone at the provider' } as const;

/** A figure we do not have is a dash, never 0. */
const DASH = '—';
const num = (n: number | null) => (n === null ? DASH : n.toLocaleString());
const pct = (n: number | null) => (n === null ? DASH : `${(n * 100).toFixed(1)} %`);
const hours = (n: number | null) =>
  n === null ? DASH : `${Math.floor(n / 3600)} h ${String(Math.floor((n % 3600) / 60)).padStart(2, '0')} min`;
const secs = (n: number | null) =>
  n === null ? DASH : `${Math.floor(n / 60)}:${String(Math.round(n % 60)).padStart(2, '0')}`;

function today(offsetDays = 0): string {
  const d = new Date();
  d.setDate(d.getDate() + offsetDays);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

type Bar = { label: string; current: number | null; previous: number | null };

/**
 * Current against previous period, one pair of bars per row, drawn as SVG here (no third-party origin). The numbers
 * are in the table beside it; a figure we do not have draws no bar.
 */
function CompareChart({ title, bars, format }: { title: string; bars: Bar[]; format: (n: number | null) => string }) {
  const max = Math.max(1e-9, ...bars.flatMap((b) => [b.current ?? 0, b.previous ?? 0]));
  const row = 34;
  const labelW = 150;
  const width = 520;
  const height = bars.length * row + 4;
  const w = (n: number | null) => (n === null ? 0 : Math.max(2, ((width - labelW - 70) * n) / max));
  return (
    <svg className="ds-chart" viewBox={`0 0 ${width} ${height}`} width="100%" role="img" aria-label={title}>
      <title>{title}</title>
      {bars.map((b, i) => {
        const y = i * row + 2;
        return (
          <g key={`${b.label}-${i}`}>
            <text x={labelW - 8} y={y + 16} textAnchor="end" className="ds-chart__label">
              {b.label.length > 20 ? `${b.label.slice(0, 19)}…` : b.label}
            </text>
            <rect x={labelW} y={y + 3} width={w(b.current)} height={13} rx={2} className="ds-chart__bar--0" />
            <text x={labelW + w(b.current) + 6} y={y + 14} className="ds-chart__value">
              {format(b.current)}
            </text>
            <rect x={labelW} y={y + 18} width={w(b.previous)} height={9} rx={2} className="ds-chart__bar--5" />
          </g>
        );
      })}
    </svg>
  );
}

function ReportBody({ report }: { report: AnyReport }) {
  if (report.rows.length === 0)
    return (
      <EmptyState title="No calls in this range">
        <p>No call ended in these days with these filters. Try a longer range or fewer filters.</p>
      </EmptyState>
    );
  const legend = (
    <p className="muted small">
      Blue: {report.current.from} to {report.current.to}. Grey: the {report.previous.days} days before (
      {report.previous.from} to {report.previous.to}).
    </p>
  );
  if (report.kind === 'agents')
    return (
      <div className="grid-2 report">
        <section className="card" aria-labelledby="report-chart">
          <h2 id="report-chart">Calls per agent</h2>
          <CompareChart
            title="Calls per agent, this period and the one before"
            format={num}
            bars={report.rows.map((r) => ({ label: r.name, current: r.current.calls, previous: r.previous.calls }))}
          />
          <h2 id="report-chart-wrapup">Average wrap-up per agent</h2>
          <CompareChart
            title="Average wrap-up per agent (from the end of a call to its disposition), this period and the one before"
            format={secs}
            bars={report.rows.map((r) => ({
              label: r.name,
              current: r.current.averageWrapupSec,
              previous: r.previous.averageWrapupSec,
            }))}
          />
          {legend}
        </section>
        <section className="card table-scroll" aria-labelledby="report-table">
          <h2 id="report-table">Figures</h2>
          <table className="table small">
            <thead>
              <tr>
                <th scope="col">Agent</th>
                <th scope="col">Calls</th>
                <th scope="col">Human connects</th>
                <th scope="col">Talk</th>
                <th scope="col">Average talk</th>
                <th scope="col">Wrap-up</th>
                <th scope="col">Average wrap-up</th>
                <th scope="col">Callbacks set</th>
                <th scope="col">Callbacks kept</th>
                <th scope="col">Ready</th>
                <th scope="col">Talk min per Ready hour</th>
                <th scope="col">Calls before</th>
                <th scope="col">Average wrap-up before</th>
                <th scope="col">Callbacks set / kept before</th>
              </tr>
            </thead>
            <tbody>
              {report.rows.map((r) => (
                <tr key={r.agentId ?? 'none'}>
                  <th scope="row">{r.name}</th>
                  <td>{num(r.current.calls)}</td>
                  <td>{num(r.current.humanConnects)}</td>
                  <td>{secs(r.current.talkSec)}</td>
                  <td>{secs(r.current.averageTalkSec)}</td>
                  <td>{secs(r.current.wrapupSec)}</td>
                  <td>{secs(r.current.averageWrapupSec)}</td>
                  <td>{num(r.current.callbacksSet)}</td>
                  <td>{num(r.current.callbacksKept)}</td>
                  <td>{hours(r.current.readySec)}</td>
                  <td>{r.current.talkMinPerReadyHour === null ? DASH : r.current.talkMinPerReadyHour.toFixed(1)}</td>
                  <td>{num(r.previous.calls)}</td>
                  <td>{secs(r.previous.averageWrapupSec)}</td>
                  <td>
                    {num(r.previous.callbacksSet)} / {num(r.previous.callbacksKept)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>
    );
  if (report.kind === 'campaigns') {
    const total = (k: 'dialed' | 'answered' | 'human' | 'connected', period: 'current' | 'previous') =>
      report.rows.reduce((sum, r) => sum + r[period][k], 0);
    const steps = [
      ['dialed', 'Dialed'],
      ['answered', 'Answered'],
      ['human', 'A person'],
      ['connected', 'With an agent'],
    ] as const;
    return (
      <div className="grid-2 report">
        <section className="card" aria-labelledby="report-chart">
          <h2 id="report-chart">Funnel, all shown campaigns</h2>
          <CompareChart
            title="Calls dialed, answered, by a person and with an agent, this period and the one before"
            format={num}
            bars={steps.map(([k, label]) => ({
              label,
              current: total(k, 'current'),
              previous: total(k, 'previous'),
            }))}
          />
          {legend}
        </section>
        <section className="card table-scroll" aria-labelledby="report-table">
          <h2 id="report-table">Figures</h2>
          <table className="table small">
            <thead>
              <tr>
                <th scope="col">Campaign</th>
                {steps.map(([k, label]) => (
                  <th scope="col" key={k}>
                    {label}
                  </th>
                ))}
                <th scope="col">Dispositions</th>
                <th scope="col">Dialed before</th>
              </tr>
            </thead>
            <tbody>
              {report.rows.map((r) => (
                <tr key={r.campaignId ?? 'none'}>
                  <th scope="row">{r.name}</th>
                  {steps.map(([k]) => (
                    <td key={k}>{num(r.current[k])}</td>
                  ))}
                  <td>
                    {r.current.dispositions.length === 0
                      ? 'None given'
                      : r.current.dispositions.map((d) => `${d.key} ${d.calls}`).join(' · ')}
                  </td>
                  <td>{num(r.previous.dialed)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section className="card" aria-labelledby="report-best-time">
          <h2 id="report-best-time">Best time to call</h2>
          <BestTimeHeatmap bestTime={report.bestTime} />
        </section>
        <section className="card table-scroll" aria-labelledby="report-best-time-table">
          <h2 id="report-best-time-table">Contact rate by the callee’s weekday and hour</h2>
          <BestTimeTable bestTime={report.bestTime} />
        </section>
        {report.lists && (
          <section className="card table-scroll" aria-labelledby="report-lists">
            <h2 id="report-lists">Lists now</h2>
            <p className="muted small">
              How far each list has been worked as it stands now (a lead’s state has no history, so there is no earlier
              period to compare with).
            </p>
            <table className="table small">
              <thead>
                <tr>
                  <th scope="col">Campaign</th>
                  <th scope="col">Leads</th>
                  <th scope="col">Untouched</th>
                  <th scope="col">In progress</th>
                  <th scope="col">Final</th>
                  <th scope="col">Callable now</th>
                  <th scope="col">Attempts per dialed lead</th>
                </tr>
              </thead>
              <tbody>
                {report.lists.map((l) => (
                  <tr key={l.campaignId}>
                    <th scope="row">{l.name}</th>
                    <td>{num(l.leads)}</td>
                    <td>{num(l.untouched)}</td>
                    <td>{num(l.inProgress)}</td>
                    <td>{num(l.final)}</td>
                    <td>{num(l.callableNow)}</td>
                    <td>{l.attemptsPerLead === null ? DASH : l.attemptsPerLead.toFixed(2)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        )}
      </div>
    );
  }
  if (report.kind === 'caller-ids')
    return (
      <div className="grid-2 report">
        <section className="card" aria-labelledby="report-chart">
          <h2 id="report-chart">Answer rate per caller ID</h2>
          <CompareChart
            title="Answer rate per caller ID, this period and the one before"
            format={pct}
            bars={report.rows.map((r) => ({
              label: r.callerId,
              current: r.current.answerRate,
              previous: r.previous.answerRate,
            }))}
          />
          {legend}
        </section>
        <section className="card table-scroll" aria-labelledby="report-table">
          <h2 id="report-table">Figures</h2>
          <table className="table small">
            <thead>
              <tr>
                <th scope="col">Caller ID</th>
                <th scope="col">Calls</th>
                <th scope="col">Answer rate</th>
                <th scope="col">Before</th>
                <th scope="col">Short calls</th>
                <th scope="col">Status</th>
                <th scope="col">Busiest day / cap</th>
                <th scope="col">Answer rate per day</th>
              </tr>
            </thead>
            <tbody>
              {report.rows.map((r) => (
                <tr key={r.callerId}>
                  <th scope="row">{r.callerId}</th>
                  <td>{num(r.current.calls)}</td>
                  <td>{pct(r.current.answerRate)}</td>
                  <td>{pct(r.previous.answerRate)}</td>
                  <td>{pct(r.current.shortCallShare)}</td>
                  <td>{r.status === null ? DASH : STATUS[r.status]}</td>
                  <td>
                    {pct(r.peakCapUse)}
                    {r.dailyCap !== null && <span className="muted"> of {r.dailyCap}</span>}
                  </td>
                  <td className="report__trend">{r.daily.map((d) => pct(d.answerRate)).join(' · ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>
    );
  return (
    <div className="grid-2 report">
      <section className="card" aria-labelledby="report-chart">
        <h2 id="report-chart">Calls by how they ended</h2>
        <CompareChart
          title="Calls by disposition or outcome, this period and the one before"
          format={num}
          bars={report.rows.map((r) => ({ label: r.key, current: r.current, previous: r.previous }))}
        />
        {legend}
      </section>
      <section className="card table-scroll" aria-labelledby="report-table">
        <h2 id="report-table">Per day</h2>
        <table className="table small">
          <thead>
            <tr>
              <th scope="col">Ended as</th>
              <th scope="col">Calls</th>
              <th scope="col">Before</th>
              {report.days.map((d) => (
                <th scope="col" key={d}>
                  {d.slice(5)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {report.rows.map((r) => (
              <tr key={r.key}>
                <th scope="row">{r.key}</th>
                <td>{num(r.current)}</td>
                <td>{num(r.previous)}</td>
                {r.daily.map((n, i) => (
                  <td key={report.days[i]}>{num(n)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}

/** Reports over the call rollups; the range and filters live in the URL, so a report can be shared as a link. */
export function ReportsPage() {
  const team = useTeam();
  const params = useParams();
  const kind: ReportKind = reportKinds.find((k) => k === params.kind) ?? 'agents';
  const [search, setSearch] = useSearchParams();
  const from = search.get('from') ?? today(-6);
  const to = search.get('to') ?? today();
  const [campaigns, setCampaigns] = useState<Campaign[]>([]);
  const [agents, setAgents] = useState<Member[]>([]);
  const [report, setReport] = useState<AnyReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [rangeError, setRangeError] = useState<string | undefined>();

  const q = new URLSearchParams({ from, to });
  for (const f of ['campaignId', 'agentId'] as const) {
    const v = search.get(f);
    if (v) q.set(f, v);
  }
  const query = q.toString();
  const url = `/api/teams/${team.id}/reports/${kind}?${query}`;
  useEffect(() => {
    api<AnyReport>('GET', url)
      .then((r) => {
        setReport(r);
        setError(null);
      })
      .catch((e: unknown) => {
        setReport(null);
        setError(e instanceof ApiError ? e.message : 'Could not load the report');
      });
  }, [url]);

  useEffect(() => {
    api<{ campaigns: Campaign[] }>('GET', `/api/teams/${team.id}/campaigns?archived=1`)
      .then((r) => setCampaigns(r.campaigns))
      .catch(() => setCampaigns([]));
    if (canAdmin(team))
      api<{ members: Member[] }>('GET', `/api/teams/${team.id}/members`)
        .then((r) => setAgents(r.members))
        .catch(() => setAgents([]));
  }, [team]);

  function apply(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const next = new URLSearchParams();
    for (const f of FILTERS) {
      const v = String(form.get(f) ?? '');
      if (v) next.set(f, v);
    }
    const a = next.get('from') ?? '';
    const b = next.get('to') ?? '';
    if (!a || !b) return setRangeError('Pick both the first and the last day');
    if (b < a) return setRangeError('The last day must be on or after the first');
    setRangeError(undefined);
    setSearch(next);
  }

  const keep = `?${search.toString()}`;
  return (
    <>
      <h1>Reports</h1>
      <nav aria-label="Reports" className="tabs">
        {reportKinds.map((k) => (
          <NavLink key={k} to={`/app/reports/${k}${keep}`} className="tabs__tab">
            {TITLES[k]}
          </NavLink>
        ))}
      </nav>
      <form className="toolbar filters" onSubmit={apply} aria-label="Report range and filters" noValidate>
        <Field label="First day" type="date" name="from" defaultValue={from} key={`f${from}`} error={rangeError} />
        <Field label="Last day" type="date" name="to" defaultValue={to} key={`t${to}`} />
        <SelectField
          label="Campaign"
          name="campaignId"
          defaultValue={search.get('campaignId') ?? ''}
          key={`c${campaigns.length}`}
        >
          <FilterOptions all="All campaigns" choices={campaigns} />
        </SelectField>
        {canAdmin(team) && (
          <SelectField
            label="Agent"
            name="agentId"
            defaultValue={search.get('agentId') ?? ''}
            key={`a${agents.length}`}
          >
            <FilterOptions all="All agents" choices={agentChoices(agents)} />
          </SelectField>
        )}
        <button type="submit" className="btn">
          Show
        </button>
        <a className="btn" href={`/api/teams/${team.id}/reports/${kind}/export.csv?${query}`} download>
          Export CSV
        </a>
      </form>
      <p className="muted">
        {report && <>Days in {report.zone}, the team’s time zone (Team settings change it). </>}
        {!canAdmin(team) && 'You see your own calls only.'}
      </p>
      <FormError message={error} />
      {report ? <ReportBody report={report} /> : !error && <p aria-live="polite">Loading…</p>}
    </>
  );
}
