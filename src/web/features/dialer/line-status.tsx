import type { DialerState } from './types';

/** Where the agent's own line stands; once it ended, a Ready agent can ring it again from here. */
export function LineStatus({ line, onRing, busy }: { line: DialerState['line']; onRing?: () => void; busy: boolean }) {
  const down = line.status === 'none' || line.status === 'dropped';
  const sip = line.kind === 'sip';
  const where = sip ? (line.sip ?? '') : (line.phone ?? '');
  const text =
    line.kind === 'browser'
      ? line.status === 'connected'
        ? 'Your browser audio is connected.'
        : line.status === 'ringing'
          ? 'Connecting your browser audio: you can dial once it is connected.'
          : 'Your browser audio is not connected: go Ready to reconnect it.'
      : line.status === 'connected'
        ? `Your ${sip ? 'SIP' : 'phone'} line is connected (${where}).`
        : line.status === 'ringing'
          ? `Ringing your ${sip ? 'SIP phone' : 'phone'} (${where}): answer it to start dialing.`
          : `Your ${sip ? 'SIP' : 'phone'} line is not connected: go Ready to ring it again.`;
  return (
    <div className={`alert ${line.status === 'connected' ? 'alert--ok' : 'alert--info'} dialer__line`}>
      <span role="status" aria-live="polite">
        {text}
      </span>
      {down && onRing && (
        <button className="btn" onClick={onRing} disabled={busy}>
          {sip ? 'Call my SIP phone again' : 'Ring my phone again'}
        </button>
      )}
    </div>
  );
}
