import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../api';
import { EmptyState } from '../../components/empty-state';
import { FilterOptions } from '../../components/filter-options';
import { FormError, Notice } from '../../components/form';
import type { Campaign, Lead } from '../../features/leads/types';
import { prefs } from '../../session';
import { canAdmin, useTeam } from '../../team';

type Page = {
  leads: Lead[];
  total: number;
  totalCapped: boolean;
  hasMore: boolean;
  customKeys: string[];
  offset: number;
  limit: number;
};

/** An estimated count to two significant figures ("about 12,000"): more digits would claim a precision it lacks. */
const about = (n: number) => {
  const step = 10 ** Math.max(0, Math.floor(Math.log10(n)) - 1);
  return (Math.round(n / step) * step).toLocaleString();
};

export function LeadsPage() {
  const team = useTeam();
  const [params, setParams] = useSearchParams();
  // The last chosen campaign is a functional preference: localStorage, never a cookie.
  const campaign = params.get('campaign') ?? prefs.get(`campaign.${team.id}`) ?? '';
  const [campaigns, setCampaigns] = useState<Campaign[]>([]);
  const [q, setQ] = useState(params.get('q') ?? '');
  const [status, setStatus] = useState('');
  const [tag, setTag] = useState('');
  const [more, setMore] = useState({
    timezone: '',
    dnc: '',
    attemptsMin: '',
    attemptsMax: '',
    createdFrom: '',
    createdTo: '',
  });
  const [hidden, setHidden] = useState<Set<string>>(
    () => new Set((prefs.get(`leads.hiddenColumns.${team.id}`) ?? '').split(',').filter(Boolean)),
  );
  const [sort, setSort] = useState('created');
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<Page | null>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [allMatching, setAllMatching] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    api<{ campaigns: Campaign[] }>('GET', `/api/teams/${team.id}/campaigns`).then(
      (r) => setCampaigns(r.campaigns),
      () => {},
    );
  }, [team.id]);

  const filter = useMemo(() => {
    const f: Record<string, string> = {};
    if (campaign) f.campaignId = campaign;
    if (q.trim()) f.q = q.trim();
    if (status) f.status = status;
    if (tag.trim()) f.tag = tag.trim();
    for (const [k, v] of Object.entries(more)) if (v.trim()) f[k] = v.trim();
    return f;
  }, [campaign, q, status, tag, more]);
  const setMoreField = (k: keyof typeof more) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => (
    setMore({ ...more, [k]: e.target.value }),
    setOffset(0)
  );
  const toggleColumn = (k: string) => {
    const next = new Set(hidden);
    if (next.has(k)) next.delete(k);
    else next.add(k);
    setHidden(next);
    prefs.set(`leads.hiddenColumns.${team.id}`, [...next].join(','));
  };

  const load = useCallback(async () => {
    const qs = new URLSearchParams({ ...filter, sort, offset: String(offset), limit: '50' });
    try {
      setPage(await api<Page>('GET', `/api/teams/${team.id}/leads?${qs}`));
      setError(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Could not load leads');
    }
  }, [team.id, filter, sort, offset]);
  useEffect(() => {
    const t = setTimeout(() => void load(), 200); // typing in the search box waits for a pause
    return () => clearTimeout(t);
  }, [load]);

  const pickCampaign = (id: string) => {
    prefs.set(`campaign.${team.id}`, id);
    const next = new URLSearchParams(params);
    if (id) next.set('campaign', id);
    else next.delete('campaign');
    setParams(next);
    setOffset(0);
    setSelected(new Set());
  };

  async function bulk(action: Record<string, unknown>, label: string) {
    const selection = allMatching ? { filter } : { ids: [...selected] };
    try {
      const r = await api<{ affected: number }>('POST', `/api/teams/${team.id}/leads/bulk`, { selection, action });
      setNotice(`${label}: ${r.affected} lead${r.affected === 1 ? '' : 's'}.`);
      setSelected(new Set());
      setAllMatching(false);
      await load();
    } catch (e) {
      setError(e instanceof Error ? e.message : 'That did not work');
    }
  }

  const count = allMatching ? (page?.total ?? 0) : selected.size;
  const exportHref = `/api/teams/${team.id}/leads/export.csv?${new URLSearchParams(filter)}`;
  return (
    <>
      <h1>Leads</h1>
      <div className="filters" role="search">
        <label>
          Campaign{' '}
          <select value={campaign} onChange={(e) => pickCampaign(e.target.value)}>
            <FilterOptions all="All campaigns" choices={campaigns} />
          </select>
        </label>
        <label>
          Search{' '}
          <input
            type="search"
            placeholder="Name, phone (any format) or e-mail"
            value={q}
            onChange={(e) => (setQ(e.target.value), setOffset(0))}
          />
        </label>
        <label>
          Status{' '}
          <select value={status} onChange={(e) => (setStatus(e.target.value), setOffset(0))}>
            <option value="">Any</option>
            {['new', 'retry', 'callback', 'done', 'exhausted', 'blocked'].map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          Tag <input value={tag} onChange={(e) => (setTag(e.target.value), setOffset(0))} size={10} />
        </label>
        <label>
          Sort{' '}
          <select value={sort} onChange={(e) => setSort(e.target.value)}>
            <option value="created">Newest</option>
            <option value="name">Name</option>
            <option value="phone">Phone</option>
            <option value="attempts">Attempts</option>
            <option value="status">Status</option>
          </select>
        </label>
        <details className="filters__more">
          <summary>More filters</summary>
          <label>
            Time zone{' '}
            <input value={more.timezone} onChange={setMoreField('timezone')} placeholder="America/Chicago" size={16} />
          </label>
          <label>
            Do not call{' '}
            <select value={more.dnc} onChange={setMoreField('dnc')}>
              <option value="">Either</option>
              <option value="no">Callable</option>
              <option value="yes">On the DNC list</option>
            </select>
          </label>
          <label>
            Attempts from{' '}
            <input type="number" min={0} value={more.attemptsMin} onChange={setMoreField('attemptsMin')} size={3} />
          </label>
          <label>
            to <input type="number" min={0} value={more.attemptsMax} onChange={setMoreField('attemptsMax')} size={3} />
          </label>
          <label>
            Created from <input type="date" value={more.createdFrom} onChange={setMoreField('createdFrom')} />
          </label>
          <label>
            before <input type="date" value={more.createdTo} onChange={setMoreField('createdTo')} />
          </label>
        </details>
        {canAdmin(team) && (
          <a className="btn btn--small" href={exportHref} download>
            Export CSV
          </a>
        )}
      </div>
      <FormError message={error} />
      {notice && <Notice>{notice}</Notice>}
      {canAdmin(team) && count > 0 && (
        <div className="bulk-bar" role="region" aria-label="Bulk actions">
          <strong>{count.toLocaleString()} selected</strong>
          {!allMatching && page && page.total > selected.size && (
            <button className="btn btn--small" onClick={() => setAllMatching(true)}>
              Select all {page.totalCapped ? `about ${about(page.total)}` : page.total.toLocaleString()} matching
            </button>
          )}
          <button
            className="btn btn--small"
            onClick={() => {
              const t = window.prompt('Tag to add');
              if (t) void bulk({ type: 'tag', add: [t] }, `Tagged “${t}”`);
            }}
          >
            Tag…
          </button>
          <select
            aria-label="Move to campaign"
            value=""
            onChange={(e) => e.target.value && void bulk({ type: 'move', campaignId: e.target.value }, 'Moved')}
          >
            <option value="">Move to…</option>
            {campaigns.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
          <button
            className="btn btn--small"
            onClick={() => {
              const t = window.prompt('Tag to remove');
              if (t) void bulk({ type: 'tag', remove: [t] }, `Untagged “${t}”`);
            }}
          >
            Untag…
          </button>
          <select
            aria-label="Copy to campaign"
            value=""
            onChange={(e) => e.target.value && void bulk({ type: 'copy', campaignId: e.target.value }, 'Copied')}
          >
            <option value="">Copy to…</option>
            {campaigns.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
          <button
            className="btn btn--small"
            onClick={() => void bulk({ type: 'dnc', reason: 'Added from the lead table' }, 'Added to do-not-call')}
          >
            Add to DNC
          </button>
          <button
            className="btn btn--small btn--danger"
            onClick={() => window.confirm(`Delete ${count} leads?`) && void bulk({ type: 'delete' }, 'Deleted')}
          >
            Delete
          </button>
        </div>
      )}
      {page && page.leads.length === 0 && (
        <EmptyState title={Object.keys(filter).length > 1 || q ? 'No lead matches' : 'No leads yet'}>
          <p>Import a CSV into a campaign (Campaigns → Import CSV), or clear the filters.</p>
        </EmptyState>
      )}
      {page && page.customKeys.length > 0 && (
        <fieldset className="columns-picker">
          <legend>Custom columns</legend>
          {page.customKeys.map((k) => (
            <label key={k}>
              <input type="checkbox" checked={!hidden.has(k)} onChange={() => toggleColumn(k)} /> {k}
            </label>
          ))}
        </fieldset>
      )}
      {page && page.leads.length > 0 && (
        <>
          <div className="table-scroll">
            <table className="table table--compact">
              <caption className="sr-only">Leads</caption>
              <thead>
                <tr>
                  {canAdmin(team) && (
                    <th scope="col">
                      <input
                        type="checkbox"
                        aria-label="Select all on this page"
                        checked={page.leads.every((l) => selected.has(l.id))}
                        onChange={(e) =>
                          setSelected(e.target.checked ? new Set(page.leads.map((l) => l.id)) : new Set())
                        }
                      />
                    </th>
                  )}
                  <th scope="col">Name</th>
                  <th scope="col">Phone</th>
                  <th scope="col">E-mail</th>
                  <th scope="col">State</th>
                  <th scope="col">Time zone</th>
                  <th scope="col">Status</th>
                  <th scope="col">Tags</th>
                  <th scope="col">Attempts</th>
                  {page.customKeys
                    .filter((k) => !hidden.has(k))
                    .map((k) => (
                      <th scope="col" key={k}>
                        {k}
                      </th>
                    ))}
                </tr>
              </thead>
              <tbody>
                {page.leads.map((l) => (
                  <tr key={l.id}>
                    {canAdmin(team) && (
                      <td>
                        <input
                          type="checkbox"
                          aria-label={`Select ${l.firstName ?? ''} ${l.lastName ?? ''} ${l.phone}`}
                          checked={allMatching || selected.has(l.id)}
                          onChange={(e) => {
                            const next = new Set(selected);
                            if (e.target.checked) next.add(l.id);
                            else next.delete(l.id);
                            setSelected(next);
                            setAllMatching(false);
                          }}
                        />
                      </td>
                    )}
                    <td>
                      <Link to={`/app/leads/${l.id}`}>
                        {[l.firstName, l.lastName].filter(Boolean).join(' ') || 'Unnamed lead'}
                      </Link>
                      {l.dnc && <span className="badge badge--canceled">DNC</span>}
                    </td>
                    <td>{l.phone}</td>
                    <td>{l.email ?? ''}</td>
                    <td>{l.state ?? ''}</td>
                    <td className="small">{l.timezones.join(', ')}</td>
                    <td>{l.status}</td>
                    <td>{l.tags.join(', ')}</td>
                    <td>{l.attempts}</td>
                    {page.customKeys
                      .filter((k) => !hidden.has(k))
                      .map((k) => (
                        <td key={k}>{l.custom[k] ?? ''}</td>
                      ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <nav className="pager" aria-label="Pages">
            <span>
              {page.offset + 1}–{page.offset + page.leads.length} of{' '}
              {page.totalCapped ? `about ${about(page.total)}` : page.total.toLocaleString()}
            </span>
            <button
              className="btn btn--small"
              disabled={offset === 0}
              onClick={() => setOffset(Math.max(0, offset - 50))}
            >
              Previous
            </button>
            <button className="btn btn--small" disabled={!page.hasMore} onClick={() => setOffset(offset + 50)}>
              Next
            </button>
          </nav>
        </>
      )}
    </>
  );
}
