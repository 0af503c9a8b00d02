import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * The screen's timers run on the server's clock: the agent's computer may be off by minutes. `sync` takes each
 * `serverTime` the server sends; `now` ticks once a second.
 */
export function useServerClock(): { now: number; sync: (serverTime: string | undefined) => void } {
  const skew = useRef(0);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now() + skew.current), 1000);
    return () => clearInterval(t);
  }, []);
  const sync = useCallback((serverTime: string | undefined) => {
    if (serverTime) skew.current = Date.parse(serverTime) - Date.now();
  }, []);
  return { now, sync };
}
