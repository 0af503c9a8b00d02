import type { DialerState } from './types';

/** Where the agent's own line stands; once it ended, a Ready agent can ring it again from here. */
export function LineStatus({ line, onRing, busy }: { line: DialerState['line']; onRing?: () => void; busy: boolean }) {
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
