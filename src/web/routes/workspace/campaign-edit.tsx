import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { api, ApiError, type Member } from '../../api';
import { Field, FormError, Notice, SelectField, SubmitButton } from '../../components/form';
import { canAdmin, useTeam } from '../../team';
import { scriptFields, type CallbackRouting } from '../../../core/campaigns/campaign';
import {
  CALLBACK_NUMBER_FIELD,
  DEFAULT_SAFE_HARBOR_TEMPLATE,
  MAX_SAFE_HARBOR_TEMPLATE_CHARS,
  renderSafeHarbor,
  safeHarborTemplateProblem,
  SELLER_FIELD,
} from '../../../core/compliance/safe-harbor-template';
import type { CampaignPacingSettings } from '../../../core/api/campaigns.types';
import { LeadDripPanel } from '../../features/leads/lead-drip-panel';
import { DropLibraryPanel } from '../../features/voicemail/drop-library-panel';

type Disposition = { key: string; label: string; final: boolean; retry: boolean };
type CallingWindow = { rule: 'legal' } | { rule: 'custom'; start: string; end: string; days: number[] };
type CampaignDetail = {
  id: string;
  name: string;
  description: string;
  dialMode: string;
  amd?: boolean;
  callingWindow: CallingWindow;
  retryRules: { maxAttempts: number; minGapMinutes: { busy: number; no_answer: number; voicemail: number } };
  dispositions: Disposition[];
  script: string;
  recordingEnabled: boolean;
  recordingDisclosure: string;
  archivedAt: string | null;
  agents: { memberId: string; name: string; email: string; role: string }[];
} & CampaignPacingSettings;

type Form = Omit<
  CampaignDetail,
  'id' | 'archivedAt' | 'agents' | 'callingWindow' | 'maxLinesPerAgent' | 'targetAbandonBp'
> & {
  window: { rule: 'legal' | 'custom'; start: string; end: string; days: number[] };
  agentMemberIds: string[];
  // As typed, so a half-typed number can be shown with its error rather than lost.
  maxLinesPerAgent: string;
  targetAbandonPercent: string;
};

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const GAPS: [keyof Form['retryRules']['minGapMinutes'], string][] = [
  ['busy', 'Busy'],
  ['no_answer', 'No answer'],
  ['voicemail', 'Voicemail'],
];

function toForm(c: CampaignDetail): Form {
  const w =
    c.callingWindow.rule === 'custom'
      ? c.callingWindow
      : { rule: 'legal' as const, start: '09:00', end: '20:00', days: [1, 2, 3, 4, 5] };
  return {
    name: c.name,
    description: c.description,
    dialMode: c.dialMode,
    amd: c.amd ?? false,
    retryRules: c.retryRules,
    dispositions: c.dispositions,
    script: c.script,
    recordingEnabled: c.recordingEnabled,
    recordingDisclosure: c.recordingDisclosure,
    window: { rule: c.callingWindow.rule, start: w.start, end: w.end, days: w.days },
    agentMemberIds: c.agents.map((a) => a.memberId),
    maxLinesPerAgent: String(c.maxLinesPerAgent),
    targetAbandonPercent: String(c.targetAbandonBp / 100),
    safeHarborSeller: c.safeHarborSeller,
    safeHarborCallbackNumber: c.safeHarborCallbackNumber,
    // The default wording is shown so the admin edits words, not a blank box.
    safeHarborTemplate: c.safeHarborTemplate || DEFAULT_SAFE_HARBOR_TEMPLATE,
    callbackRouting: c.callbackRouting ?? 'last_agent_first',
  };
}

/** The target as basis points, or null when it is not a percentage with at most two decimals. */
function targetBp(percent: string): number | null {
  if (!/^\d+(\.\d{1,2})?$/.test(percent.trim())) return null;
  return Math.round(Number(percent) * 100);
}

const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));

