import { useEffect, useRef, useState } from 'react';
import { FormError, Notice } from '../../components/form';
import { CallCard } from '../../features/dialer/call-card';
import { DialerHeader } from '../../features/dialer/dialer-header';
import { KeysCard } from '../../features/dialer/keys-card';
import { LeadCard } from '../../features/dialer/lead-card';
import { LineStatus } from '../../features/dialer/line-status';
import { ReadyCard } from '../../features/dialer/ready-card';
import { PacingStrip } from '../../features/dialer/pacing-strip';
import type { ShortcutAction } from '../../features/dialer/shortcuts';
import { canDropVoicemail } from '../../features/dialer/types';
import { BrowserLegStatus } from '../../features/dialer/browser-leg-status';
import { StartCard } from '../../features/dialer/start-card';
import { browserCanCall, useBrowserLeg } from '../../features/dialer/use-browser-leg';
import { useMicCheck } from '../../features/dialer/use-mic-check';
import { lineUp, pacedByCampaign, shownAudioKind, useDialer, type AudioDraft } from '../../features/dialer/use-dialer';
import type { BrowserLegGrantResponse } from '../../../core/api/dialer.types';
import { useShortcutKeys } from '../../features/dialer/use-shortcut-keys';
import { useWrapUp } from '../../features/dialer/use-wrap-up';
import { WrapUpForm } from '../../features/dialer/wrap-up-form';
import { useTeam } from '../../team';

