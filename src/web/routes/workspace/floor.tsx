import { useEffect, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { AppShell } from '../../components/app-shell';
import { EmptyState } from '../../components/empty-state';
import { formatDuration, stateLabels } from '../../features/dialer/types';
import { useFloorFeed, type FeedStatus } from '../../features/floor/use-floor-feed';
import { canAdmin, useTeam } from '../../team';
import type { FloorAgent, FloorCampaign } from '../../../core/api/floor.types';
import { agentStates } from '../../../core/dialer/agent-state';
import { secondsSince } from '../../../core/floor/floor';

/** A figure we do not have is a dash, never 0. */
const DASH = '—';

/** Re-renders every second so the timers move (a display clock: nothing is fetched). */
function useTick(skewMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  return now + skewMs;
}

const timer = (fromIso: string | null, now: number) => {
  const s = secondsSince(fromIso, now);
  return s === null ? DASH : formatDuration(s);
};

const STATUS_TEXT: Record<FeedStatus, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting… the figures may be behind',
  'signed-out': 'Signed out: the board has stopped updating',
  refused: 'This account may no longer see the board: it has stopped updating',
};

function FeedIndicator({ status }: { status: FeedStatus }) {
  return (
    <p className={`floor__status floor__status--${status}`} role="status" aria-live="polite">
      <span className="floor__dot" aria-hidden="true" /> {STATUS_TEXT[status]}
      {status === 'signed-out' && (
        <>
          {' '}
          <Link className="tap" to={`/sign-in?next=${encodeURIComponent('/app/floor?tv=1')}`}>
            Sign in again
          </Link>
        </>
      )}
    </p>
  );
}

function StateCounts({ agents }: { agents: FloorAgent[] }) {
  return (
    <dl className="figures floor__counts" aria-label="Agents by state">
      {agentStates.map((s) => (
        <div key={s}>
          <dt>{stateLabels[s]}</dt>
          <dd>{agents.filter((a) => a.state === s).length}</dd>
        </div>
      ))}
    </dl>
  );
}

function AgentsTable({ agents, now }: { agents: FloorAgent[]; now: number }) {
  return (
    <div className="table-scroll">
      <table className="table floor__table">
        <caption className="sr-only">Agents</caption>
        <thead>
          <tr>
            <th scope="col">Agent</th>
            <th scope="col">State</th>
            <th scope="col">In state</th>
            <th scope="col">Current call</th>
            <th scope="col">Calls today</th>
            <th scope="col">Connects today</th>
            <th scope="col">Talk today</th>
          </tr>
        </thead>
        <tbody>
          {agents.map((a) => (
            <tr key={a.userId} data-state={a.state}>
              <th scope="row">{a.name}</th>
              <td>
                <span className={`state-badge state-badge--${a.state}`}>{stateLabels[a.state]}</span>
              </td>
              <td className="num">{timer(a.stateSince, now)}</td>
              <td className="num">{a.call ? timer(a.call.answeredAt ?? a.call.placedAt, now) : DASH}</td>
              <td className="num">{a.today.calls}</td>
              <td className="num">{a.today.connects}</td>
              <td className="num">{formatDuration(a.today.talkSec)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const percent = (x: number | null) => (x === null ? DASH : `${(x * 100).toFixed(2)} %`);

function CampaignsTable({ campaigns }: { campaigns: FloorCampaign[] }) {
  return (
    <div className="table-scroll">
      <table className="table floor__table">
        <caption className="sr-only">Campaigns</caption>
        <thead>
          <tr>
            <th scope="col">Campaign</th>
            <th scope="col">Lines in flight</th>
            <th scope="col">Abandon rate, 30 days</th>
            <th scope="col">Callable now</th>
          </tr>
        </thead>
        <tbody>
          {campaigns.map((c) => (
            <tr key={c.id}>
              <th scope="row">{c.name}</th>
              <td className="num">{c.linesInFlight}</td>
              <td className="num" title={`Target ${(c.targetBp / 100).toFixed(2)} %`}>
                {percent(c.abandonRate)}
              </td>
              <td className="num">{c.callableNow.toLocaleString()}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * The live floor (wallboard) for owners and admins: every agent's state and timers and today's figures, and each
 * campaign's lines, abandon rate and callable leads, following the team's event stream. `?tv=1` shows it full-screen
 * in large type without the sidebar, for a screen on the wall.
 */
export function FloorPage({ tv }: { tv: boolean }) {
  const team = useTeam();
  if (!canAdmin(team))
    return (
      <>
        <h1>Live floor</h1>
        <EmptyState title="For owners and admins">
          <p>The live floor shows every agent of the team; ask an owner or admin of the team to open it.</p>
        </EmptyState>
      </>
    );
  // Keyed by team: another team's board starts from its own snapshot.
  return <FloorBoard key={team.id} teamId={team.id} tv={tv} />;
}

function FloorBoard({ teamId, tv }: { teamId: string; tv: boolean }) {
  const { board, status, skewMs } = useFloorFeed(teamId);
  const now = useTick(skewMs);
  const root = useRef<HTMLDivElement>(null);
  return (
    <div ref={root} className={`floor${tv ? ' floor--tv' : ''}`}>
      <div className="floor__head">
        <h1>Live floor</h1>
        <FeedIndicator status={status} />
        <div className="floor__actions">
          {tv ? (
            <>
              <button
                className="btn btn--small"
                onClick={() => void root.current?.requestFullscreen?.().catch(() => {})}
                hidden={typeof document !== 'undefined' && !document.fullscreenEnabled}
              >
                Fill the screen
              </button>
              <Link className="btn btn--small" to="/app/floor">
                Leave TV mode
              </Link>
            </>
          ) : (
            <Link className="btn btn--small" to="/app/floor?tv=1">
              TV mode
            </Link>
          )}
        </div>
      </div>
      {!board ? (
        <p aria-live="polite">Loading…</p>
      ) : (
        <>
          <p className="muted floor__today">
            Today is {board.today} in {board.timeZone} (the team’s time zone). Calls count once they have ended.
          </p>
          <StateCounts agents={board.agents} />
          <section className="card" aria-labelledby="floor-agents">
            <h2 id="floor-agents">Agents</h2>
            {board.agents.length === 0 ? (
              <p className="muted">No agents yet: invite agents under Members.</p>
            ) : (
              <AgentsTable agents={board.agents} now={now} />
            )}
          </section>
          <section className="card" aria-labelledby="floor-campaigns">
            <h2 id="floor-campaigns">Campaigns</h2>
            {board.campaigns.length === 0 ? (
              <p className="muted">No campaigns yet.</p>
            ) : (
              <>
                <CampaignsTable campaigns={board.campaigns} />
                <p className="muted small">
                  A dash for the abandon rate: the call records do not yet say which live answers were abandoned, so the
                  rate is not shown rather than guessed. Callable now counts due callbacks and due leads whose calling
                  hours are open; each is still checked against every calling rule when it is picked.
                </p>
              </>
            )}
          </section>
        </>
      )}
    </div>
  );
}

/** The route: TV mode (`?tv=1`) drops the app's sidebar and top bar; the parameter stays in the address. */
export function FloorRoute() {
  const [params] = useSearchParams();
  const tv = params.get('tv') === '1';
  return (
    <AppShell bare={tv}>
      <FloorPage tv={tv} />
    </AppShell>
  );
}