/** The checks the server makes too, run as the user types so each error sits by its field. */
function check(f: Form): Record<string, string> {
  const e: Record<string, string> = {};
  if (f.name.trim().length < 2) e.name = 'Name needs at least 2 characters';
  if (f.window.rule === 'custom') {
    if (!/^\d\d:\d\d$/.test(f.window.start)) e['callingWindow.start'] = 'Use a time such as 09:00';
    else if (minutes(f.window.start) < 8 * 60)
      e['callingWindow.start'] = 'Calls may not start before 08:00 local time (TCPA)';
    if (!/^\d\d:\d\d$/.test(f.window.end)) e['callingWindow.end'] = 'Use a time such as 20:00';
    else if (minutes(f.window.end) > 21 * 60) e['callingWindow.end'] = 'Calls may not go past 21:00 local time (TCPA)';
    else if (!e['callingWindow.start'] && minutes(f.window.end) <= minutes(f.window.start))
      e['callingWindow.end'] = 'The window must end after it starts';
    if (f.window.days.length === 0) e['callingWindow.days'] = 'Pick at least one day';
  }
  if (!(f.retryRules.maxAttempts >= 1 && f.retryRules.maxAttempts <= 50))
    e['retryRules.maxAttempts'] = 'Between 1 and 50';
  const keys = new Set<string>();
  f.dispositions.forEach((d, i) => {
    if (!/^[a-z][a-z0-9_]{0,39}$/.test(d.key)) e[`dispositions.${i}.key`] = 'Lower-case letters, digits and _';
    else if (keys.has(d.key)) e[`dispositions.${i}.key`] = `The key "${d.key}" is used twice`;
    keys.add(d.key);
    if (!d.label.trim()) e[`dispositions.${i}.label`] = 'Give it a label';
  });
  if (f.dispositions.length === 0) e.dispositions = 'Keep at least one disposition';
  const unknown = [...f.script.matchAll(/\{\{\s*([^{}]*?)\s*\}\}/g)]
    .map((m) => m[1] ?? '')
    .filter((n) => !(scriptFields as readonly string[]).includes(n) && !/^custom\.[a-z0-9][a-z0-9_]*$/.test(n));
  if (unknown.length) e.script = `Unknown merge field: ${unknown.map((u) => `{{${u}}}`).join(', ')}`;
  if (f.recordingEnabled && !f.recordingDisclosure.trim())
    e.recordingDisclosure = 'Recorded campaigns need a disclosure';
  if (!/^[1-5]$/.test(f.maxLinesPerAgent.trim())) e.maxLinesPerAgent = 'Between 1 and 5 lines per agent';
  const bp = targetBp(f.targetAbandonPercent);
  if (bp === null) e.targetAbandonBp = 'A percentage such as 2.5';
  else if (bp > 300) e.targetAbandonBp = 'The law allows at most 3 % abandoned calls: aim at 3 % or less';
  else if (bp < 1) e.targetAbandonBp = 'Aim for at least 0.01 %';
  if (f.dialMode === 'predictive') {
    if (!f.safeHarborSeller.trim())
      e.safeHarborSeller = 'Name the seller: people who answer when no agent is free hear it';
    const digits = f.safeHarborCallbackNumber.replace(/\D/g, '').length;
    if (!f.safeHarborCallbackNumber.trim()) e.safeHarborCallbackNumber = 'Give a number people can call back';
    else if (digits < 10 || digits > 15)
      e.safeHarborCallbackNumber = 'Give a phone number people can dial, such as (415) 555-0134';
  }
  const template = safeHarborTemplateProblem(f.safeHarborTemplate);
  if (template) e.safeHarborTemplate = template;
  return e;
}

function toBody(f: Form) {
  return {
    name: f.name,
    description: f.description,
    dialMode: f.dialMode,
    amd: f.amd,
    callingWindow:
      f.window.rule === 'legal'
        ? { rule: 'legal' }
        : { rule: 'custom', start: f.window.start, end: f.window.end, days: [...f.window.days].sort() },
    retryRules: f.retryRules,
    dispositions: f.dispositions,
    script: f.script,
    recordingEnabled: f.recordingEnabled,
    recordingDisclosure: f.recordingDisclosure,
    agentMemberIds: f.agentMemberIds,
    maxLinesPerAgent: Number(f.maxLinesPerAgent),
    targetAbandonBp: targetBp(f.targetAbandonPercent),
    safeHarborSeller: f.safeHarborSeller,
    safeHarborCallbackNumber: f.safeHarborCallbackNumber,
    // Unchanged default wording is sent as "use the default", so it follows any later rewording of ours.
    safeHarborTemplate: f.safeHarborTemplate.trim() === DEFAULT_SAFE_HARBOR_TEMPLATE ? '' : f.safeHarborTemplate,
    callbackRouting: f.callbackRouting,
  };
}

