import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, ApiError } from '../../api';
import { BarChart } from '../../components/bar-chart';
import { Field, FormError, Notice, SelectField, SubmitButton } from '../../components/form';
import { formatDay } from '../../policy';
import { useSession } from '../../session';
import { useLoad } from '../../use-load';

type UsageRow = { day: string; kind: 'page_view' | 'feature'; name: string; count: number };
type PolicyVersion = { id: string; version: string; summary: string; publishedAt: string; effectiveAt: string };
type PrivacyRequest = {
  id: string;
  requesterEmail: string;
  kind: string;
  details: string;
  receivedAt: string;
  dueAt: string;
  closedAt: string | null;
  actionTaken: string | null;
};

function lastDays(n: number, until: Date) {
  return Array.from({ length: n }, (_, i) =>
    new Date(until.getTime() - (n - 1 - i) * 86_400_000).toISOString().slice(0, 10),
  );
}

function UsageTab() {
  const [rows, setRows] = useState<UsageRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api<{ rows: UsageRow[] }>('GET', '/api/operator/usage?days=30').then(
      (r) => setRows(r.rows),
      (e: Error) => setError(e.message),
    );
  }, []);
  if (error) return <FormError message={error} />;
  if (!rows) return <p aria-live="polite">Loading…</p>;
  const days = lastDays(30, new Date());
  const perDay = days.map((d) => ({
    label: d.slice(5),
    value: rows.filter((r) => r.day === d && r.kind === 'page_view').reduce((a, r) => a + r.count, 0),
  }));
  const totals = (kind: UsageRow['kind']) =>
    Object.entries(
      rows
        .filter((r) => r.kind === kind)
        .reduce<Record<string, number>>((acc, r) => ((acc[r.name] = (acc[r.name] ?? 0) + r.count), acc), {}),
    )
      .sort((a, b) => b[1] - a[1])
      .slice(0, 15);
  return (
    <>
      <p className="muted">
        Counted on our server per day and route shape. No user, team or IP address is stored with these numbers.
      </p>
      <BarChart data={perDay} label="Page views per day, last 30 days" />
      <div className="grid-2">
        {(['page_view', 'feature'] as const).map((kind) => (
          <table className="table" key={kind}>
            <caption>{kind === 'page_view' ? 'Most viewed pages (30 days)' : 'Most used actions (30 days)'}</caption>
            <thead>
              <tr>
                <th scope="col">{kind === 'page_view' ? 'Page' : 'Action'}</th>
                <th scope="col">Count</th>
              </tr>
            </thead>
            <tbody>
              {totals(kind).map(([name, count]) => (
                <tr key={name}>
                  <td>{name}</td>
                  <td>{count}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
      </div>
    </>
  );
}

function PolicyTab() {
  const [versions, setVersions] = useState<PolicyVersion[]>([]);
  const [form, setForm] = useState({ version: '', summary: '', effectiveAt: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const load = useCallback(
    () =>
      api<{ versions: PolicyVersion[] }>('GET', '/api/operator/policy-versions').then((r) => setVersions(r.versions)),
    [],
  );
  useLoad(load);
  const [earliest] = useState(() => new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10));
  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setFormError(null);
    try {
      await api('POST', '/api/operator/policy-versions', form);
      setNotice(`Version ${form.version} published; every registered user is being e-mailed.`);
      setForm({ version: '', summary: '', effectiveAt: '' });
      await load();
    } catch (err) {
      if (err instanceof ApiError) setErrors(err.fields);
      setFormError(err instanceof Error ? err.message : 'Could not publish');
    } finally {
      setBusy(false);
    }
  }
  const set = (k: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement>) => (
    setForm({ ...form, [k]: e.target.value }),
    setErrors({ ...errors, [k]: '' })
  );
  return (
    <>
      <form className="card" onSubmit={submit} aria-label="Publish a policy version" noValidate>
        <h2>Publish a new privacy-policy version</h2>
        <p className="muted">
          Users are e-mailed now; the change takes effect no sooner than 30 days from today, and a banner shows until
          then.
        </p>
        {notice && <Notice>{notice}</Notice>}
        <FormError message={formError} />
        <Field
          label="Version"
          value={form.version}
          onChange={set('version')}
          error={errors.version || undefined}
          hint="For example 2027-01."
        />
        <Field
          label="What changes (sent to users)"
          value={form.summary}
          onChange={set('summary')}
          error={errors.summary || undefined}
        />
        <Field
          label="Takes effect on"
          type="date"
          min={earliest}
          value={form.effectiveAt}
          onChange={set('effectiveAt')}
          error={errors.effectiveAt || undefined}
        />
        <SubmitButton busy={busy}>Publish and notify users</SubmitButton>
      </form>
      <table className="table">
        <caption>Published versions</caption>
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">Published</th>
            <th scope="col">Effective</th>
            <th scope="col">Summary</th>
          </tr>
        </thead>
        <tbody>
          {versions.map((v) => (
            <tr key={v.id}>
              <td>{v.version}</td>
              <td>{formatDay(v.publishedAt)}</td>
              <td>{formatDay(v.effectiveAt)}</td>
              <td>{v.summary}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function RequestsTab() {
  const [data, setData] = useState<{ open: PrivacyRequest[]; closed: PrivacyRequest[] } | null>(null);
  const [form, setForm] = useState({ requesterEmail: '', kind: 'access', details: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const load = useCallback(
    () =>
      api<{ open: PrivacyRequest[]; closed: PrivacyRequest[] }>('GET', '/api/operator/privacy-requests').then(setData),
    [],
  );
  useEffect(() => {
    void load();
  }, [load]);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setFormError(null);
    try {
      await api('POST', '/api/operator/privacy-requests', form);
      setForm({ requesterEmail: '', kind: 'access', details: '' });
      await load();
    } catch (err) {
      if (err instanceof ApiError) setErrors(err.fields);
      setFormError(err instanceof Error ? err.message : 'Could not log the request');
    } finally {
      setBusy(false);
    }
  }
  async function close(id: string) {
    const action = window.prompt('What was done? (e.g. “Sent the export on …”)');
    if (!action) return;
    try {
      await api('POST', `/api/operator/privacy-requests/${id}/close`, { actionTaken: action });
      await load();
    } catch (err) {
      setFormError(err instanceof Error ? err.message : 'Could not close');
    }
  }
  return (
    <>
      <form className="card inline-form" onSubmit={submit} aria-label="Log a privacy request" noValidate>
        <Field
          label="Requester e-mail"
          type="email"
          value={form.requesterEmail}
          onChange={(e) => setForm({ ...form, requesterEmail: e.target.value })}
          error={errors.requesterEmail}
        />
        <SelectField label="Kind" value={form.kind} onChange={(e) => setForm({ ...form, kind: e.target.value })}>
          {['access', 'correction', 'deletion', 'portability', 'objection', 'withdrawal', 'other'].map((k) => (
            <option key={k}>{k}</option>
          ))}
        </SelectField>
        <Field label="Details" value={form.details} onChange={(e) => setForm({ ...form, details: e.target.value })} />
        <SubmitButton busy={busy}>Log request</SubmitButton>
      </form>
      <FormError message={formError} />
      {data && (
        <table className="table">
          <caption>Open requests (answer within 30 days)</caption>
          <thead>
            <tr>
              <th scope="col">Received</th>
              <th scope="col">Due</th>
              <th scope="col">From</th>
              <th scope="col">Kind</th>
              <th scope="col">Details</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {data.open.length === 0 && (
              <tr>
                <td colSpan={6}>Nothing open.</td>
              </tr>
            )}
            {data.open.map((r) => (
              <tr key={r.id} className={new Date(r.dueAt) < new Date() ? 'overdue' : undefined}>
                <td>{formatDay(r.receivedAt)}</td>
                <td>{formatDay(r.dueAt)}</td>
                <td>{r.requesterEmail}</td>
                <td>{r.kind}</td>
                <td>{r.details}</td>
                <td>
                  <button className="btn btn--small" onClick={() => close(r.id)}>
                    Close…
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

const tabs = { usage: 'Usage', policy: 'Privacy policy', requests: 'Privacy requests' } as const;

export function OperatorPage() {
  const { me } = useSession();
  const [tab, setTab] = useState<keyof typeof tabs>('usage');
  if (!me?.operator) return <FormError message="Only the operators of this installation can open this page." />;
  return (
    <>
      <h1>Operator</h1>
      <div className="tabs" role="tablist" aria-label="Operator sections">
        {(Object.keys(tabs) as (keyof typeof tabs)[]).map((k) => (
          <button
            key={k}
            role="tab"
            aria-selected={tab === k}
            aria-controls={`panel-${k}`}
            id={`tab-${k}`}
            onClick={() => setTab(k)}
          >
            {tabs[k]}
          </button>
        ))}
      </div>
      <section role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'usage' && <UsageTab />}
        {tab === 'policy' && <PolicyTab />}
        {tab === 'requests' && <RequestsTab />}
      </section>
    </>
  );
}
