import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import type { BrowserLegGrantResponse, BrowserLegTokenResponse } from '../../../core/api/dialer.types';
import { api } from '../../api';
import { LazyLeg, SimulatedBrowserLeg, type BrowserAudioLeg } from './browser-audio';
import { rememberedDevices } from './mic-check';
import type { LegGrants } from './signalwire-leg';

/** Which leg the page dials: the simulator's twin (no sound), SignalWire's, or none (the agent talks elsewhere). */
export type LegProvider = 'simulator' | 'signalwire';

/**
 * The server's grants for the SignalWire leg: Go Ready's answer is used once; any later dial (a page reload, a leg
 * lost and dialled again) asks the server for a fresh one-time address for the same agent session.
 */
class ServerLegGrants implements LegGrants {
  private offered: BrowserLegGrantResponse | null = null;
  constructor(private readonly base: string) {}
  offer(grant: BrowserLegGrantResponse) {
    this.offered = grant;
  }
  async dial(): Promise<BrowserLegGrantResponse> {
    const grant = this.offered;
    this.offered = null;
    return grant ?? api<BrowserLegGrantResponse>('POST', `${this.base}/browser-leg`, {});
  }
  refresh(): Promise<BrowserLegTokenResponse> {
    return api<BrowserLegTokenResponse>('POST', `${this.base}/browser-leg/token`, {});
  }
}

function makeLeg(provider: LegProvider, grants: ServerLegGrants): BrowserAudioLeg {
  if (provider === 'simulator') return new SimulatedBrowserLeg();
  return new LazyLeg(async () => {
    const { SignalWireLeg } = await import('./signalwire-leg');
    return new SignalWireLeg({ grants, inputDeviceId: () => rememberedDevices(localStorage).input });
  });
}

/**
 * The agent's browser leg while they are signed on with the browser chosen: dialled in on Ready (or on loading the
 * page when the server says they are signed on with it: the re-attach after a reload), kept through Not ready,
 * ended on Stop or when the page goes. `offer` hands it Go Ready's grant; a lost leg is dialled again by it.
 */
export function useBrowserLeg(base: string, provider: LegProvider, active: boolean) {
  const [grants] = useState(() => new ServerLegGrants(base));
  const [leg, setLeg] = useState(() => ({ provider, leg: makeLeg(provider, grants) }));
  // The provider is known once the dialer state has loaded; a change brings a new leg (the old one is hung up).
  if (leg.provider !== provider) setLeg({ provider, leg: makeLeg(provider, grants) });
  const current = leg.leg;
  const subscribe = useCallback((l: () => void) => current.subscribe(l), [current]);
  const state = useSyncExternalStore(subscribe, () => current.state);
  const muted = useSyncExternalStore(subscribe, () => current.muted);
  useEffect(() => {
    if (active) current.connect();
    else current.hangUp();
  }, [active, current]);
  useEffect(() => () => current.hangUp(), [current]);
  const offer = useCallback(
    (grant: BrowserLegGrantResponse) => {
      grants.offer(grant);
      // Ready again after the leg was lost: dial with the new grant.
      if (current.state === 'lost') current.connect();
    },
    [grants, current],
  );
  return { state, muted, setMuted: (m: boolean) => current.setMuted(m), offer };
}

/** Whether this browser could carry a call at all (WebRTC); the microphone check finds the rest. */
export function browserCanCall(): boolean {
  return typeof RTCPeerConnection === 'function';
}
