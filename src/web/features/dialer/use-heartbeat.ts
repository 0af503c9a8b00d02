import { useEffect, useEffectEvent } from 'react';
import { api } from '../../api';

/**
 * Presence: while the agent is present the heartbeat keeps them Ready; when the tab closes it stops and the server
 * puts them Not ready. `onOffline` runs when the server says they already are.
 */
export function useHeartbeat(base: string, present: boolean, intervalMs: number, onOffline: () => void) {
  const offline = useEffectEvent(onOffline);
  useEffect(() => {
    if (!present) return;
    const t = setInterval(() => {
      api<{ state: string }>('POST', `${base}/heartbeat`, {})
        .then((r) => {
          if (r.state === 'offline') offline();
        })
        .catch(() => {});
    }, intervalMs);
    return () => clearInterval(t);
  }, [present, intervalMs, base]);
}
