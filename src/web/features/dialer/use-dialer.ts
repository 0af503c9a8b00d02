import { useCallback, useEffect, useRef, useState } from 'react';
import type { BrowserLegGrantResponse, GoReadyRequest } from '../../../core/api/dialer.types';
import type { AudioKind } from '../../../core/dialer/agent-audio';
import { advancesStatus } from '../../../core/telephony/call-status';
import { api, ApiError } from '../../api';
import {
  callPhase,
  isCallOver,
  setAsideNotice,
  type CallOnScreen,
  type DialerState,
  type DialResponse,
  type NextLeadResponse,
  type ReadyResponse,
  type WaitingLeads,
} from './types';
import { useHeartbeat } from './use-heartbeat';
import { useServerClock } from './use-server-clock';
import { useTeamEvents } from './use-team-events';

export type CampaignSummary = { id: string; name: string; dialMode: string; archivedAt: string | null };
export type RecordingAction = 'pause' | 'resume' | 'stop';
export type DispositionInput = {
  disposition: string | null;
  notes: string;
  callbackLocal: string;
  consent: boolean;
  pauseAfter: boolean;
};

/** Progressive: the lead on screen dials itself. */
export function dialsItself(d: Pick<DialerState, 'campaign'>): boolean {
  return d.campaign?.dialMode === 'progressive';
}

/**
 * Predictive: the campaign's pacer dials, and a person who answers arrives on the Ready agent's screen already
 * connected (decision 0028), so the screen neither takes nor dials leads itself.
 */
export function pacedByCampaign(d: Pick<DialerState, 'campaign'>): boolean {
  return d.campaign?.dialMode === 'predictive';
}

/** On a real carrier a lead may be dialled only once the agent's own line is up: nobody would hear them otherwise. */
export function lineUp(d: Pick<DialerState, 'line'>): boolean {
  return !d.line.required || d.line.status === 'connected';
}

/** What the agent typed or picked for their audio on the Start card; null where they left the remembered value. */
export type AudioDraft = { kind: AudioKind | null; phone: string | null; sip: string | null };

/** The remembered kind if this screen offers it (one chosen elsewhere, e.g. through the API, falls back to the first). */
export function shownAudioKind(line: Pick<DialerState['line'], 'kind' | 'kinds'>): AudioKind {
  return line.kinds.includes(line.kind) ? line.kind : (line.kinds[0] ?? line.kind);
}

/** Go Ready's body: on a real carrier, the chosen kind with only its own address (the typed one, else the last). */
export function readyRequest(
  campaignId: string,
  line: DialerState['line'] | undefined,
  audio: AudioDraft,
): GoReadyRequest {
  if (!line?.required) return { campaignId };
  const audioKind = audio.kind ?? shownAudioKind(line);
  if (audioKind === 'phone') return { campaignId, audioKind, linePhone: audio.phone ?? line.phone ?? '' };
  if (audioKind === 'sip') return { campaignId, audioKind, sipAddress: audio.sip ?? line.sip ?? '' };
  return { campaignId, audioKind };
}

/** Calls whose latest push the screen remembers (an agent's own few; a manager on the dialer sees the team's). */
const PUSHES_KEPT = 50;

/** The state with a pushed call on screen, the agent's state following the call's progress. */
function withCall(d: DialerState, call: CallOnScreen): DialerState {
  const phase = callPhase(call);
  return { ...d, call, state: phase === 'ended' ? 'wrap_up' : phase === 'connected' ? 'on_call' : 'dialing' };
}

/**
 * The agent's dialer: the state the server holds for them (loaded, then kept current by the event stream), the
 * actions they take on it, and what power and progressive modes do by themselves. The server's word wins: whenever
 * a call on screen ends, or the server says something changed, the screen reloads its state rather than guess.
 */
