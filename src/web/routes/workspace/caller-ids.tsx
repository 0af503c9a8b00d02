import { useCallback, useState } from 'react';
import { api, ApiError } from '../../api';
import { EmptyState } from '../../components/empty-state';
import { CallerIdHealthPanel } from '../../features/caller-ids/caller-id-health-panel';
import { TestCallInPanel } from '../../features/caller-ids/test-call-in-panel';
import { FormError, Notice } from '../../components/form';
import { useTeam } from '../../team';
import { useLoad } from '../../use-load';

type CallerId = {
  id: string;
  e164: string;
  friendlyName: string;
  source: 'signalwire' | 'simulator';
  state: string | null;
  dailyCap: number;
  active: boolean;
  atProvider: boolean;
  usedToday: number;
};
type Pool = { campaignId: string; name: string; phoneNumberIds: string[]; defaultId: string | null };
type CallerIdsResponse = { provider: 'signalwire' | 'simulator'; day: string; numbers: CallerId[]; pools: Pool[] };

/** The team's caller IDs: today's use against each number's daily cap, and which numbers each campaign dials from. */
export function CallerIdsPage() {
  const team = useTeam();
  const base = `/api/teams/${team.id}/caller-ids`;
  const [data, setData] = useState<CallerIdsResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      setData(await api<CallerIdsResponse>('GET', base));
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Could not load caller IDs');
    }
  }, [base]);
  useLoad(load);

  async function act(fn: () => Promise<unknown>, done: string) {
    setError(null);
    setNotice(null);
    setBusy(true);
    try {
      await fn();
      setNotice(done);
      await load();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : 'That did not work');
    } finally {
      setBusy(false);
    }
  }

  const sync = () =>
    act(async () => {
      const r = await api<{ added: number; updated: number; removed: number }>('POST', `${base}/sync`, {});
      return r;
    }, 'Numbers synced from the provider.');

  if (!data) {
    return (
      <>
        <h1>Caller IDs</h1>
        <FormError message={error} />
        <p aria-live="polite">Loading caller IDs…</p>
      </>
    );
  }
  const provider = data.provider === 'signalwire' ? 'SignalWire' : 'the built-in simulator';
  return (
    <>
      <h1>Caller IDs</h1>
      <p className="muted">
        Calls go out from these numbers, chosen per lead: one with the lead’s area code, else one in the lead’s state,
        else the campaign’s default. A number rests for the day once it reaches its daily cap (numbers that place too
        many calls get flagged as spam).
      </p>
      <FormError message={error} />
      {notice && <Notice>{notice}</Notice>}
      <div className="toolbar">
        <button className="btn" onClick={sync} disabled={busy}>
          Sync numbers from {provider}
        </button>
        <span className="muted small">Usage counts the UTC day {data.day}.</span>
      </div>
      {data.numbers.length === 0 ? (
        <EmptyState title="No caller IDs yet">
          <p>Sync the numbers of your {provider} account to start dialing.</p>
        </EmptyState>
      ) : (
        <table className="table">
          <caption className="sr-only">Caller IDs of {team.name}</caption>
          <thead>
            <tr>
              <th scope="col">Number</th>
              <th scope="col">Name</th>
              <th scope="col">State</th>
              <th scope="col">Today</th>
              <th scope="col">Daily cap</th>
              <th scope="col">Active</th>
            </tr>
          </thead>
          <tbody>
            {data.numbers.map((n) => (
              <NumberRow
                key={n.id}
                n={n}
                disabled={busy}
                onSave={(patch, done) => act(() => api('PATCH', `${base}/${n.id}`, patch), done)}
              />
            ))}
          </tbody>
        </table>
      )}
      <h2>Campaign pools</h2>
      {data.pools.length === 0 ? (
        <p className="muted">
          No active campaigns. A campaign without a pool dials from every active number of the team.
        </p>
      ) : (
        data.pools.map((pool) => (
          <PoolEditor
            key={pool.campaignId}
            pool={pool}
            numbers={data.numbers}
            disabled={busy}
            onSave={(phoneNumberIds, defaultId) =>
              act(
                () => api('PUT', `${base}/pools/${pool.campaignId}`, { phoneNumberIds, defaultId }),
                `Pool of ${pool.name} saved.`,
              )
            }
          />
        ))
      )}
      <CallerIdHealthPanel teamId={team.id} />
      {data.provider === 'simulator' && data.numbers.length > 0 && (
        <TestCallInPanel teamId={team.id} numbers={data.numbers} />
      )}
    </>
  );
}

