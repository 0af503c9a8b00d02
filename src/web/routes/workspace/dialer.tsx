import { Fragment, useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { api, ApiError } from '../../api';
import { Field, FormError, Notice } from '../../components/form';
import { useTeam } from '../../team';
import {
  callPhase,
  formatDuration,
  isCallOver,
  stateLabels,
  type CallOnScreen,
  type DialerState,
  type DialResponse,
  type LeadOnScreen,
  type NextLeadResponse,
} from '../../features/dialer/types';

type CampaignSummary = { id: string; name: string; dialMode: string; archivedAt: string | null };

/** Keyboard shortcuts, shown on screen; ignored while typing in a field (Esc leaves the field). */
const KEYS: [string, string][] = [
  ['R', 'Go Ready'],
  ['N', 'Next lead'],
  ['D', 'Dial'],
  ['S', 'Skip lead'],
  ['H', 'Hang up'],
  ['K', 'Pause / resume recording'],
  ['X', 'Stop recording'],
  ['1–9', 'Choose disposition'],
  ['T', 'Type notes'],
  ['C', 'Confirm disclosure given'],
  ['Enter', 'Save disposition'],
  ['A', 'Not ready (pause)'],
  ['Q', 'Stop dialing (offline)'],
];

function typingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

function leadName(lead: LeadOnScreen): string {
  return [lead.firstName, lead.lastName].filter(Boolean).join(' ') || 'Unnamed lead';
}

/** The wall time `minutes` from now in `zone`, as a datetime-local value: a sensible default for a callback. */
function localInput(zone: string | null, from: Date): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: zone ?? undefined,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(from);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '00';
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}`;
}

export function DialerPage() {
  const team = useTeam();
  const base = `/api/teams/${team.id}/dialer`;
  const [data, setDataRaw] = useState<DialerState | null>(null);
  // The screen's timers run on the server's clock (the agent's computer may be off by minutes).
  const skew = useRef(0);
  const setData = useCallback((next: DialerState | null | ((d: DialerState | null) => DialerState | null)) => {
    setDataRaw((d) => {
      const value = typeof next === 'function' ? next(d) : next;
      if (value?.serverTime && value.serverTime !== d?.serverTime) skew.current = Date.parse(value.serverTime) - Date.now();
      return value;
    });
  }, []);
  const [campaigns, setCampaigns] = useState<CampaignSummary[]>([]);
  const [campaignId, setCampaignId] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [exhausted, setExhausted] = useState(false);
  const [now, setNow] = useState(() => Date.now() + skew.current);
  // The disposition form.
  const [disposition, setDisposition] = useState<string | null>(null);
  const [notes, setNotes] = useState('');
  const [callbackLocal, setCallbackLocal] = useState('');
  const [consent, setConsent] = useState(false);
  const [pauseAfter, setPauseAfter] = useState(false);
  const [recordingAction, setRecordingAction] = useState<'pause' | 'resume' | 'stop' | null>(null);
  // The phone we ring for the agent's own line (real carrier only), prefilled with the last one.
  const [linePhone, setLinePhone] = useState<string | null>(null);
  const notesRef = useRef<HTMLTextAreaElement>(null);
  const autoRef = useRef(false);

  const refresh = useCallback(async () => {
    try {
      setData(await api<DialerState>('GET', base));
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Could not load the dialer');
    }
  }, [base]);

  useEffect(() => {
    void refresh();
    api<{ campaigns: CampaignSummary[] }>('GET', `/api/teams/${team.id}/campaigns`)
      .then((r) => {
        setCampaigns(r.campaigns.filter((c) => c.archivedAt === null));
        setCampaignId((current) => current || r.campaigns[0]?.id || '');
      })
      .catch(() => setCampaigns([]));
  }, [refresh, team.id]);

  // A second hand for the timers.
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now() + skew.current), 1000);
    return () => clearInterval(t);
  }, []);

  const state = data?.state ?? 'offline';
  const present = state !== 'offline';

  // Presence: the heartbeat keeps this agent Ready; when the tab closes it stops and the server puts them Not ready.
  const heartbeatMs = data?.heartbeatIntervalMs ?? 15_000;
  useEffect(() => {
    if (!present) return;
    const t = setInterval(() => {
      api<{ state: string }>('POST', `${base}/heartbeat`, {})
        .then((r) => {
          if (r.state === 'offline') void refresh();
        })
        .catch(() => {});
    }, heartbeatMs);
    return () => clearInterval(t);
  }, [present, heartbeatMs, base, refresh]);

  // Live call state, pushed by the server (from whichever instance took the provider's webhook).
  const callId = data?.call?.id ?? null;
  useEffect(() => {
    const source = new EventSource(`/api/teams/${team.id}/events`);
    source.addEventListener('call', (ev) => {
      const call = JSON.parse((ev as MessageEvent<string>).data) as CallOnScreen;
      let ended = false;
      setData((d) => {
        if (!d?.call || d.call.id !== call.id) return d;
        ended = isCallOver(call.status);
        const phase = callPhase(call);
        return { ...d, call, state: phase === 'ended' ? 'wrap_up' : phase === 'connected' ? 'on_call' : 'dialing' };
      });
      // Once a call ends the server may have moved on already (an answering machine is dispositioned for us).
      if (ended) void refresh();
    });
    source.addEventListener('resync', () => void refresh());
    // The agent's own state changed on the server (their phone line answered or ended).
    source.addEventListener('agent', () => void refresh());
    return () => source.close();
  }, [team.id, refresh]);

  // A new call on screen starts a clean disposition form.
  useEffect(() => {
    setDisposition(null);
    setNotes('');
    setConsent(false);
    setRecordingAction(null);
    setFields({});
  }, [callId]);

  const act = useCallback(
    async <T,>(fn: () => Promise<T>): Promise<T | null> => {
      setBusy(true);
      setError(null);
      setFields({});
      setNotice(null);
      try {
        return await fn();
      } catch (e) {
        setError(e instanceof ApiError ? e.message : 'That did not work');
        if (e instanceof ApiError) setFields(e.fields);
        if (e instanceof ApiError && (e.status === 409 || e.status === 404)) void refresh();
        return null;
      } finally {
        setBusy(false);
      }
    },
    [refresh],
  );

  const dial = useCallback(async () => {
    const r = await act(() => api<DialResponse>('POST', `${base}/dial`, {}));
    if (!r) return;
    setData(r);
    if (!r.ok) setError(r.message);
  }, [act, base]);

  const next = useCallback(async () => {
    const r = await act(() => api<NextLeadResponse>('POST', `${base}/next`, {}));
    if (!r) return;
    setData(r);
    setExhausted(r.exhausted);
    if (r.denied.length > 0) setNotice(`${r.denied.length} lead${r.denied.length === 1 ? '' : 's'} outside calling hours were set aside until allowed.`);
    // Progressive: the lead dials itself. Predictive pacing (dialing ahead of free agents) is not built yet, so a
    // predictive campaign runs as progressive — the campaign form says so.
    if (r.lead && dialsItself(r) && r.state === 'ready' && lineUp(r)) await dial();
  }, [act, base, dial]);

  const goReady = useCallback(async () => {
    const id = data?.campaign?.id && state !== 'offline' ? data.campaign.id : campaignId;
    if (!id) return setError('Pick a campaign first');
    const body = data?.line.required ? { campaignId: id, linePhone: linePhone ?? data.line.phone ?? '' } : { campaignId: id };
    const r = await act(() => api<DialerState>('POST', `${base}/ready`, body));
    if (r) {
      setData(r);
      setExhausted(false);
    }
  }, [act, base, campaignId, data?.campaign?.id, data?.line, linePhone, state]);

  const pause = useCallback(
    async (to: 'paused' | 'offline') => {
      const r = await act(() => api<DialerState>('POST', `${base}/pause`, { to }));
      if (r) setData(r);
    },
    [act, base],
  );

  const skip = useCallback(async () => {
    const r = await act(() => api<DialerState>('POST', `${base}/skip`, {}));
    if (r) setData(r);
  }, [act, base]);

  const hangUp = useCallback(async () => {
    if (!data?.call) return;
    await act(() => api('POST', `/api/teams/${team.id}/calls/${data.call!.id}/hang-up`, {}));
  }, [act, data?.call, team.id]);

  const recording = useCallback(
    async (action: 'pause' | 'resume' | 'stop') => {
      if (!data?.call) return;
      const r = await act(() => api('POST', `/api/teams/${team.id}/calls/${data.call!.id}/recording`, { action }));
      if (r) setRecordingAction(action);
    },
    [act, data?.call, team.id],
  );

  const saveDisposition = useCallback(
    async (e?: FormEvent) => {
      e?.preventDefault();
      if (!data?.call) return;
      if (!disposition) return setError('Choose a disposition (keys 1–9)');
      const callback = callbackLocal && data.lead?.zone ? { local: callbackLocal, zone: data.lead.zone } : null;
      const r = await act(() =>
        api<DialerState>('POST', `${base}/disposition`, {
          callId: data.call!.id,
          disposition,
          notes,
          callback,
          consentConfirmed: consent,
          then: pauseAfter ? 'paused' : 'ready',
        }),
      );
      if (!r) return;
      setData(r);
      setCallbackLocal('');
      setPauseAfter(false);
      setNotice('Disposition saved.');
      // Power and progressive: the next lead comes up by itself.
      if (r.state === 'ready' && r.campaign && r.campaign.dialMode !== 'preview') autoRef.current = true;
    },
    [act, base, callbackLocal, consent, data, disposition, notes, pauseAfter],
  );

  // Power and progressive keep the agent supplied with leads.
  useEffect(() => {
    if (!data || data.state !== 'ready' || data.lead || busy) return;
    if (!data.campaign || data.campaign.dialMode === 'preview') return;
    if (autoRef.current || !exhausted) {
      autoRef.current = false;
      void next();
      return;
    }
    // Nothing was callable: look again in a little while (windows open as the day moves west).
    const t = setTimeout(() => setExhausted(false), 30_000);
    return () => clearTimeout(t);
  }, [data, busy, exhausted, next]);

  // Progressive: a lead that came up while the agent's phone was still ringing dials once they answer.
  const lineStatus = data?.line.status;
  const lineWas = useRef(lineStatus);
  useEffect(() => {
    const was = lineWas.current;
    lineWas.current = lineStatus;
    if (!data || was === 'connected' || lineStatus !== 'connected' || busy) return;
    if (dialsItself(data) && data.state === 'ready' && data.lead && !data.call) void dial();
  }, [lineStatus, data, busy, dial]);

  const phase = data?.call ? callPhase(data.call) : null;
  const dispositions = data?.campaign?.dispositions ?? [];
  const needsConsent = !!data?.call && !!data.lead && data.lead.consent === 'all_party' && !!data.call.answeredAt && !!data.campaign?.recordingEnabled;

  // Keyboard: every action is one key away. One listener for the page's life reads the handler of the latest
  // render, so a key pressed right after the screen changed acts on what the agent sees.
  const onKeyRef = useRef<(e: KeyboardEvent) => void>(() => {});
  onKeyRef.current = function onKey(e: KeyboardEvent) {
    if (e.key === 'Escape' && typingIn(e.target)) return (e.target as HTMLElement).blur();
    if (typingIn(e.target) || e.ctrlKey || e.metaKey || e.altKey || busy) return;
    const key = e.key.toLowerCase();
    const run = (fn: () => unknown) => {
      e.preventDefault();
      void fn();
    };
    if (/^[1-9]$/.test(key) && state === 'wrap_up') {
      const d = dispositions[Number(key) - 1];
      if (d) run(() => setDisposition(d.key));
      return;
    }
    if (key === 'enter' && state === 'wrap_up') return run(() => saveDisposition());
    if (key === 'r' && (state === 'offline' || state === 'paused')) return run(goReady);
    if (key === 'n' && state === 'ready' && !data?.lead) return run(next);
    if (key === 'd' && state === 'ready' && data?.lead && lineUp(data)) return run(dial);
    if (key === 's' && state === 'ready' && data?.lead) return run(skip);
    if (key === 'h' && (state === 'dialing' || state === 'on_call')) return run(hangUp);
    if (key === 'k' && state === 'on_call' && data?.call?.recording) {
      return run(() => recording(data.call?.recording?.status === 'paused' || recordingAction === 'pause' ? 'resume' : 'pause'));
    }
    if (key === 'x' && state === 'on_call' && data?.call?.recording) return run(() => recording('stop'));
    if (key === 't' && state === 'wrap_up') return run(() => notesRef.current?.focus());
    if (key === 'c' && state === 'wrap_up' && needsConsent) return run(() => setConsent((c) => !c));
    if (key === 'a' && (state === 'ready' || state === 'wrap_up')) return run(() => (state === 'wrap_up' ? setPauseAfter((p) => !p) : pause('paused')));
    if (key === 'q' && (state === 'ready' || state === 'paused')) return run(() => pause('offline'));
  };
  useEffect(() => {
    const listener = (e: KeyboardEvent) => onKeyRef.current(e);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);

  if (!data) {
    return (
      <>
        <h1>Dialer</h1>
        <FormError message={error} />
        <p aria-live="polite">Loading the dialer…</p>
      </>
    );
  }

  const since = data.since ? new Date(data.since).getTime() : now;
  const call = data.call;
  const callTimerFrom = call ? new Date(call.answeredAt ?? call.queuedAt).getTime() : now;
  const callTimerTo = call?.endedAt ? new Date(call.endedAt).getTime() : now;
  const wrapFrom = call?.endedAt ? new Date(call.endedAt).getTime() : since;
  const recordingStatus = recordingAction === 'stop' ? 'stopped' : recordingAction === 'pause' ? 'paused' : (call?.recording?.status ?? (call && data.campaign?.recordingEnabled ? 'starting' : null));

  return (
    <div className="dialer">
      <header className="dialer__header">
        <h1>Dialer</h1>
        <p className={`state-badge state-badge--${data.state}`} role="status" aria-live="polite" aria-label={`Agent state: ${stateLabels[data.state]}`}>
          {stateLabels[data.state]}
          {data.state !== 'offline' && <span className="state-badge__timer"> · {formatDuration((now - since) / 1000)}</span>}
        </p>
        {data.campaign && (
          <p className="muted">
            {data.campaign.name} · {data.campaign.dialMode} mode{data.campaign.amd ? ' · answering-machine detection on' : ''}
          </p>
        )}
      </header>
      <FormError message={error} />
      {notice && <Notice>{notice}</Notice>}
      {data.note && (data.state === 'offline' || data.state === 'paused') && <p className="alert alert--info">{data.note}</p>}
      {data.line.required && data.state !== 'offline' && (
        <LineStatus line={data.line} onRing={data.state === 'ready' ? () => void goReady() : undefined} busy={busy} />
      )}

      {(data.state === 'offline' || data.state === 'paused') && (
        <section className="card dialer__start" aria-labelledby="start-heading">
          <h2 id="start-heading">{data.state === 'paused' ? 'You are Not ready' : 'Start dialing'}</h2>
          {data.state === 'offline' && (
            <div className="field">
              <label htmlFor="dialer-campaign">Campaign</label>
              <select id="dialer-campaign" value={campaignId} onChange={(e) => setCampaignId(e.target.value)}>
                {campaigns.length === 0 && <option value="">No campaign assigned to you</option>}
                {campaigns.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name} ({c.dialMode})
                  </option>
                ))}
              </select>
            </div>
          )}
          {data.line.required && (
            <Field
              label="Phone to ring for your calls"
              type="tel"
              autoComplete="tel"
              value={linePhone ?? data.line.phone ?? ''}
              onChange={(e) => setLinePhone(e.target.value)}
              error={fields.linePhone}
              hint="Going Ready rings this phone; answer it and keep it open. Every lead you dial joins you on it."
            />
          )}
          <div className="dialer__actions">
            <button className="btn btn--primary" onClick={() => void goReady()} disabled={busy || (!campaignId && data.state === 'offline')}>
              Go Ready <kbd>R</kbd>
            </button>
            {data.state === 'paused' && (
              <button className="btn" onClick={() => void pause('offline')} disabled={busy}>
                Stop dialing <kbd>Q</kbd>
              </button>
            )}
          </div>
        </section>
      )}

      {data.state === 'ready' && !data.lead && (
        <section className="card" aria-labelledby="ready-heading">
          <h2 id="ready-heading">Ready</h2>
          {exhausted ? (
            <p>Nothing in this campaign may be called right now. {data.campaign?.dialMode !== 'preview' && 'Looking again shortly.'}</p>
          ) : (
            <p className="muted">{data.campaign?.dialMode === 'preview' ? 'Take the next lead to preview it.' : 'Fetching the next lead…'}</p>
          )}
          <div className="dialer__actions">
            <button className="btn btn--primary" onClick={() => void next()} disabled={busy}>
              Next lead <kbd>N</kbd>
            </button>
            <button className="btn" onClick={() => void pause('paused')} disabled={busy}>
              Not ready <kbd>A</kbd>
            </button>
          </div>
        </section>
      )}

      {data.lead && (
        <div className="dialer__grid">
          <section className="card" aria-labelledby="lead-heading">
            <h2 id="lead-heading">{leadName(data.lead)}</h2>
            <dl className="facts">
              <dt>Phone</dt>
              <dd>{data.lead.phone}</dd>
              <dt>Local time</dt>
              <dd>
                {data.lead.localTime ?? 'unknown'} {data.lead.zone && <span className="muted">({data.lead.zone})</span>}
              </dd>
              {(data.lead.city || data.lead.state) && (
                <>
                  <dt>Where</dt>
                  <dd>{[data.lead.address, data.lead.city, data.lead.state, data.lead.zip].filter(Boolean).join(', ')}</dd>
                </>
              )}
              {data.lead.email && (
                <>
                  <dt>E-mail</dt>
                  <dd>{data.lead.email}</dd>
                </>
              )}
              <dt>Attempts</dt>
              <dd>
                {data.lead.attempts}
                {data.lead.lastDisposition && <span className="muted"> · last: {data.lead.lastDisposition}</span>}
              </dd>
              {Object.entries(data.lead.custom).map(([k, v]) => (
                <Fragment key={k}>
                  <dt>{k}</dt>
                  <dd>{v}</dd>
                </Fragment>
              ))}
            </dl>
            {data.lead.notes && <p className="dialer__notes">{data.lead.notes}</p>}
            {data.state === 'ready' && (
              <div className="dialer__actions">
                <button className="btn btn--primary btn--large" onClick={() => void dial()} disabled={busy || !lineUp(data)}>
                  Dial {data.lead.phone} <kbd>D</kbd>
                </button>
                <button className="btn" onClick={() => void skip()} disabled={busy}>
                  Skip <kbd>S</kbd>
                </button>
              </div>
            )}
          </section>
          <section className="card" aria-labelledby="script-heading">
            <h2 id="script-heading">Script</h2>
            <p className="dialer__script">{data.lead.script || 'This campaign has no script.'}</p>
          </section>
        </div>
      )}

      {call && (
        <section className="card dialer__call" aria-labelledby="call-heading">
          <h2 id="call-heading">Call</h2>
          <p className={`call-phase call-phase--${phase}`} role="status" aria-live="assertive" aria-label={`Call ${phase}`}>
            {phase === 'dialing' && 'Dialing…'}
            {phase === 'ringing' && 'Ringing…'}
            {phase === 'connected' && 'Connected'}
            {phase === 'ended' && `Ended (${call.outcome === 'human' ? 'talked' : (call.outcome ?? call.status).replace('_', ' ')})`}
            <span className="call-phase__timer"> {formatDuration((callTimerTo - callTimerFrom) / 1000)}</span>
          </p>
          {phase === 'connected' && data.campaign?.recordingEnabled && data.campaign.recordingDisclosure && (
            <div className="alert alert--info" role="alert">
              <strong>Say now:</strong> “{data.campaign.recordingDisclosure}”
            </div>
          )}
          {recordingStatus && (
            <p className="muted" aria-live="polite">
              Recording: {recordingStatus === 'in-progress' ? 'on' : recordingStatus}
            </p>
          )}
          {(phase === 'dialing' || phase === 'ringing' || phase === 'connected') && (
            <div className="dialer__actions">
              <button className="btn btn--danger-solid" onClick={() => void hangUp()} disabled={busy}>
                Hang up <kbd>H</kbd>
              </button>
              {phase === 'connected' && call.recording && recordingStatus !== 'stopped' && (
                <>
                  <button className="btn" onClick={() => void recording(recordingStatus === 'paused' ? 'resume' : 'pause')} disabled={busy}>
                    {recordingStatus === 'paused' ? 'Resume recording' : 'Pause recording'} <kbd>K</kbd>
                  </button>
                  <button className="btn" onClick={() => void recording('stop')} disabled={busy}>
                    Stop recording <kbd>X</kbd>
                  </button>
                </>
              )}
            </div>
          )}
        </section>
      )}

      {data.state === 'wrap_up' && call && (
        <form className="card dialer__wrap" onSubmit={(e) => void saveDisposition(e)} aria-labelledby="wrap-heading">
          <h2 id="wrap-heading">
            Wrap-up <span className="muted small">{formatDuration((now - wrapFrom) / 1000)}</span>
          </h2>
          <fieldset className="dispositions">
            <legend>Disposition</legend>
            {dispositions.slice(0, 9).map((d, i) => (
              <label key={d.key} className={`disposition${disposition === d.key ? ' disposition--selected' : ''}`}>
                <input type="radio" name="disposition" value={d.key} checked={disposition === d.key} onChange={() => setDisposition(d.key)} />
                <kbd>{i + 1}</kbd> {d.label}
              </label>
            ))}
            {fields.disposition && <p className="field__error">{fields.disposition}</p>}
          </fieldset>
          <div className="field">
            <label htmlFor="dialer-notes">
              Notes <kbd>T</kbd>
            </label>
            <textarea id="dialer-notes" ref={notesRef} rows={3} value={notes} onChange={(e) => setNotes(e.target.value)} />
          </div>
          <div className={`field${fields.callback ? ' field--invalid' : ''}`}>
            <label htmlFor="dialer-callback">Callback at (the lead’s time{data.lead?.zone ? `, ${data.lead.zone}` : ''})</label>
            <input
              id="dialer-callback"
              type="datetime-local"
              value={callbackLocal}
              min={localInput(data.lead?.zone ?? null, new Date(now))}
              onChange={(e) => setCallbackLocal(e.target.value)}
              aria-invalid={fields.callback ? true : undefined}
              aria-describedby={fields.callback ? 'dialer-callback-error' : undefined}
            />
            {fields.callback && (
              <p className="field__error" id="dialer-callback-error">
                {fields.callback}
              </p>
            )}
          </div>
          {needsConsent && (
            <label className={`check${fields.consentConfirmed ? ' field--invalid' : ''}`}>
              <input type="checkbox" checked={consent} onChange={(e) => setConsent(e.target.checked)} /> I gave the recording disclosure (the
              lead may be in an all-party consent state) <kbd>C</kbd>
            </label>
          )}
          <label className="check">
            <input type="checkbox" checked={pauseAfter} onChange={(e) => setPauseAfter(e.target.checked)} /> Not ready after this call <kbd>A</kbd>
          </label>
          <div className="dialer__actions">
            <button type="submit" className="btn btn--primary" disabled={busy}>
              Save disposition <kbd>Enter</kbd>
            </button>
          </div>
        </form>
      )}

      <aside className="card keys" aria-labelledby="keys-heading">
        <h2 id="keys-heading">Keyboard</h2>
        <dl className="keys__list">
          {KEYS.map(([k, what]) => (
            <div key={k}>
              <dt>
                <kbd>{k}</kbd>
              </dt>
              <dd>{what}</dd>
            </div>
          ))}
        </dl>
        <p className="small muted">
          Shortcuts wait while you type in a field; press <kbd>Esc</kbd> to leave it. Calls you made are in the <Link to="/app/calls">call log</Link>.
        </p>
      </aside>
    </div>
  );
}

/** Progressive (and predictive, which runs as progressive): the lead on screen dials itself. */
function dialsItself(d: Pick<DialerState, 'campaign'>): boolean {
  return d.campaign?.dialMode === 'progressive' || d.campaign?.dialMode === 'predictive';
}

/** On a real carrier a lead may be dialled only once the agent's own line is up: nobody would hear them otherwise. */
function lineUp(d: Pick<DialerState, 'line'>): boolean {
  return !d.line.required || d.line.status === 'connected';
}

/** Where the agent's own line stands; once it ended, a Ready agent can ring it again from here. */
function LineStatus({ line, onRing, busy }: { line: DialerState['line']; onRing?: () => void; busy: boolean }) {
  const down = line.status === 'none' || line.status === 'dropped';
  const text =
    line.status === 'connected'
      ? `Your phone line is connected (${line.phone ?? ''}).`
      : line.status === 'ringing'
        ? `Ringing your phone (${line.phone ?? ''}): answer it to start dialing.`
        : 'Your phone line is not connected: go Ready to ring it again.';
  return (
    <div className={`alert ${line.status === 'connected' ? 'alert--ok' : 'alert--info'} dialer__line`}>
      <span role="status" aria-live="polite">
        {text}
      </span>
      {down && onRing && (
        <button className="btn" onClick={onRing} disabled={busy}>
          Ring my phone again
        </button>
      )}
    </div>
  );
}