export function useDialer(teamId: string, onBrowserLeg?: (grant: BrowserLegGrantResponse) => void) {
  const base = `/api/teams/${teamId}/dialer`;
  const onBrowserLegRef = useRef(onBrowserLeg);
  useEffect(() => {
    onBrowserLegRef.current = onBrowserLeg;
  });
  const clock = useServerClock();
  const [data, setDataRaw] = useState<DialerState | null>(null);
  // The call the screen is about to show, known as soon as it is set: a push can arrive after a reload set its state
  // and before React rendered it, when the rendered `data` still says another call (or none).
  const callOnScreen = useRef<string | null>(null);
  const { sync } = clock;
  const setData = useCallback(
    (next: DialerState) => {
      sync(next.serverTime);
      callOnScreen.current = next.call?.id ?? null;
      setDataRaw(next);
    },
    [sync],
  );
  const [campaigns, setCampaigns] = useState<CampaignSummary[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [exhausted, setExhausted] = useState(false);
  const [waiting, setWaiting] = useState<WaitingLeads | null>(null);
  const [recordingAction, setRecordingAction] = useState<RecordingAction | null>(null);
  const autoRef = useRef(false);

  // A new call on screen starts without the last one's field errors and recording changes.
  const callId = data?.call?.id ?? null;
  const [shownCallId, setShownCallId] = useState(callId);
  if (shownCallId !== callId) {
    setShownCallId(callId);
    setFields({});
    setRecordingAction(null);
  }

  // A reload must never put back a state older than one the screen already shows. So only the newest reload lands,
  // an action starting voids the reloads under way, and a reload asked for while an action is under way waits for it
  // (the action's answer is newer than anything read before it, and may be followed by changes it caused).
  const reloads = useRef(0);
  const acting = useRef(0);
  const reloadAfterAction = useRef(false);
  // The latest push per call, also for calls not on screen yet: a pacer line given to this agent arrives by a reload,
  // and its answer may be pushed while that reload is under way, after the server read it still ringing.
  const pushed = useRef(new Map<string, CallOnScreen>());
  const refresh = useCallback(async () => {
    if (acting.current > 0) {
      reloadAfterAction.current = true;
      return;
    }
    const mine = ++reloads.current;
    try {
      const d = await api<DialerState>('GET', base);
      if (mine !== reloads.current) return;
      // (A push that ended the call asked for a reload of its own, which supersedes this one.)
      const newer = d.call ? pushed.current.get(d.call.id) : undefined;
      setData(newer && d.call && advancesStatus(d.call.status, newer.status) ? withCall(d, newer) : d);
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Could not load the dialer');
    }
  }, [base, setData]);

  useEffect(() => {
    let live = true;
    api<DialerState>('GET', base)
      .then((d) => live && setData(d))
      .catch((e: unknown) => live && setError(e instanceof Error ? e.message : 'Could not load the dialer'));
    api<{ campaigns: CampaignSummary[] }>('GET', `/api/teams/${teamId}/campaigns`)
      .then((r) => live && setCampaigns(r.campaigns.filter((c) => c.archivedAt === null)))
      .catch(() => live && setCampaigns([]));
    return () => {
      live = false;
    };
  }, [base, teamId, setData]);

  const state = data?.state ?? 'offline';
  useHeartbeat(base, state !== 'offline', data?.heartbeatIntervalMs ?? 15_000, () => void refresh());

  useTeamEvents(teamId, {
    call: (call: CallOnScreen) => {
      pushed.current.delete(call.id);
      pushed.current.set(call.id, call);
      if (pushed.current.size > PUSHES_KEPT) pushed.current.delete(pushed.current.keys().next().value ?? '');
      if (callOnScreen.current !== call.id) return;
      setDataRaw((d) => (d?.call?.id === call.id ? withCall(d, call) : d));
      // Once a call ends the server may have moved on already (an answering machine is dispositioned for us, and the
      // agent made Ready): only the server knows, so ask it. Decided from the event, never from inside a state update.
      if (isCallOver(call.status)) void refresh();
    },
    reload: () => void refresh(),
  });

  const act = useCallback(
    async <T>(fn: () => Promise<T>): Promise<T | null> => {
      acting.current += 1;
      reloads.current += 1;
      setBusy(true);
      setError(null);
      setFields({});
      setNotice(null);
      try {
        return await fn();
      } catch (e) {
        setError(e instanceof ApiError ? e.message : 'That did not work');
        if (e instanceof ApiError) setFields(e.fields);
        // The screen was behind the server: reload it.
        if (e instanceof ApiError && (e.status === 409 || e.status === 404)) reloadAfterAction.current = true;
        return null;
      } finally {
        acting.current -= 1;
        setBusy(false);
        if (acting.current === 0 && reloadAfterAction.current) {
          reloadAfterAction.current = false;
          void refresh();
        }
      }
    },
    [refresh],
  );

  const dial = useCallback(async () => {
    const r = await act(() => api<DialResponse>('POST', `${base}/dial`, {}));
    if (!r) return;
    setData(r);
    if (!r.ok) setError(r.message);
  }, [act, base, setData]);

  const next = useCallback(async () => {
    const r = await act(() => api<NextLeadResponse>('POST', `${base}/next`, {}));
    if (!r) return;
    setData(r);
    setExhausted(r.exhausted);
    setWaiting(r.exhausted ? (r.waiting ?? null) : null);
    if (r.denied.length > 0) setNotice(setAsideNotice(r.denied.length));
    // Progressive: the lead dials itself.
    if (r.lead && dialsItself(r) && r.state === 'ready' && lineUp(r)) await dial();
  }, [act, base, dial, setData]);

  const goReady = useCallback(
    async (campaignId: string, audio: AudioDraft) => {
      const id = data?.campaign?.id && state !== 'offline' ? data.campaign.id : campaignId;
      if (!id) return setError('Pick a campaign first');
      const r = await act(() => api<ReadyResponse>('POST', `${base}/ready`, readyRequest(id, data?.line, audio)));
      if (r) {
        // The browser leg's one-time address goes to the leg before the state that makes it dial.
        if (r.browserLeg) onBrowserLegRef.current?.(r.browserLeg);
        setData(r);
        setExhausted(false);
      }
    },
    [act, base, data, state, setData],
  );

  const pause = useCallback(
    async (to: 'paused' | 'offline') => {
      const r = await act(() => api<DialerState>('POST', `${base}/pause`, { to }));
      if (r) setData(r);
    },
    [act, base, setData],
  );

  const skip = useCallback(async () => {
    const r = await act(() => api<DialerState>('POST', `${base}/skip`, {}));
    if (r) setData(r);
  }, [act, base, setData]);

  const hangUp = useCallback(async () => {
    if (!callId) return;
    await act(() => api('POST', `/api/teams/${teamId}/calls/${callId}/hang-up`, {}));
  }, [act, callId, teamId]);

  /** The agent heard a machine: the campaign's message plays into the call and the agent moves on at once. */
  const dropVoicemail = useCallback(async () => {
    const r = await act(() => api<DialerState>('POST', `${base}/drop-voicemail`, {}));
    if (!r) return;
    setData(r);
    setNotice('Voicemail message left: the call was dispositioned Voicemail.');
    // Power and progressive: the next lead comes up by itself, as after a disposition.
    if (r.state === 'ready' && r.campaign && r.campaign.dialMode !== 'preview') autoRef.current = true;
  }, [act, base, setData]);

  const recording = useCallback(
    async (action: RecordingAction) => {
      if (!callId) return;
      const r = await act(() => api('POST', `/api/teams/${teamId}/calls/${callId}/recording`, { action }));
      if (r) setRecordingAction(action);
    },
    [act, callId, teamId],
  );

  /** Saves the call's disposition; true when it was saved. */
  const saveDisposition = useCallback(
    async (input: DispositionInput): Promise<boolean> => {
      if (!callId) return false;
      if (!input.disposition) {
        setError('Choose a disposition (keys 1–9)');
        return false;
      }
      const zone = data?.lead?.zone;
      const callback = input.callbackLocal && zone ? { local: input.callbackLocal, zone } : null;
      const r = await act(() =>
        api<DialerState>('POST', `${base}/disposition`, {
          callId,
          disposition: input.disposition,
          notes: input.notes,
          callback,
          consentConfirmed: input.consent,
          then: input.pauseAfter ? 'paused' : 'ready',
        }),
      );
      if (!r) return false;
      setData(r);
      setNotice('Disposition saved.');
      // Power and progressive: the next lead comes up by itself.
      if (r.state === 'ready' && r.campaign && r.campaign.dialMode !== 'preview') autoRef.current = true;
      return true;
    },
    [act, base, callId, data?.lead?.zone, setData],
  );

  // Power and progressive keep the agent supplied with leads.
  useEffect(() => {
    if (!data || data.state !== 'ready' || data.lead || busy) return;
    if (!data.campaign || data.campaign.dialMode === 'preview' || pacedByCampaign(data)) return;
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
    // The line's answer is news from outside (the server's event): the dial it starts is the response to it.
    // The line's answer is news from outside (the server's event): the dial it starts is the response to it.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    if (dialsItself(data) && data.state === 'ready' && data.lead && !data.call) void dial();
  }, [lineStatus, data, busy, dial]);

  return {
    data,
    now: clock.now,
    campaigns,
    error,
    fields,
    notice,
    busy,
    exhausted,
    waiting,
    recordingAction,
    actions: { refresh, dial, next, goReady, pause, skip, hangUp, dropVoicemail, recording, saveDisposition },
  };
}

export type Dialer = ReturnType<typeof useDialer>;