/** The agent's dialer: the server's state for them, one card per stage, every action one key away. */
export function DialerPage() {
  const team = useTeam();
  const grantTo = useRef<(grant: BrowserLegGrantResponse) => void>(() => {});
  const { data, now, campaigns, error, fields, notice, busy, exhausted, waiting, recordingAction, actions } = useDialer(
    team.id,
    (grant) => grantTo.current(grant),
  );
  const [chosenCampaign, setChosenCampaign] = useState('');
  const campaignId = chosenCampaign || campaigns[0]?.id || '';
  // How the agent talks to leads (real carrier only): what they picked or typed, over the remembered choice.
  const [audio, setAudio] = useState<AudioDraft>({ kind: null, phone: null, sip: null });
  const call = data?.call ?? null;
  const wrapUp = useWrapUp(call?.id ?? null);
  const notesRef = useRef<HTMLTextAreaElement>(null);

  const state = data?.state ?? 'offline';
  const dispositions = data?.campaign?.dispositions ?? [];
  const needsConsent =
    !!call &&
    !!data?.lead &&
    data.lead.consent === 'all_party' &&
    !!call.answeredAt &&
    !!data.campaign?.recordingEnabled;
  // The browser leg: on the simulator a twin with no sound whose choice stays in the page (decision 0023); on
  // SignalWire the real leg, the choice remembered by the server, so a reloaded page dials back in by itself
  // (decision 0024). Ready waits for a microphone that works either way.
  const canCall = browserCanCall();
  const onCarrier = !!data?.line.required;
  const browserOffered = !!data && canCall && (!onCarrier || data.line.kinds.includes('browser'));
  const browserChosen =
    browserOffered &&
    (onCarrier
      ? state === 'offline'
        ? (audio.kind ?? shownAudioKind(data.line)) === 'browser'
        : data.line.kind === 'browser'
      : audio.kind === 'browser');
  const mic = useMicCheck(browserChosen && state === 'offline');
  const leg = useBrowserLeg(
    `/api/teams/${team.id}/dialer`,
    onCarrier ? 'signalwire' : 'simulator',
    browserChosen && state !== 'offline',
  );
  useEffect(() => {
    grantTo.current = leg.offer;
  });
  const [readyHint, setReadyHint] = useState<string | null>(null);
  const goReady = () => {
    if (browserChosen && state === 'offline' && mic.check.status !== 'live') {
      setReadyHint('Check your microphone first: the browser must be allowed to use it before you go Ready.');
      return;
    }
    setReadyHint(null);
    void actions.goReady(campaignId, audio);
  };
  const save = async () => {
    if (await actions.saveDisposition(wrapUp.form)) wrapUp.saved();
  };

  const run = (a: ShortcutAction) => {
    switch (a.do) {
      case 'choose-disposition':
        return wrapUp.update({ disposition: a.key });
      case 'save-disposition':
        return void save();
      case 'toggle-consent':
        return wrapUp.update({ consent: !wrapUp.form.consent });
      case 'toggle-pause-after':
        return wrapUp.update({ pauseAfter: !wrapUp.form.pauseAfter });
      case 'focus-notes':
        return notesRef.current?.focus();
      case 'ready':
        return goReady();
      case 'next':
        // Predictive: the pacer brings the next person; there is no lead to take.
        return data && pacedByCampaign(data) ? undefined : void actions.next();
      case 'dial':
        return void actions.dial();
      case 'skip':
        return void actions.skip();
      case 'hang-up':
        return void actions.hangUp();
      case 'drop-voicemail':
        return void actions.dropVoicemail();
      case 'recording':
        return void actions.recording(a.action);
      case 'pause':
        return void actions.pause(a.to);
    }
  };
  useShortcutKeys(
    busy,
    {
      state,
      hasLead: !!data?.lead,
      canDial: !!data && lineUp(data),
      recording: !!call?.recording,
      recordingPaused: call?.recording?.status === 'paused' || recordingAction === 'pause',
      needsConsent,
      dispositions,
      canDropVoicemail: canDropVoicemail(call, data?.dropMessage),
    },
    run,
  );

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
  return (
    <div className="dialer">
      <DialerHeader data={data} now={now} />
      <FormError message={error} />
      {notice && <Notice>{notice}</Notice>}
      {data.note && (data.state === 'offline' || data.state === 'paused') && (
        <p className="alert alert--info">{data.note}</p>
      )}
      {/* The browser leg shows its own state (below); the server's line status would say the same twice. */}
      {data.line.required && data.state !== 'offline' && !browserChosen && (
        <LineStatus line={data.line} onRing={data.state === 'ready' ? goReady : undefined} busy={busy} />
      )}

      {browserChosen && data.state !== 'offline' && (
        <BrowserLegStatus state={leg.state} muted={leg.muted} onMute={leg.setMuted} />
      )}

      {(data.state === 'offline' || data.state === 'paused') && (
        <StartCard
          data={
            canCall ? data : { ...data, line: { ...data.line, kinds: data.line.kinds.filter((k) => k !== 'browser') } }
          }
          campaigns={campaigns}
          campaignId={campaignId}
          onCampaign={setChosenCampaign}
          audio={audio}
          onAudio={(patch) => setAudio((a) => ({ ...a, ...patch }))}
          fields={fields}
          busy={busy}
          onReady={goReady}
          onStop={() => void actions.pause('offline')}
          browserOffered={browserOffered}
          browserChosen={browserChosen}
          mic={mic}
          readyHint={browserChosen && mic.check.status !== 'live' ? readyHint : null}
        />
      )}
      <PacingStrip data={data} />
      {data.state === 'ready' && !data.lead && (
        <ReadyCard
          data={data}
          exhausted={exhausted}
          waiting={waiting}
          busy={busy}
          onNext={() => void actions.next()}
          onPause={() => void actions.pause('paused')}
          onStop={() => void actions.pause('offline')}
        />
      )}
      {data.lead && (
        <LeadCard
          lead={data.lead}
          ready={data.state === 'ready'}
          canDial={lineUp(data)}
          busy={busy}
          onDial={() => void actions.dial()}
          onSkip={() => void actions.skip()}
          onPause={() => void actions.pause('paused')}
        />
      )}
      {call && (
        <CallCard
          call={call}
          campaign={data.campaign}
          recordingAction={recordingAction}
          now={now}
          busy={busy}
          dropMessage={data.dropMessage ?? null}
          onHangUp={() => void actions.hangUp()}
          onDropVoicemail={() => void actions.dropVoicemail()}
          onRecording={(a) => void actions.recording(a)}
        />
      )}
      {data.state === 'wrap_up' && call && (
        <WrapUpForm
          form={wrapUp.form}
          onChange={wrapUp.update}
          onSubmit={() => void save()}
          dispositions={dispositions}
          zone={data.lead?.zone ?? null}
          needsConsent={needsConsent}
          fields={fields}
          busy={busy}
          from={call.endedAt ? new Date(call.endedAt).getTime() : since}
          now={now}
          notesRef={notesRef}
        />
      )}
      <KeysCard />
    </div>
  );
}
