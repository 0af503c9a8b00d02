import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import { SimulatedBrowserLeg, type BrowserAudioLeg } from './browser-audio';

/**
 * The agent's browser leg while they are signed on with the browser chosen: dialled in on Ready, kept through Not
 * ready, ended on Stop. On the simulator (no line required by the server) it is the twin; the SignalWire adapter is
 * not built yet, so the server does not offer the browser there.
 */
export function useBrowserLeg(active: boolean) {
  const [leg] = useState<BrowserAudioLeg>(() => new SimulatedBrowserLeg());
  const subscribe = useCallback((l: () => void) => leg.subscribe(l), [leg]);
  const state = useSyncExternalStore(subscribe, () => leg.state);
  const muted = useSyncExternalStore(subscribe, () => leg.muted);
  useEffect(() => {
    if (active) leg.connect();
    else leg.hangUp();
  }, [active, leg]);
  useEffect(() => () => leg.hangUp(), [leg]);
  return { state, muted, setMuted: (m: boolean) => leg.setMuted(m) };
}

/** Whether this browser could carry a call at all (WebRTC); the microphone check finds the rest. */
export function browserCanCall(): boolean {
  return typeof RTCPeerConnection === 'function';
}