/** A campaign's settings: admins edit them all (with errors beside each field) and archive; agents read them. */
export function CampaignEditPage() {
  const team = useTeam();
  const { campaignId = '' } = useParams();
  const [campaign, setCampaign] = useState<CampaignDetail | null>(null);
  const [members, setMembers] = useState<Member[]>([]);
  const [form, setForm] = useState<Form | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [touched, setTouched] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const url = `/api/teams/${team.id}/campaigns/${campaignId}`;
  const admin = canAdmin(team);

  const show = useCallback((c: CampaignDetail) => {
    setCampaign(c);
    setForm(toForm(c));
  }, []);
  useEffect(() => {
    api<CampaignDetail>('GET', url).then(show, (e: Error) => setError(e.message));
    if (admin)
      api<{ members: Member[] }>('GET', `/api/teams/${team.id}/members`).then(
        (r) => setMembers(r.members),
        () => {},
      );
  }, [url, show, admin, team.id]);

  if (error && !campaign) return <FormError message={error} />;
  if (!campaign || !form) return <p aria-live="polite">Loading the campaign…</p>;

  const update = (next: Form) => {
    setForm(next);
    setNotice(null);
    if (touched) setErrors(check(next));
  };
  const err = (k: string) => errors[k] || undefined;

  async function save(e: FormEvent) {
    e.preventDefault();
    setTouched(true);
    const local = check(form!);
    setErrors(local);
    if (Object.keys(local).length) return;
    setBusy(true);
    setError(null);
    try {
      show(await api<CampaignDetail>('PUT', url, toBody(form!)));
      setNotice('Campaign saved.');
    } catch (err) {
      if (err instanceof ApiError) setErrors(err.fields);
      setError(err instanceof Error ? err.message : 'Could not save');
    } finally {
      setBusy(false);
    }
  }

  async function archive(restore: boolean) {
    try {
      await api('POST', `${url}/${restore ? 'restore' : 'archive'}`);
      show(await api<CampaignDetail>('GET', url));
      setNotice(
        restore
          ? 'Campaign restored.'
          : 'Campaign archived: agents no longer see it and it is not dialled. Its leads and history are kept.',
      );
    } catch (e) {
      setError(e instanceof Error ? e.message : 'That did not work');
    }
  }

  if (!admin)
    return (
      <>
        <h1>{campaign.name}</h1>
        <p className="muted">{campaign.description}</p>
        <dl className="facts">
          <dt>Dial mode</dt>
          <dd>{campaign.dialMode}</dd>
          <dt>Calling window</dt>
          <dd>
            {campaign.callingWindow.rule === 'legal'
              ? 'Federal and state rules, callee-local time'
              : `${campaign.callingWindow.start}–${campaign.callingWindow.end}, ${campaign.callingWindow.days.map((d) => DAYS[d - 1]).join(' ')} (and never outside the legal hours)`}
          </dd>
          <dt>Recording</dt>
          <dd>{campaign.recordingEnabled ? `on — “${campaign.recordingDisclosure}”` : 'off'}</dd>
          {campaign.dialMode === 'predictive' && (
            <>
              <dt>Pacing</dt>
              <dd>
                Up to {campaign.maxLinesPerAgent} lines per agent, aiming at {campaign.targetAbandonBp / 100} %
                abandoned calls
              </dd>
            </>
          )}
        </dl>
        <h2>Script</h2>
        <pre className="dialer__script">{campaign.script || '—'}</pre>
      </>
    );

  const win = form.window;
  return (
    <>
      <p className="small">
        <Link to="/app/campaigns">← Campaigns</Link> · <Link to={`/app/leads?campaign=${campaign.id}`}>Leads</Link>
        {!campaign.archivedAt && (
          <>
            {' '}
            · <Link to={`/app/campaigns/${campaign.id}/import`}>Import CSV</Link>
          </>
        )}
      </p>
      <h1>
        {campaign.name} {campaign.archivedAt && <span className="badge">archived</span>}
      </h1>
      <FormError message={error} />
      {notice && <Notice>{notice}</Notice>}
      <form className="campaign-form" onSubmit={save} aria-label="Campaign settings" noValidate>
        <section className="card">
          <h2>Basics</h2>
          <div className="grid-2">
            <Field
              label="Name"
              value={form.name}
              onChange={(e) => update({ ...form, name: e.target.value })}
              error={err('name')}
            />
            <SelectField
              label="Dial mode"
              value={form.dialMode}
              onChange={(e) => update({ ...form, dialMode: e.target.value })}
              error={err('dialMode')}
            >
              <option value="preview">Preview — the agent sees the lead, then dials or skips</option>
              <option value="power">Power — the agent presses Dial, one call at a time</option>
              <option value="progressive">Progressive — the next lead dials itself after wrap-up</option>
              <option value="predictive">
                Predictive — runs as progressive until pacing ahead of free agents ships
              </option>
            </SelectField>
          </div>
          <Field
            label="Description (optional)"
            value={form.description}
            onChange={(e) => update({ ...form, description: e.target.value })}
            error={err('description')}
          />
          <div className="check">
            <input
              id="amd"
              type="checkbox"
              checked={form.amd ?? false}
              onChange={(e) => update({ ...form, amd: e.target.checked })}
            />
            <label htmlFor="amd">Answering-machine detection (it misjudges some people as machines)</label>
          </div>
          {form.dialMode === 'predictive' && (
            <fieldset className="fieldset">
              <legend>Predictive pacing</legend>
              <div className="grid-2">
                <Field
                  label="Lines per agent at most"
                  type="number"
                  inputMode="numeric"
                  min={1}
                  max={5}
                  value={form.maxLinesPerAgent}
                  onChange={(e) => update({ ...form, maxLinesPerAgent: e.target.value })}
                  error={err('maxLinesPerAgent')}
                  hint="1–5. The abandon limit, not this cap, decides how far ahead it dials."
                />
                <Field
                  label="Target abandon rate (%)"
                  type="number"
                  inputMode="decimal"
                  min={0.01}
                  max={3}
                  step={0.1}
                  value={form.targetAbandonPercent}
                  onChange={(e) => update({ ...form, targetAbandonPercent: e.target.value })}
                  error={err('targetAbandonBp')}
                  hint="Of the calls a person answers, per 30-day period. The law allows 3 %; 2.5 % leaves a margin."
                />
                <Field
                  label="Seller named in the message"
                  value={form.safeHarborSeller}
                  onChange={(e) => update({ ...form, safeHarborSeller: e.target.value })}
                  error={err('safeHarborSeller')}
                />
                <Field
                  label="Call-back number in the message"
                  type="tel"
                  autoComplete="off"
                  value={form.safeHarborCallbackNumber}
                  onChange={(e) => update({ ...form, safeHarborCallbackNumber: e.target.value })}
                  error={err('safeHarborCallbackNumber')}
                />
              </div>
            </fieldset>
          )}
        </section>

        <section className="card">
          <h2>When no agent is free</h2>
          <div className={`field${err('safeHarborTemplate') ? ' field--invalid' : ''}`}>
            <label htmlFor="safe-harbor-template">Message a person hears when no agent is free</label>
            <textarea
              id="safe-harbor-template"
              rows={4}
              value={form.safeHarborTemplate}
              onChange={(e) => update({ ...form, safeHarborTemplate: e.target.value })}
              aria-invalid={err('safeHarborTemplate') ? true : undefined}
              aria-describedby="safe-harbor-template-hint safe-harbor-preview"
            />
            <p className="field__hint" id="safe-harbor-template-hint">
              Keep {SELLER_FIELD} and {CALLBACK_NUMBER_FIELD} in it: the law requires both. At most{' '}
              {MAX_SAFE_HARBOR_TEMPLATE_CHARS} characters ({form.safeHarborTemplate.trim().length} now) so it plays in
              full.{' '}
              <button
                type="button"
                className="btn btn--small"
                onClick={() => update({ ...form, safeHarborTemplate: DEFAULT_SAFE_HARBOR_TEMPLATE })}
              >
                Use our wording
              </button>
            </p>
            {err('safeHarborTemplate') && <p className="field__error">{err('safeHarborTemplate')}</p>}
          </div>
          <p className="muted small" id="safe-harbor-preview" aria-live="polite">
            They hear, within 2 seconds: “
            <span data-testid="safe-harbor-preview">
              {renderSafeHarbor(
                form.safeHarborTemplate,
                form.safeHarborSeller.trim() || team.name,
                form.safeHarborCallbackNumber.trim() || 'the number that rang them',
              )}
            </span>
            ”
          </p>
          <SelectField
            label="Calls back in go to"
            value={form.callbackRouting}
            onChange={(e) => update({ ...form, callbackRouting: e.target.value as CallbackRouting })}
            error={err('callbackRouting')}
          >
            <option value="last_agent_first">
              The agent who last called them, else any Ready agent of the campaign
            </option>
            <option value="any_ready_agent">Any Ready agent of the campaign</option>
            <option value="message_only">Straight to the message with the opt-out key</option>
          </SelectField>
        </section>

        <section className="card">
          <h2>Calling window</h2>
          <fieldset className="radio-group">
            <legend className="sr-only">Calling window</legend>
            <label>
              <input
                type="radio"
                name="window"
                checked={win.rule === 'legal'}
                onChange={() => update({ ...form, window: { ...win, rule: 'legal' } })}
              />{' '}
              Legal hours: federal 8:00–21:00 and each state’s stricter rules, in the callee’s local time
            </label>
            <label>
              <input
                type="radio"
                name="window"
                checked={win.rule === 'custom'}
                onChange={() => update({ ...form, window: { ...win, rule: 'custom' } })}
              />{' '}
              A stricter window of our own (the legal rules still apply on top)
            </label>
          </fieldset>
          {win.rule === 'custom' && (
            <>
              <div className="grid-2">
                <Field
                  label="From (callee’s local time)"
                  type="time"
                  value={win.start}
                  onChange={(e) => update({ ...form, window: { ...win, start: e.target.value } })}
                  error={err('callingWindow.start')}
                />
                <Field
                  label="Until"
                  type="time"
                  value={win.end}
                  onChange={(e) => update({ ...form, window: { ...win, end: e.target.value } })}
                  error={err('callingWindow.end')}
                />
              </div>
              <fieldset className={`days${err('callingWindow.days') ? ' field--invalid' : ''}`}>
                <legend>Days</legend>
                {DAYS.map((d, i) => (
                  <label key={d}>
                    <input
                      type="checkbox"
                      checked={win.days.includes(i + 1)}
                      onChange={(e) =>
                        update({
                          ...form,
                          window: {
                            ...win,
                            days: e.target.checked ? [...win.days, i + 1] : win.days.filter((x) => x !== i + 1),
                          },
                        })
                      }
                    />{' '}
                    {d}
                  </label>
                ))}
                {err('callingWindow.days') && <p className="field__error">{err('callingWindow.days')}</p>}
              </fieldset>
            </>
          )}
        </section>

        <section className="card">
          <h2>Retries</h2>
          <div className="grid-2">
            <Field
              label="Attempts per lead at most"
              type="number"
              min={1}
              max={50}
              value={form.retryRules.maxAttempts}
              onChange={(e) =>
                update({ ...form, retryRules: { ...form.retryRules, maxAttempts: Number(e.target.value) } })
              }
              error={err('retryRules.maxAttempts')}
            />
            {GAPS.map(([k, label]) => (
              <Field
                key={k}
                label={`Wait after “${label}” (minutes)`}
                type="number"
                min={0}
                value={form.retryRules.minGapMinutes[k]}
                onChange={(e) =>
                  update({
                    ...form,
                    retryRules: {
                      ...form.retryRules,
                      minGapMinutes: { ...form.retryRules.minGapMinutes, [k]: Number(e.target.value) },
                    },
                  })
                }
                error={err(`retryRules.minGapMinutes.${k}`)}
              />
            ))}
          </div>
        </section>

        <section className="card">
          <h2>Dispositions</h2>
          <p className="muted small">
            Final ends the lead; Retry calls it again under the retry rules; neither (like Callback) leaves it to the
            agent. The key “do_not_call” also adds the number to the do-not-call list.
          </p>
          {err('dispositions') && <p className="field__error">{err('dispositions')}</p>}
          <table className="table table--compact">
            <caption className="sr-only">Dispositions</caption>
            <thead>
              <tr>
                <th scope="col">Label</th>
                <th scope="col">Key</th>
                <th scope="col">After the call</th>
                <th scope="col">
                  <span className="sr-only">Remove</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {form.dispositions.map((d, i) => {
                const setD = (next: Partial<Disposition>) =>
                  update({ ...form, dispositions: form.dispositions.map((x, j) => (j === i ? { ...x, ...next } : x)) });
                return (
                  <tr key={i}>
                    <td>
                      <Field
                        label={`Label ${i + 1}`}
                        value={d.label}
                        onChange={(e) => setD({ label: e.target.value })}
                        error={err(`dispositions.${i}.label`)}
                      />
                    </td>
                    <td>
                      <Field
                        label={`Key ${i + 1}`}
                        value={d.key}
                        onChange={(e) => setD({ key: e.target.value })}
                        error={err(`dispositions.${i}.key`)}
                      />
                    </td>
                    <td>
                      <SelectField
                        label={`Outcome ${i + 1}`}
                        value={d.final ? 'final' : d.retry ? 'retry' : 'none'}
                        onChange={(e) => setD({ final: e.target.value === 'final', retry: e.target.value === 'retry' })}
                        error={err(`dispositions.${i}.retry`)}
                      >
                        <option value="final">Final</option>
                        <option value="retry">Retry</option>
                        <option value="none">Neither</option>
                      </SelectField>
                    </td>
                    <td>
                      <button
                        type="button"
                        className="btn btn--small"
                        aria-label={`Remove ${d.label || 'disposition'}`}
                        onClick={() => update({ ...form, dispositions: form.dispositions.filter((_, j) => j !== i) })}
                      >
                        Remove
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <button
            type="button"
            className="btn btn--small"
            onClick={() =>
              update({
                ...form,
                dispositions: [...form.dispositions, { key: '', label: '', final: false, retry: false }],
              })
            }
          >
            Add a disposition
          </button>
        </section>

        <section className="card">
          <h2>Script and recording</h2>
          <div className={`field${err('script') ? ' field--invalid' : ''}`}>
            <label htmlFor="script">Agent script</label>
            <textarea
              id="script"
              rows={6}
              value={form.script}
              onChange={(e) => update({ ...form, script: e.target.value })}
              aria-invalid={err('script') ? true : undefined}
              aria-describedby="script-hint"
            />
            <p className="field__hint" id="script-hint">
              Merge fields: {scriptFields.map((f) => `{{${f}}}`).join(' ')} and {'{{custom.<field>}}'}
            </p>
            {err('script') && <p className="field__error">{err('script')}</p>}
          </div>
          <div className="check">
            <input
              id="recording"
              type="checkbox"
              checked={form.recordingEnabled}
              onChange={(e) => update({ ...form, recordingEnabled: e.target.checked })}
            />
            <label htmlFor="recording">Record calls (kept 30 days)</label>
          </div>
          {form.recordingEnabled && (
            <Field
              label="Recording disclosure"
              value={form.recordingDisclosure}
              onChange={(e) => update({ ...form, recordingDisclosure: e.target.value })}
              error={err('recordingDisclosure')}
            />
          )}
        </section>

        <section className="card">
          <h2>Agents</h2>
          {err('agentMemberIds') && <p className="field__error">{err('agentMemberIds')}</p>}
          {members.length === 0 ? (
            <p className="muted">Invite agents under Settings → Members, then assign them here.</p>
          ) : (
            <ul className="pool__list">
              {members.map((m) => (
                <li key={m.id}>
                  <label>
                    <input
                      type="checkbox"
                      checked={form.agentMemberIds.includes(m.id)}
                      onChange={(e) =>
                        update({
                          ...form,
                          agentMemberIds: e.target.checked
                            ? [...form.agentMemberIds, m.id]
                            : form.agentMemberIds.filter((x) => x !== m.id),
                        })
                      }
                    />{' '}
                    {m.name} <span className="muted small">({m.role})</span>
                  </label>
                </li>
              ))}
            </ul>
          )}
        </section>
        <div className="toolbar">
          <SubmitButton busy={busy}>Save campaign</SubmitButton>
          <button type="button" className="btn" onClick={() => void archive(!!campaign.archivedAt)}>
            {campaign.archivedAt ? 'Restore campaign' : 'Archive campaign'}
          </button>
        </div>
      </form>
      {admin && !campaign.archivedAt && <DropLibraryPanel teamId={team.id} campaignId={campaign.id} />}
      {admin && !campaign.archivedAt && <LeadDripPanel teamId={team.id} campaignId={campaign.id} />}
    </>
  );
}
