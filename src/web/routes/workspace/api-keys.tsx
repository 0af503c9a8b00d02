import { useCallback, useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import {
  createApiKeySchema,
  type ApiKeyAccess,
  type ApiKeyView,
  type CreatedApiKey,
} from '../../../core/api/api-keys.types';
import { api, ApiError } from '../../api';
import { EmptyState } from '../../components/empty-state';
import { Field, FormError, Notice, SelectField, SubmitButton } from '../../components/form';
import { useTeam } from '../../team';
import { useLoad } from '../../use-load';

const accessLabel: Record<ApiKeyAccess, string> = { read: 'Read only', read_write: 'Read and write' };

/** Settings → API keys: keys for /api/v1, shown once when made, revocable at once. Owners and admins. */
export function ApiKeysPage() {
  const team = useTeam();
  const base = `/api/teams/${team.id}/api-keys`;
  const [keys, setKeys] = useState<ApiKeyView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [access, setAccess] = useState<ApiKeyAccess>('read');
  const [fields, setFields] = useState<{ name?: string; access?: string }>({});
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const secretRef = useRef<HTMLInputElement>(null);

  const load = useCallback(async () => {
    try {
      setKeys((await api<{ keys: ApiKeyView[] }>('GET', base)).keys);
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Could not load API keys');
    }
  }, [base]);
  useLoad(load);

  async function create(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setNotice(null);
    const parsed = createApiKeySchema.safeParse({ name, access });
    if (!parsed.success) {
      const next: typeof fields = {};
      for (const issue of parsed.error.issues) next[issue.path[0] as 'name' | 'access'] ??= issue.message;
      return setFields(next);
    }
    setBusy(true);
    try {
      const made = await api<CreatedApiKey>('POST', base, parsed.data);
      setCreated(made);
      setName('');
      await load();
      // The secret is shown once: put the focus on it so it can be copied straight away.
      requestAnimationFrame(() => secretRef.current?.select());
    } catch (err) {
      if (err instanceof ApiError && Object.keys(err.fields).length) setFields(err.fields);
      else setError(err instanceof Error ? err.message : 'Could not create the key');
    } finally {
      setBusy(false);
    }
  }

  async function revoke(k: ApiKeyView) {
    if (!window.confirm(`Revoke “${k.name}”? Requests made with it are refused from now on.`)) return;
    setError(null);
    setNotice(null);
    try {
      await api('POST', `${base}/${k.id}/revoke`, {});
      setNotice(`“${k.name}” is revoked.`);
      if (created?.key.id === k.id) setCreated(null);
      await load();
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Could not revoke the key');
    }
  }

  return (
    <>
      <h1>API keys</h1>
      <p className="muted">
        Other systems (a CRM, a lead vendor, your own scripts) use these keys to call the DialerSeat API at{' '}
        <code>/api/v1</code>, sending <code>Authorization: Bearer &lt;key&gt;</code>. A key acts for this team with your
        membership: it stops working if you leave the team or stop being an admin. See the{' '}
        <Link to="/developers/api">API reference</Link>.
      </p>
      <FormError message={error} />
      {notice && <Notice>{notice}</Notice>}
      {created && (
        <section className="card" aria-labelledby="new-key-title">
          <h2 id="new-key-title">Copy your new key now</h2>
          <p>
            This is the only time “{created.key.name}” is shown in full; we keep only a fingerprint of it. If it is
            lost, revoke it and create another.
          </p>
          <label htmlFor="new-key-secret">API key</label>
          <input id="new-key-secret" ref={secretRef} readOnly value={created.secret} className="secret-value" />
          <button className="btn btn--small" type="button" onClick={() => setCreated(null)}>
            I have copied it
          </button>
        </section>
      )}
      <form onSubmit={create} className="card inline-form" aria-label="Create an API key" noValidate>
        <Field
          label="Name"
          value={name}
          hint="Which system uses it, e.g. “Salesforce sync”"
          onChange={(e) => (setName(e.target.value), setFields((f) => ({ ...f, name: undefined })))}
          error={fields.name}
        />
        <SelectField
          label="Access"
          value={access}
          error={fields.access}
          onChange={(e) => setAccess(e.target.value as ApiKeyAccess)}
        >
          <option value="read">Read only — lists and downloads</option>
          <option value="read_write">Read and write — also adds, changes and deletes</option>
        </SelectField>
        <SubmitButton busy={busy}>Create key</SubmitButton>
      </form>
      {keys === null ? (
        <p aria-live="polite">Loading API keys…</p>
      ) : keys.length === 0 ? (
        <EmptyState title="No API keys yet">
          <p>Create one above to connect another system.</p>
        </EmptyState>
      ) : (
        <table className="table">
          <caption className="sr-only">API keys of {team.name}</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Key</th>
              <th scope="col">Access</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {keys.map((k) => (
              <tr key={k.id}>
                <td>{k.name}</td>
                <td>
                  <code>{k.prefix}…</code>
                </td>
                <td>{accessLabel[k.access]}</td>
                <td>
                  {new Date(k.createdAt).toLocaleDateString()}
                  {k.createdByName ? ` by ${k.createdByName}` : ''}
                </td>
                <td>{k.lastUsedAt ? new Date(k.lastUsedAt).toLocaleString() : 'Never'}</td>
                <td>
                  {k.revokedAt ? (
                    <span className="muted">Revoked {new Date(k.revokedAt).toLocaleDateString()}</span>
                  ) : (
                    <button className="btn btn--small btn--danger" onClick={() => revoke(k)}>
                      Revoke<span className="sr-only"> {k.name}</span>
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
