import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, ApiError, getCsrfToken } from '../../api';
import { Field, FormError, Notice, SubmitButton } from '../../components/form';
import { useTeam } from '../../team';

type DncEntry = { id: string; phone: string; reason: string; source: string; addedAt: string; addedBy?: string | null };

export function DncPage() {
  const team = useTeam();
  const [rows, setRows] = useState<DncEntry[] | null>(null);
  const [q, setQ] = useState('');
  const [phone, setPhone] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const base = `/api/teams/${team.id}/dnc`;
  const load = useCallback(async () => {
    try {
      setRows((await api<{ numbers: DncEntry[] }>('GET', `${base}?q=${encodeURIComponent(q)}`)).numbers);
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Could not load the list');
    }
  }, [base, q]);
  useEffect(() => {
    const t = setTimeout(() => void load(), 200);
    return () => clearTimeout(t);
  }, [load]);

  async function add(e: FormEvent) {
    e.preventDefault();
    if (!phone.trim()) return setErrors({ phone: 'Enter a phone number, in any format' });
    setBusy(true);
    try {
      await api('POST', base, { phone, reason });
      setNotice(`${phone} will not be called.`);
      setPhone('');
      setReason('');
      setErrors({});
      await load();
    } catch (err) {
      if (err instanceof ApiError) setErrors(err.fields);
      setError(err instanceof Error ? err.message : 'Could not add');
    } finally {
      setBusy(false);
    }
  }

  type ImportResult = {
    rows: number;
    added: number;
    alreadyListed: number;
    invalid: number;
    invalidRows: { row: number; value: string }[];
  };
  const [imported, setImported] = useState<ImportResult | null>(null);
  async function importCsv(file: File) {
    setError(null);
    setImported(null);
    setBusy(true);
    try {
      // The file streams up as the raw body, like a lead import.
      const res = await fetch(`${base}/imports`, {
        method: 'POST',
        headers: { 'content-type': 'text/csv', 'x-csrf-token': getCsrfToken() },
        body: file,
        credentials: 'same-origin',
      });
      const body = (await res.json().catch(() => null)) as (ImportResult & { error?: { message: string } }) | null;
      if (!res.ok || !body) throw new Error(body?.error?.message ?? `Import failed (${res.status})`);
      setImported(body);
      await load();
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Could not import the file');
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <h1>Do-not-call list</h1>
      <p className="muted">
        Numbers here are never dialed and are not imported as callable. A “Do not call” disposition adds the number
        automatically.
      </p>
      <FormError message={error} />
      {notice && <Notice>{notice}</Notice>}
      <form className="card inline-form" onSubmit={add} aria-label="Add a number" noValidate>
        <Field
          label="Phone (any format)"
          value={phone}
          onChange={(e) => (setPhone(e.target.value), setErrors({}))}
          error={errors.phone}
        />
        <Field label="Reason" value={reason} onChange={(e) => setReason(e.target.value)} error={errors.reason} />
        <SubmitButton busy={busy}>Add to the list</SubmitButton>
      </form>
      <div className="card">
        <h2>Import a list</h2>
        <p className="muted small">
          A CSV with one number per line, or a “Phone” column (and optionally a “Reason” column). Numbers already listed
          keep their first reason.
        </p>
        <label className="btn" htmlFor="dnc-file">
          Choose a CSV file
        </label>
        <input
          id="dnc-file"
          className="sr-only"
          type="file"
          accept=".csv,.txt,text/csv"
          disabled={busy}
          onChange={(e) => e.target.files?.[0] && void importCsv(e.target.files[0])}
        />
        {imported && (
          <div role="status">
            <p>
              {imported.rows.toLocaleString()} rows: {imported.added.toLocaleString()} added,{' '}
              {imported.alreadyListed.toLocaleString()} already listed, {imported.invalid.toLocaleString()} not a phone
              number.
            </p>
            {imported.invalidRows.length > 0 && (
              <ul className="small">
                {imported.invalidRows.map((r) => (
                  <li key={r.row}>
                    Row {r.row}: {r.value}
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
      </div>
      <label>
        Search <input type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="Number or reason" />
      </label>
      {rows && (
        <table className="table">
          <caption className="sr-only">Do-not-call numbers</caption>
          <thead>
            <tr>
              <th scope="col">Phone</th>
              <th scope="col">Reason</th>
              <th scope="col">Source</th>
              <th scope="col">Added</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 && (
              <tr>
                <td colSpan={5}>No numbers.</td>
              </tr>
            )}
            {rows.map((r) => (
              <tr key={r.id}>
                <td>{r.phone}</td>
                <td>{r.reason}</td>
                <td>{r.source}</td>
                <td>
                  {new Date(r.addedAt).toLocaleString()} {r.addedBy ? `by ${r.addedBy}` : ''}
                </td>
                <td>
                  <button
                    className="btn btn--small"
                    onClick={() => api('DELETE', `${base}/${r.id}`).then(load, (e: Error) => setError(e.message))}
                  >
                    Remove
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