function NumberRow({
  n,
  disabled,
  onSave,
}: {
  n: CallerId;
  disabled: boolean;
  onSave: (patch: Record<string, unknown>, done: string) => void;
}) {
  const [cap, setCap] = useState(String(n.dailyCap));
  // A new cap from the server replaces what was typed (React's "adjust state when a prop changes").
  const [capFrom, setCapFrom] = useState(n.dailyCap);
  if (capFrom !== n.dailyCap) {
    setCapFrom(n.dailyCap);
    setCap(String(n.dailyCap));
  }
  const pct = Math.min(100, Math.round((n.usedToday / n.dailyCap) * 100));
  const capValid = /^\d+$/.test(cap) && Number(cap) >= 1 && Number(cap) <= 10_000;
  return (
    <tr className={n.atProvider ? undefined : 'row--warn'}>
      <td>
        {n.e164}
        {!n.atProvider && <span className="badge">not at provider</span>}
      </td>
      <td>{n.friendlyName || '—'}</td>
      <td>{n.state ?? '—'}</td>
      <td>
        <div
          className="usage"
          role="meter"
          aria-valuemin={0}
          aria-valuemax={n.dailyCap}
          aria-valuenow={n.usedToday}
          aria-label={`${n.e164} calls today`}
        >
          <div className={`usage__bar${pct >= 100 ? ' usage__bar--full' : ''}`} style={{ width: `${pct}%` }} />
        </div>
        <span className="small">
          {n.usedToday} / {n.dailyCap}
        </span>
      </td>
      <td>
        <form
          className="cap-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (capValid) onSave({ dailyCap: Number(cap) }, `Daily cap of ${n.e164} is now ${cap}.`);
          }}
        >
          <label className="sr-only" htmlFor={`cap-${n.id}`}>
            Daily cap of {n.e164}
          </label>
          <input
            id={`cap-${n.id}`}
            inputMode="numeric"
            value={cap}
            onChange={(e) => setCap(e.target.value)}
            aria-invalid={!capValid || undefined}
            size={6}
          />
          <button
            className="btn btn--small"
            type="submit"
            disabled={disabled || !capValid || Number(cap) === n.dailyCap}
          >
            Save
          </button>
        </form>
      </td>
      <td>
        <label>
          <input
            type="checkbox"
            checked={n.active}
            disabled={disabled}
            onChange={(e) =>
              onSave({ active: e.target.checked }, `${n.e164} is ${e.target.checked ? 'active' : 'resting'}.`)
            }
          />{' '}
          <span className="sr-only">{n.e164} </span>active
        </label>
      </td>
    </tr>
  );
}

function PoolEditor({
  pool,
  numbers,
  disabled,
  onSave,
}: {
  pool: Pool;
  numbers: CallerId[];
  disabled: boolean;
  onSave: (ids: string[], defaultId: string | null) => void;
}) {
  const [ids, setIds] = useState<string[]>(pool.phoneNumberIds);
  const [defaultId, setDefaultId] = useState<string | null>(pool.defaultId);
  const [poolFrom, setPoolFrom] = useState(pool);
  if (poolFrom.phoneNumberIds !== pool.phoneNumberIds || poolFrom.defaultId !== pool.defaultId) {
    setPoolFrom(pool);
    setIds(pool.phoneNumberIds);
    setDefaultId(pool.defaultId);
  }
  const toggle = (id: string, on: boolean) => {
    const next = on ? [...ids, id] : ids.filter((x) => x !== id);
    setIds(next);
    if (!next.includes(defaultId ?? '')) setDefaultId(next[0] ?? null);
  };
  return (
    <fieldset className="card pool">
      <legend>{pool.name}</legend>
      <p className="muted small">
        {ids.length === 0
          ? 'No pool: dials from every active number.'
          : `${ids.length} number${ids.length === 1 ? '' : 's'} in the pool.`}
      </p>
      <ul className="pool__list">
        {numbers.map((n) => (
          <li key={n.id}>
            <label>
              <input type="checkbox" checked={ids.includes(n.id)} onChange={(e) => toggle(n.id, e.target.checked)} />{' '}
              {n.e164}
              {n.friendlyName ? ` (${n.friendlyName})` : ''}
            </label>
            {ids.includes(n.id) && (
              <label className="small">
                <input
                  type="radio"
                  name={`default-${pool.campaignId}`}
                  checked={defaultId === n.id}
                  onChange={() => setDefaultId(n.id)}
                />{' '}
                default
              </label>
            )}
          </li>
        ))}
      </ul>
      <button className="btn btn--small" disabled={disabled} onClick={() => onSave(ids, ids.length ? defaultId : null)}>
        Save pool
      </button>
    </fieldset>
  );
}
