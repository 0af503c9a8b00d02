import { useCallback, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { api, ApiError, type Member } from '../../api';
import { defaultDispositions, defaultRetryRules } from '../../../core/campaigns/campaign';
import { EmptyState } from '../../components/empty-state';
import { Field, FormError, Notice, SelectField, SubmitButton } from '../../components/form';
import type { Campaign } from '../../features/leads/types';
import { useSession } from '../../session';
import { canAdmin, useTeam } from '../../team';
import { useLoad } from '../../use-load';

const blank = {
  name: '',
  description: '',
  dialMode: 'preview',
  recordingEnabled: true,
  recordingDisclosure: 'This call may be recorded for quality and training.',
  script: '',
  amd: false,
  customWindow: false,
  start: '09:00',
  end: '20:00',
  maxAttempts: String(defaultRetryRules.maxAttempts),
};
const WEEKDAYS = [1, 2, 3, 4, 5];

/** The create body: the form's fields as the API takes them (defaults where the form leaves them). */
function createBody(form: typeof blank, agentMemberIds: string[]) {
  const { customWindow, start, end, maxAttempts, ...rest } = form;
  return {
    ...rest,
    callingWindow: customWindow ? { rule: 'custom', start, end, days: WEEKDAYS } : { rule: 'legal' },
    retryRules: { ...defaultRetryRules, maxAttempts: Number(maxAttempts) },
    dispositions: defaultDispositions,
    agentMemberIds,
  };
}

function CampaignForm({ onCreated }: { onCreated: () => void }) {
  const team = useTeam();
  const { me } = useSession();
  const [form, setForm] = useState(blank);
  const [members, setMembers] = useState<Member[]>([]);
  const [agents, setAgents] = useState<Set<string>>(new Set());
  const loadMembers = useCallback(
    () =>
      api<{ members: Member[] }>('GET', `/api/teams/${team.id}/members`).then(
        (r) => setMembers(r.members),
        () => setMembers([]),
      ),
    [team.id],
  );
  useLoad(loadMembers);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set =
    (k: keyof typeof blank) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>) => {
      const value =
        e.target instanceof HTMLInputElement && e.target.type === 'checkbox' ? e.target.checked : e.target.value;
      setForm({ ...form, [k]: value });
      setErrors({ ...errors, [k]: '' });
    };
  async function submit(e: FormEvent) {
    e.preventDefault();
    const local: Record<string, string> = {};
    if (form.name.trim().length < 2) local.name = 'Name needs at least 2 characters';
    if (form.recordingEnabled && !form.recordingDisclosure.trim())
      local.recordingDisclosure = 'Recorded campaigns need a disclosure';
    setErrors(local);
    if (Object.keys(local).length) return;
    setBusy(true);
    setFormError(null);
    try {
      await api('POST', `/api/teams/${team.id}/campaigns`, createBody(form, [...agents]));
      setForm(blank);
      setAgents(new Set());
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
      <Field
        label="Description (optional)"
        value={form.description}
        onChange={set('description')}
        error={errors.description || undefined}
      />
      <div className="field">
        <label htmlFor="script">Script (merge fields like {'{{first_name}}'})</label>
        <textarea
          id="script"
          rows={3}
          value={form.script}
          onChange={set('script')}
          placeholder="Hi {{first_name}}, this is {{agent_name}} from …"
          aria-invalid={errors.script ? true : undefined}
          aria-describedby={errors.script ? 'script-error' : undefined}
        />
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
      {form.recordingEnabled && (
        <Field
          label="Recording disclosure shown to the agent at connect"
          value={form.recordingDisclosure}
          onChange={set('recordingDisclosure')}
          error={errors.recordingDisclosure || undefined}
        />
      )}
      <div className="check">
        <input id="amd" type="checkbox" checked={form.amd} onChange={set('amd')} />
        <label htmlFor="amd">
          Answering-machine detection (machines get Voicemail without reaching the agent; it misjudges some people)
        </label>
      </div>
      <fieldset className="fieldset">
        <legend>Calling hours (in each lead’s own time zone)</legend>
        <div className="check">
          <input id="custom-window" type="checkbox" checked={form.customWindow} onChange={set('customWindow')} />
          <label htmlFor="custom-window">Narrower than the legal 08:00–21:00 every day: weekdays only, from–to</label>
        </div>
        {form.customWindow && (
          <div className="grid-2">
            <Field
              label="Calls from"
              type="time"
              value={form.start}
              onChange={set('start')}
              error={errors['callingWindow.start'] || undefined}
            />
            <Field
              label="Calls until"
              type="time"
              value={form.end}
              onChange={set('end')}
              error={errors['callingWindow.end'] || undefined}
            />
          </div>
        )}
      </fieldset>
      <fieldset className="fieldset">
        <legend>Retries and dispositions</legend>
        <Field
          label="Attempts per lead at most"
          type="number"
          min={1}
          max={50}
          value={form.maxAttempts}
          onChange={set('maxAttempts')}
          error={errors['retryRules.maxAttempts'] || undefined}
        />
        <p className="muted small">
          Busy lines are tried again after {defaultRetryRules.minGapMinutes.busy} min, no answer after{' '}
          {defaultRetryRules.minGapMinutes.no_answer / 60} h, voicemail after{' '}
          {defaultRetryRules.minGapMinutes.voicemail / 60} h. Dispositions:{' '}
          {defaultDispositions.map((d) => d.label).join(', ')}. Both can be edited after creating.
        </p>
      </fieldset>
      <fieldset className="fieldset">
        <legend>Agents who call this campaign</legend>
        {members.length === 0 && <p className="muted small">Loading the team…</p>}
        {members.map((m) => (
          <div className="check" key={m.id}>
            <input
              id={`agent-${m.id}`}
              type="checkbox"
              checked={agents.has(m.id)}
              onChange={(e) => {
                const next = new Set(agents);
                if (e.target.checked) next.add(m.id);
                else next.delete(m.id);
                setAgents(next);
              }}
            />
            <label htmlFor={`agent-${m.id}`}>
              {m.userId === me?.user.id ? `Me (${m.name})` : m.name} <span className="muted small">· {m.role}</span>
            </label>
          </div>
        ))}
      </fieldset>
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
      setCampaigns(
        (
          await api<{ campaigns: Campaign[] }>(
            'GET',
            `/api/teams/${team.id}/campaigns${showArchived ? '?archived=1' : ''}`,
          )
        ).campaigns,
      );
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Could not load campaigns');
    }
  }, [team.id, showArchived]);
  useLoad(load);
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
          <p>
            A campaign holds a lead list, its dial mode, calling window, script and dispositions.{' '}
            {canAdmin(team)
              ? 'Create one below, then import a CSV of leads into it.'
              : 'Ask an admin to create one and assign you.'}
          </p>
        </EmptyState>
      )}
      {campaigns && campaigns.length > 0 && (
        <div className="table-scroll">
          <table className="table">
            <caption className="sr-only">Campaigns</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Mode</th>
                <th scope="col">Recording</th>
                <th scope="col" className="num">
                  Leads
                </th>
                <th scope="col" className="num">
                  Agents
                </th>
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
                  <td className="num">{c.leadCount?.toLocaleString('en-US') ?? '—'}</td>
                  <td className="num">{c.agentCount ?? '—'}</td>
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
        </div>
      )}
      <label className="small">
        <input type="checkbox" checked={showArchived} onChange={(e) => setShowArchived(e.target.checked)} /> Show
        archived campaigns
      </label>
      {canAdmin(team) && (
        <CampaignForm onCreated={() => (setNotice('Campaign created. Import leads into it next.'), void load())} />
      )}
    </>
  );
}
