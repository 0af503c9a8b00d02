import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { api, ApiError } from '../../api';
import { Field, FormError, Notice, SelectField, SubmitButton } from '../../components/form';
import { useTeam } from '../../team';
import { LeadCalls } from '../../features/calls/lead-calls';

type Consent = {
  id: string;
  consentedAt: string | null;
  source: string | null;
  proofUrl: string | null;
  via: string;
  createdAt: string;
};

/** Consent evidence the lead arrived with (a lead form's date, page and certificate), newest first. */
function LeadConsents({ consents }: { consents: Consent[] }) {
  if (consents.length === 0) return null;
  return (
    <>
      <h2>Consent</h2>
      <table className="table">
        <caption className="sr-only">Consent records of this lead</caption>
        <thead>
          <tr>
            <th scope="col">Consented</th>
            <th scope="col">Source</th>
            <th scope="col">Proof</th>
            <th scope="col">Received</th>
          </tr>
        </thead>
        <tbody>
          {consents.map((c) => (
            <tr key={c.id}>
              <td>{c.consentedAt ? new Date(c.consentedAt).toLocaleString() : 'not given'}</td>
              <td className="small">{c.source ?? '—'}</td>
              <td className="small">
                {c.proofUrl && /^https:\/\//.test(c.proofUrl) ? (
                  <a href={c.proofUrl} target="_blank" rel="noreferrer noopener">
                    {c.proofUrl}
                  </a>
                ) : (
                  (c.proofUrl ?? '—')
                )}
              </td>
              <td>
                {new Date(c.createdAt).toLocaleString()} via {c.via === 'drip' ? 'the lead drip' : c.via}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

type LeadDetail = {
  id: string;
  campaignId: string;
  campaignName: string;
  phone: string;
  altPhones: string[];
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  address: string | null;
  city: string | null;
  state: string | null;
  zip: string | null;
  timezones: string[];
  status: string;
  lastDisposition: string | null;
  tags: string[];
  custom: Record<string, string>;
  notes: string | null;
  attempts: number;
  dnc: boolean;
  callbackAt: string | null;
  createdAt: string;
  updatedAt: string;
};
type AuditEntry = {
  field: string;
  oldValue: string | null;
  newValue: string | null;
  at: string;
  userName: string | null;
};

const statuses = ['new', 'retry', 'callback', 'done', 'exhausted', 'blocked'];
const fieldLabels: Record<string, string> = {
  phone: 'Phone',
  altPhones: 'Other numbers',
  firstName: 'First name',
  lastName: 'Last name',
  email: 'E-mail',
  address: 'Address',
  city: 'City',
  state: 'State',
  zip: 'ZIP',
  notes: 'Notes',
  status: 'Status',
  tags: 'Tags',
  custom: 'Custom fields',
  timezones: 'Time zones',
  dnc: 'Do not call',
};

type Form = {
  phone: string;
  altPhones: string;
  firstName: string;
  lastName: string;
  email: string;
  address: string;
  city: string;
  state: string;
  zip: string;
  notes: string;
  status: string;
  tags: string;
  custom: [string, string][];
};

const toForm = (l: LeadDetail): Form => ({
  phone: l.phone,
  altPhones: l.altPhones.join(', '),
  firstName: l.firstName ?? '',
  lastName: l.lastName ?? '',
  email: l.email ?? '',
  address: l.address ?? '',
  city: l.city ?? '',
  state: l.state ?? '',
  zip: l.zip ?? '',
  notes: l.notes ?? '',
  status: statuses.includes(l.status) ? l.status : 'new',
  tags: l.tags.join(', '),
  custom: Object.entries(l.custom),
});

const list = (v: string) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** What the form says now, as the PATCH body: only fields that differ from the lead. */
function changes(lead: LeadDetail, f: Form): Record<string, unknown> {
  const next: Record<string, unknown> = {
    phone: f.phone.trim(),
    altPhones: list(f.altPhones),
    firstName: f.firstName,
    lastName: f.lastName,
    email: f.email,
    address: f.address,
    city: f.city,
    state: f.state,
    zip: f.zip,
    notes: f.notes,
    status: f.status,
    tags: list(f.tags),
    custom: Object.fromEntries(f.custom.filter(([k]) => k.trim() !== '').map(([k, v]) => [k.trim(), v])),
  };
  const before = toForm(lead);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(next)) {
    const was =
      k === 'altPhones' || k === 'tags'
        ? list(before[k as 'tags'])
        : k === 'custom'
          ? lead.custom
          : before[k as keyof Form];
    if (JSON.stringify(was) !== JSON.stringify(v)) out[k] = v;
  }
  return out;
}

function localErrors(f: Form): Record<string, string> {
  const e: Record<string, string> = {};
  if (!f.phone.trim()) e.phone = 'A lead needs a phone number';
  if (f.email.trim() && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(f.email.trim())) e.email = 'Not a valid e-mail address';
  f.custom.forEach(([k], i) => {
    if (k.trim() && !/^[a-z0-9][a-z0-9_]{0,63}$/.test(k.trim())) e[`custom.${i}`] = 'Lower-case letters, digits and _';
  });
  return e;
}

/** One lead: every field editable with per-field errors, custom fields, tags and notes; every change is audited. */
export function LeadPage() {
  const team = useTeam();
  const { leadId = '' } = useParams();
  const [lead, setLead] = useState<LeadDetail | null>(null);
  const [audit, setAudit] = useState<AuditEntry[]>([]);
  const [consents, setConsents] = useState<Consent[]>([]);
  const [form, setForm] = useState<Form | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const url = `/api/teams/${team.id}/leads/${leadId}`;

  const show = useCallback((r: { lead: LeadDetail; audit: AuditEntry[]; consents?: Consent[] }) => {
    setLead(r.lead);
    setAudit(r.audit);
    if (r.consents) setConsents(r.consents);
    setForm(toForm(r.lead));
  }, []);
  useEffect(() => {
    api<{ lead: LeadDetail; audit: AuditEntry[]; consents?: Consent[] }>('GET', url).then(show, (e: Error) =>
      setError(e.message),
    );
  }, [url, show]);

  if (error && !lead) return <FormError message={error} />;
  if (!lead || !form) return <p aria-live="polite">Loading the lead…</p>;

  const set = (k: keyof Form) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>) => {
    setForm({ ...form, [k]: e.target.value });
    setErrors({ ...errors, [k]: '' });
    setNotice(null);
  };
  const err = (k: string) =>
    errors[k] || Object.entries(errors).find(([key]) => key.startsWith(`${k}.`))?.[1] || undefined;

  async function save(e: FormEvent) {
    e.preventDefault();
    const local = localErrors(form!);
    setErrors(local);
    if (Object.keys(local).length) return;
    const body = changes(lead!, form!);
    if (Object.keys(body).length === 0) return setNotice('Nothing changed.');
    setBusy(true);
    setError(null);
    try {
      show(await api<{ lead: LeadDetail; audit: AuditEntry[]; consents?: Consent[] }>('PATCH', url, body));
      setNotice('Saved.');
    } catch (err) {
      if (err instanceof ApiError) setErrors(err.fields);
      setError(err instanceof Error ? err.message : 'Could not save');
    } finally {
      setBusy(false);
    }
  }

  const name = [lead.firstName, lead.lastName].filter(Boolean).join(' ') || lead.phone;
  return (
    <>
      <p className="small">
        <Link to={`/app/leads?campaign=${lead.campaignId}`}>← Leads of {lead.campaignName}</Link>
      </p>
      <h1>
        {name} {lead.dnc && <span className="badge badge--canceled">do not call</span>}
      </h1>
      <dl className="facts">
        <dt>Campaign</dt>
        <dd>{lead.campaignName}</dd>
        <dt>Time zones</dt>
        <dd>
          {lead.timezones.length
            ? lead.timezones.join(', ')
            : 'unknown — this lead is not dialled until its number or address says where it is'}
        </dd>
        <dt>Attempts</dt>
        <dd>
          {lead.attempts}
          {lead.lastDisposition ? ` · last: ${lead.lastDisposition}` : ''}
          {lead.callbackAt ? ` · callback ${new Date(lead.callbackAt).toLocaleString()}` : ''}
        </dd>
        <dt>Created</dt>
        <dd>{new Date(lead.createdAt).toLocaleString()}</dd>
      </dl>
      <FormError message={error} />
      {notice && <Notice>{notice}</Notice>}
      <form className="card" onSubmit={save} aria-label="Edit lead" noValidate>
        <div className="grid-2">
          <Field label="Phone (any format)" value={form.phone} onChange={set('phone')} error={err('phone')} />
          <Field
            label="Other numbers (comma-separated)"
            value={form.altPhones}
            onChange={set('altPhones')}
            error={err('altPhones')}
          />
          <Field label="First name" value={form.firstName} onChange={set('firstName')} error={err('firstName')} />
          <Field label="Last name" value={form.lastName} onChange={set('lastName')} error={err('lastName')} />
          <Field label="E-mail" type="email" value={form.email} onChange={set('email')} error={err('email')} />
          <SelectField label="Status" value={form.status} onChange={set('status')} error={err('status')}>
            {statuses.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </SelectField>
          <Field label="Address" value={form.address} onChange={set('address')} error={err('address')} />
          <Field label="City" value={form.city} onChange={set('city')} error={err('city')} />
          <Field
            label="State"
            value={form.state}
            onChange={set('state')}
            error={err('state')}
            hint="Decides the state calling rules and narrows the time zone"
          />
          <Field label="ZIP" value={form.zip} onChange={set('zip')} error={err('zip')} />
        </div>
        <Field label="Tags (comma-separated)" value={form.tags} onChange={set('tags')} error={err('tags')} />
        <div className={`field${err('notes') ? ' field--invalid' : ''}`}>
          <label htmlFor="lead-notes">Notes</label>
          <textarea
            id="lead-notes"
            rows={4}
            value={form.notes}
            onChange={set('notes')}
            aria-invalid={err('notes') ? true : undefined}
          />
          {err('notes') && <p className="field__error">{err('notes')}</p>}
        </div>
        <fieldset className="custom-fields">
          <legend>Custom fields</legend>
          {form.custom.length === 0 && <p className="muted small">None. Imports keep every unmapped column here.</p>}
          {form.custom.map(([k, v], i) => (
            <div className="custom-fields__row" key={i}>
              <Field
                label="Name"
                value={k}
                onChange={(e) =>
                  setForm({ ...form, custom: form.custom.map((c, j) => (j === i ? [e.target.value, c[1]] : c)) })
                }
                error={errors[`custom.${i}`] || (i === 0 ? errors.custom : undefined) || undefined}
              />
              <Field
                label="Value"
                value={v}
                onChange={(e) =>
                  setForm({ ...form, custom: form.custom.map((c, j) => (j === i ? [c[0], e.target.value] : c)) })
                }
              />
              <button
                type="button"
                className="btn btn--small"
                onClick={() => setForm({ ...form, custom: form.custom.filter((_, j) => j !== i) })}
                aria-label={`Remove ${k || 'this field'}`}
              >
                Remove
              </button>
            </div>
          ))}
          <button
            type="button"
            className="btn btn--small"
            onClick={() => setForm({ ...form, custom: [...form.custom, ['', '']] })}
          >
            Add a custom field
          </button>
        </fieldset>
        <SubmitButton busy={busy}>Save changes</SubmitButton>
      </form>
      <LeadCalls teamId={team.id} leadId={lead.id} />
      <LeadConsents consents={consents} />
      <h2>History</h2>
      {audit.length === 0 ? (
        <p className="muted">No corrections yet. Every change made here is recorded with who made it and when.</p>
      ) : (
        <table className="table">
          <caption className="sr-only">Changes to this lead</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">Field</th>
              <th scope="col">Before</th>
              <th scope="col">After</th>
            </tr>
          </thead>
          <tbody>
            {audit.map((a, i) => (
              <tr key={i}>
                <td>{new Date(a.at).toLocaleString()}</td>
                <td>{a.userName ?? 'a former member'}</td>
                <td>{fieldLabels[a.field] ?? a.field}</td>
                <td className="small">{a.oldValue ?? '—'}</td>
                <td className="small">{a.newValue ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
