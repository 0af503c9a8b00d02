import { useEffect, useEffectEvent } from 'react';
import { api, getCsrfToken } from '../../api';
import type { HeartbeatCommand, HeartbeatReport } from './heartbeat-worker';

/** The worker that beats for a hidden tab, or null where workers cannot start (the page's own timer is used then). */
function startWorker(): Worker | null {
  if (typeof Worker !== 'function') return null;
  try {
    return new Worker(new URL('./heartbeat-worker.ts', import.meta.url), { type: 'module', name: 'heartbeat' });
  } catch {
    return null;
  }
}

/**
 * Presence: while the agent is present the heartbeat keeps them Ready; when the tab closes it stops and the server
 * puts them Not ready. `onOffline` runs when the server says they already are. It beats from a Worker, whose timers
 * the browser does not throttle in a hidden tab (decision 0024); without one, from the page.
 */
export function useHeartbeat(base: string, present: boolean, intervalMs: number, onOffline: () => void) {
  const offline = useEffectEvent(onOffline);
  useEffect(() => {
    if (!present) return;
    const heard = (r: HeartbeatReport) => {
      if (r.state === 'offline') offline();
    };
    const worker = startWorker();
    if (worker) {
      worker.onmessage = (e: MessageEvent<HeartbeatReport>) => heard(e.data);
      const start: HeartbeatCommand = {
        type: 'start',
        url: `${base}/heartbeat`,
        csrfToken: getCsrfToken(),
        intervalMs,
      };
      worker.postMessage(start);
      return () => worker.terminate();
    }
    const t = setInterval(() => {
      api<HeartbeatReport>('POST', `${base}/heartbeat`, {})
        .then(heard)
        .catch(() => {});
    }, intervalMs);
    return () => clearInterval(t);
  }, [present, intervalMs, base]);
}
