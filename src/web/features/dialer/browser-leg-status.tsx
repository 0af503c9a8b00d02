import { legStateLabels, type LegState } from './browser-audio';

/** The browser leg's state as the agent sees it during the shift, with Mute. */
export function BrowserLegStatus(props: { state: LegState; muted: boolean; onMute: (muted: boolean) => void }) {
  const ok = props.state === 'connected';
  return (
    <div className={`alert ${ok ? 'alert--ok' : 'alert--info'} dialer__line`}>
      <span role="status" aria-live="polite" aria-label={`Browser audio: ${props.state}`}>
        {legStateLabels[props.state]} {props.muted && ok && 'You are muted.'}
      </span>
      {ok && (
        <button className="btn" aria-pressed={props.muted} onClick={() => props.onMute(!props.muted)}>
          {props.muted ? 'Unmute' : 'Mute'}
        </button>
      )}
    </div>
  );
}
