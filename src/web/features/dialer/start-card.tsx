import { audioKindLabels } from '../../../core/dialer/agent-audio';
import { Field } from '../../components/form';
import { MicCheckPanel } from './mic-check-panel';
import type { DialerState } from './types';
import type { MicCheckApi } from './use-mic-check';
import { shownAudioKind, type AudioDraft, type CampaignSummary } from './use-dialer';

/** Offline or Not ready: pick a campaign (offline only), how to talk to leads on a real carrier, and go Ready. */
export function StartCard(props: {
  data: DialerState;
  campaigns: CampaignSummary[];
  campaignId: string;
  onCampaign: (id: string) => void;
  audio: AudioDraft;
  onAudio: (patch: Partial<AudioDraft>) => void;
  fields: Record<string, string>;
  busy: boolean;
  onReady: () => void;
  onStop: () => void;
  /** On the simulator: this browser can carry a call, so the (simulated) browser leg is offered. */
  browserOffered: boolean;
  /** The browser is the chosen way to talk (either provider): the microphone check comes before Ready. */
  browserChosen: boolean;
  mic: MicCheckApi;
  /** Why Go Ready waits (the microphone check has not passed), shown by the button. */
  readyHint: string | null;
}) {
  const { data, campaigns, campaignId, busy } = props;
  return (
    <section className="card dialer__start" aria-labelledby="start-heading">
      <h2 id="start-heading">{data.state === 'paused' ? 'You are Not ready' : 'Start dialing'}</h2>
      {data.state === 'offline' && (
        <div className="field">
          <label htmlFor="dialer-campaign">Campaign</label>
          <select id="dialer-campaign" value={campaignId} onChange={(e) => props.onCampaign(e.target.value)}>
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
        <AudioChoice line={data.line} audio={props.audio} onAudio={props.onAudio} fields={props.fields} />
      )}
      {!data.line.required && props.browserOffered && data.state === 'offline' && (
        <div className="field">
          <label>
            <input
              type="checkbox"
              checked={props.audio.kind === 'browser'}
              onChange={(e) => props.onAudio({ kind: e.target.checked ? 'browser' : null })}
            />{' '}
            Talk from this browser (the simulator connects a practice leg with no sound)
          </label>
        </div>
      )}
      {props.browserChosen && data.state === 'offline' && <MicCheckPanel mic={props.mic} />}
      <div className="dialer__actions">
        <button
          className="btn btn--primary"
          onClick={props.onReady}
          disabled={busy || (!campaignId && data.state === 'offline')}
        >
          Go Ready <kbd>R</kbd>
        </button>
        {props.readyHint && (
          <p className="field__error" role="alert">
            {props.readyHint}
          </p>
        )}
        {data.state === 'paused' && (
          <button className="btn" onClick={props.onStop} disabled={busy}>
            Stop dialing <kbd>Q</kbd>
          </button>
        )}
      </div>
    </section>
  );
}

/** How the agent talks to leads: the kinds on offer (when more than one), then the address of the chosen one. */
function AudioChoice(props: {
  line: DialerState['line'];
  audio: AudioDraft;
  onAudio: (patch: Partial<AudioDraft>) => void;
  fields: Record<string, string>;
}) {
  const { line, audio, fields } = props;
  const kind = audio.kind ?? shownAudioKind(line);
  return (
    <>
      {line.kinds.length > 1 && (
        <fieldset className="radio-group" aria-describedby={fields.audioKind ? 'audio-kind-error' : undefined}>
          <legend>How you talk to leads</legend>
          {line.kinds.map((k) => (
            <label key={k}>
              <input
                type="radio"
                name="audio-kind"
                value={k}
                checked={kind === k}
                onChange={() => props.onAudio({ kind: k })}
              />{' '}
              {audioKindLabels[k]}
            </label>
          ))}
          {fields.audioKind && (
            <p className="field__error" id="audio-kind-error">
              {fields.audioKind}
            </p>
          )}
        </fieldset>
      )}
      {kind === 'phone' && (
        <Field
          label="Phone to ring for your calls"
          type="tel"
          autoComplete="tel"
          value={audio.phone ?? line.phone ?? ''}
          onChange={(e) => props.onAudio({ phone: e.target.value })}
          error={fields.linePhone}
          hint="Going Ready rings this phone; answer it and keep it open. Every lead you dial joins you on it."
        />
      )}
      {kind === 'sip' && (
        <Field
          label="SIP address to call for your calls"
          type="text"
          autoComplete="off"
          spellCheck={false}
          placeholder="alice@pbx.example.com"
          value={audio.sip ?? line.sip ?? ''}
          onChange={(e) => props.onAudio({ sip: e.target.value })}
          error={fields.sipAddress}
          hint="Going Ready calls your desk phone or softphone app at this address; answer it and keep it open."
        />
      )}
    </>
  );
}
