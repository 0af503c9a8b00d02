import { waitingLines, type DialerState, type WaitingLeads } from './types';

/**
 * Ready with no lead on screen: take the next one (preview), wait while power and progressive fetch it, or — in
 * predictive — wait for the pacer to connect a person.
 */
export function ReadyCard(props: {
  data: DialerState;
  exhausted: boolean;
  waiting: WaitingLeads | null;
  busy: boolean;
  onNext: () => void;
  onPause: () => void;
  /** Stop dialing (offline): the Q key's button, for a screen without a keyboard. */
  onStop?: () => void;
}) {
  const { data, exhausted, waiting, busy, onNext, onPause } = props;
  if (data.campaign?.dialMode === 'predictive') {
    return (
      <section className="card" aria-labelledby="ready-heading">
        <h2 id="ready-heading">Ready</h2>
        <p className="muted" role="status" aria-live="polite">
          Waiting for the next person to answer. The campaign dials for you: when someone picks up, the call arrives
          here already connected, with their details.
        </p>
        <div className="dialer__actions">
          <button className="btn" onClick={onPause} disabled={busy}>
            Not ready <kbd>A</kbd>
          </button>
          {props.onStop && (
            <button className="btn" onClick={props.onStop} disabled={busy}>
              Stop dialing <kbd>Q</kbd>
            </button>
          )}
        </div>
      </section>
    );
  }
  return (
    <section className="card" aria-labelledby="ready-heading">
      <h2 id="ready-heading">Ready</h2>
      {exhausted ? (
        <div role="status" aria-live="polite">
          <p>
            Nothing in this campaign may be called right now.{' '}
            {data.campaign?.dialMode !== 'preview' && 'Looking again shortly.'}
          </p>
          {waiting && (
            <ul className="dialer__waiting">
              {waitingLines(waiting).map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          )}
        </div>
      ) : (
        <p className="muted">
          {data.campaign?.dialMode === 'preview' ? 'Take the next lead to preview it.' : 'Fetching the next lead…'}
        </p>
      )}
      <div className="dialer__actions">
        <button className="btn btn--primary" onClick={onNext} disabled={busy}>
          Next lead <kbd>N</kbd>
        </button>
        <button className="btn" onClick={onPause} disabled={busy}>
          Not ready <kbd>A</kbd>
        </button>
        {props.onStop && (
          <button className="btn" onClick={props.onStop} disabled={busy}>
            Stop dialing <kbd>Q</kbd>
          </button>
        )}
      </div>
    </section>
  );
}
