import { useEffect, useEffectEvent } from 'react';
import type { CallOnScreen } from './types';

/**
 * The team's live event stream (server-sent events, from whichever instance took the provider's webhook):
 * `call` — a call changed; `agent` — the agent's own state changed on the server (their phone line);
 * `resync` — the server may have missed changes, reload everything.
 */
export function useTeamEvents(teamId: string, on: { call: (call: CallOnScreen) => void; reload: () => void }) {
  const onCall = useEffectEvent(on.call);
  const onReload = useEffectEvent(on.reload);
  useEffect(() => {
    const source = new EventSource(`/api/teams/${teamId}/events`);
    source.addEventListener('call', (ev) => onCall(JSON.parse((ev as MessageEvent<string>).data) as CallOnScreen));
    source.addEventListener('resync', () => onReload());
    source.addEventListener('agent', () => onReload());
    return () => source.close();
  }, [teamId]);
}
