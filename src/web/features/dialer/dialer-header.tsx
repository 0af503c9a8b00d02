import { formatDuration, stateLabels, type DialerState } from './types';

/** The agent's state with how long they have been in it, and the campaign they work. */
export function DialerHeader({ data, now }: { data: DialerState; now: number }) {
  const since = data.since ? new Date(data.since).getTime() : now;
  return (
    <header className="dialer__header">
      <h1>Dialer</h1>
      <p
        className={`state-badge state-badge--${data.state}`}
        role="status"
        aria-live="polite"
        aria-label={`Agent state: ${stateLabels[data.state]}`}
      >
        {stateLabels[data.state]}
        {data.state !== 'offline' && (
          <span className="state-badge__timer"> · {formatDuration((now - since) / 1000)}</span>
        )}
      </p>
      {data.campaign && (
        <p className="muted">
          {data.campaign.name} · {data.campaign.dialMode} mode
          {data.campaign.amd ? ' · answering-machine detection on' : ''}
        </p>
      )}
    </header>
  );
}
