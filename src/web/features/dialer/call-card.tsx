import { callPhase, canDropVoicemail, formatDuration, type CallOnScreen, type DialerCampaign } from './types';
import type { RecordingAction } from './use-dialer';

/**
 * What the screen says of the call's recording: the agent's own change wins until the server reports it. Without a
 * recording from the server, "starting" only while the call is answered and live: a call that was never answered, or
 * that ended without one, has no recording to speak of.
 */
export function recordingStatus(
  call: CallOnScreen,
  campaign: DialerCampaign | null,
  action: RecordingAction | null,
): string | null {
  if (action === 'stop') return 'stopped';
  if (action === 'pause') return 'paused';
  if (call.recording) return call.recording.status;
  // Calls back in are not recorded (decision 0026).
  if (call.direction === 'inbound') return null;
  return campaign?.recordingEnabled && callPhase(call) === 'connected' ? 'starting' : null;
}

/** The call's progress and timer, the disclosure to read at connect, and Hang up and the recording controls. */
export function CallCard(props: {
  call: CallOnScreen;
  campaign: DialerCampaign | null;
  recordingAction: RecordingAction | null;
  now: number;
  busy: boolean;
  /** The campaign's chosen drop message, when it has one: a connected call can be handed to it. */
  dropMessage?: string | null;
  onHangUp: () => void;
  onDropVoicemail?: () => void;
  onRecording: (action: RecordingAction) => void;
}) {
  const { call, campaign, now, busy } = props;
  const phase = callPhase(call);
  const from = new Date(call.answeredAt ?? call.queuedAt).getTime();
  const to = call.endedAt ? new Date(call.endedAt).getTime() : now;
  const recording = recordingStatus(call, campaign, props.recordingAction);
  const inbound = call.direction === 'inbound';
  return (
    <section className="card dialer__call" aria-labelledby="call-heading">
      <h2 id="call-heading">{inbound ? 'Incoming call' : 'Call'}</h2>
      {inbound && (
        <p className="call-inbound" role="status">
          {call.dialedNumber ?? 'A caller'} called you back
        </p>
      )}
      <p className={`call-phase call-phase--${phase}`} role="status" aria-live="assertive" aria-label={`Call ${phase}`}>
        {phase === 'dialing' && 'Dialing…'}
        {phase === 'ringing' && 'Ringing…'}
        {phase === 'connected' && 'Connected'}
        {phase === 'ended' &&
          `Ended (${call.outcome === 'human' ? 'talked' : (call.outcome ?? call.status).replace('_', ' ')})`}
        <span className="call-phase__timer"> {formatDuration((to - from) / 1000)}</span>
      </p>
      {phase === 'connected' && !inbound && campaign?.recordingEnabled && campaign.recordingDisclosure && (
        <div className="alert alert--info" role="alert">
          <strong>Say now:</strong> “{campaign.recordingDisclosure}”
        </div>
      )}
      {recording && (
        <p className="muted" aria-live="polite">
          Recording: {recording === 'in-progress' ? 'on' : recording}
        </p>
      )}
      {(phase === 'dialing' || phase === 'ringing' || phase === 'connected') && (
        <div className="dialer__actions">
          <button className="btn btn--danger-solid" onClick={props.onHangUp} disabled={busy}>
            Hang up <kbd>H</kbd>
          </button>
          {canDropVoicemail(call, props.dropMessage) && props.onDropVoicemail && (
            <button
              className="btn"
              onClick={props.onDropVoicemail}
              disabled={busy}
              aria-label={`Leave voicemail message “${props.dropMessage}” and move on`}
            >
              Leave voicemail <kbd>V</kbd>
            </button>
          )}
          {phase === 'connected' && call.recording && recording !== 'stopped' && (
            <>
              <button
                className="btn"
                onClick={() => props.onRecording(recording === 'paused' ? 'resume' : 'pause')}
                disabled={busy}
              >
                {recording === 'paused' ? 'Resume recording' : 'Pause recording'} <kbd>K</kbd>
              </button>
              <button className="btn" onClick={() => props.onRecording('stop')} disabled={busy}>
                Stop recording <kbd>X</kbd>
              </button>
            </>
          )}
        </div>
      )}
    </section>
  );
}
