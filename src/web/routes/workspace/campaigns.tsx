import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { api, ApiError } from '../../api';
import { EmptyState } from '../../components/empty-state';
import { Field, FormError, Notice, SelectField, SubmitButton } from '../../components/form';
import type { Campaign } from '../../features/leads/types';
import { canAdmin, useTeam } from '../../team';

const blank = { name: '', description: '', dialMode: 'preview', recordingEnabled: true, recordingDisclosure: 'This call may be recorded for quality and training.', script: '', amd: false };

function CampaignForm({ onCreated }: { onCreated: () => void }) {
  const team = useTeam();
  const [form, setForm] = useState(blank);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof blank) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>) => {
    const value = e.target instanceof HTMLInputElement && e.target.type === 'checkbox' ? e.target.checked : e.target.value;
    setForm({ ...form, [k]: value });
    setErrors({ ...errors, [k]: '' });
  };
  async function submit(e: FormEvent) {
    e.preventDefault();
    const local: Record<string, string> = {};
    if (form.name.trim().length < 2) local.name = 'Name needs at least 2 characters';
    if (form.recordingEnabled && !form.recordingDisclosure.trim()) local.recordingDisclosure = 'Recorded campaigns need a disclosure';
    setErrors(local);
    if (Object.keys(local).length) return;
    setBusy(true);
    setFormError(null);
    try {
      await api('POST', `/api/teams/${team.id}/campaigns`, form);
      setForm(blank);
      onCreated();
    } catch (err) {
      if (err instanceof ApiError) setErrors(err.fields);
      setFormError(err instanceof Error ? err.message : 'Could not create the campaign');
    } finally {
      setBusy(false);
    }
  }
  return (
    <form className="card" onSubmit={submit} aria-label="New campaign" noValidate>
      <h2>New campaign</h2>
      <FormError message={formError} />
      <div className="grid-2">
        <Field label="Name" value={form.name} onChange={set('name')} error={errors.name || undefined} />
        <SelectField label="Dial mode" value={form.dialMode} onChange={set('dialMode')}>
          <option value="preview">Preview — the agent sees the lead, then dials or skips</option>
          <option value="power">Power — the agent presses Dial, one call at a time</option>
          <option value="progressive">Progressive — the next lead dials itself after wrap-up</option>
        </SelectField>
      </div>
      <Field label="Description (optional)" value={form.description} onChange={set('description')} error={errors.description || undefined} />
      <div className="field">
        <label htmlFor="script">Script (merge fields like {'{{first_name}}'})</label>
        <textarea id="script" rows={3} value={form.script} onChange={set('script')} placeholder="Hi {{first_name}}, this is {{agent_name}} from …"  aria-invalid={errors.script ? true : undefined} aria-describedby={errors.script ? 'script-error' : undefined} />
        {errors.script && (
          <p className="field__error" id="script-error">
            {errors.script}
          </p>
        )}
      </div>
      <div className="check">
        <input id="recording" type="checkbox" checked={form.recordingEnabled} onChange={set('recordingEnabled')} />
        <label htmlFor="recording">Record calls (kept 30 days)</label>
      </div>
      {form.recordingEnabled && <Field label="Recording disclosure shown to the agent at connect" value={form.recordingDisclosure} onChange={set('recordingDisclosure')} error={errors.recordingDisclosure || undefined} />}
      <div className="check">
        <input id="amd" type="checkbox" checked={form.amd} onChange={set('amd')} />
        <label htmlFor="amd">Answering-machine detection (machines get Voicemail without reaching the agent; it misjudges some people)</label>
      </div>
      <SubmitButton busy={busy}>Create campaign</SubmitButton>
    </form>
  );
}

export function CampaignsPage() {
  const team = useTeam();
  const [campaigns, setCampaigns] = useState<Campaign[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [showArchived, setShowArchived] = useState(false);
  const load = useCallback(async () => {
    try {
      setCampaigns((await api<{ campaigns: Campaign[] }>('GET', `/api/teams/${team.id}/campaigns${showArchived ? '?archived=1' : ''}`)).campaigns);
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Could not load campaigns');
    }
  }, [team.id, showArchived]);
  useEffect(() => {
    void load();
  }, [load]);
  async function archive(c: Campaign, restore: boolean) {
    try {
      await api('POST', `/api/teams/${team.id}/campaigns/${c.id}/${restore ? 'restore' : 'archive'}`);
      setNotice(`${c.name} ${restore ? 'restored' : 'archived'}.`);
      await load();
    } catch (e) {
      setError(e instanceof Error ? e.message : 'That did not work');
    }
  }
  return (
    <>
      <h1>Campaigns</h1>
      <FormError message={error} />
      {notice && <Notice>{notice}</Notice>}
      {campaigns && campaigns.length === 0 && (
        <EmptyState title="No campaigns yet">
          <p>A campaign holds a lead list, its dial mode, calling window, script and dispositions. {canAdmin(team) ? 'Create one below, then import a CSV of leads into it.' : 'Ask an admin to create one and assign you.'}</p>
        </EmptyState>
      )}
      {campaigns && campaigns.length > 0 && (
        <table className="table">
          <caption className="sr-only">Campaigns</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Mode</th>
              <th scope="col">Recording</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {campaigns.map((c) => (
              <tr key={c.id}>
                <td>
                  <Link to={`/app/campaigns/${c.id}`}>
                    <strong>{c.name}</strong>
                  </Link>
                  {c.archivedAt && <span className="badge">archived</span>}
                  {c.description && <div className="muted small">{c.description}</div>}
                </td>
                <td>{c.dialMode}</td>
                <td>{c.recordingEnabled ? 'on' : 'off'}</td>
                <td className="actions">
                  <Link className="btn btn--small" to={`/app/leads?campaign=${c.id}`}>
                    Leads
                  </Link>
                  {canAdmin(team) && !c.archivedAt && (
                    <Link className="btn btn--small btn--primary" to={`/app/campaigns/${c.id}/import`}>
                      Import CSV
                    </Link>
                  )}
                  {canAdmin(team) && (
                    <button className="btn btn--small" onClick={() => archive(c, !!c.archivedAt)}>
                      {c.archivedAt ? 'Restore' : 'Archive'}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <label className="small">
        <input type="checkbox" checked={showArchived} onChange={(e) => setShowArchived(e.target.checked)} /> Show archived campaigns
      </label>
      {canAdmin(team) && <CampaignForm onCreated={() => (setNotice('Campaign created. Import leads into it next.'), void load())} />}
    </>
  );
}
