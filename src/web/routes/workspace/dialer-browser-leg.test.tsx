// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { campaign, stubDialerApi, TEAM } from '../../features/dialer/fake-dialer-server';
import { FakeSignalWireSdk } from '../../features/dialer/fake-signalwire-sdk';
import { TeamContext } from '../../team';
import { DialerPage } from './dialer';

// The dialer page on SignalWire with the browser chosen: the real page and the real adapter, with the SDK module
// replaced by a fake object (the adapter imports it lazily, so this also proves the import goes through there).

const sdk = vi.hoisted(() => ({ current: null as FakeSignalWireSdk | null }));
vi.mock('@signalwire/js', () => ({
  SignalWire: (params: { token: string }) => sdk.current!.SignalWire(params),
}));

function renderPage() {
  return render(
    <TeamContext.Provider value={TEAM}>
      <MemoryRouter>
        <DialerPage />
      </MemoryRouter>
    </TeamContext.Provider>,
  );
}

const legState = () => screen.getByRole('status', { name: /^Browser audio:/ }).getAttribute('aria-label');

beforeEach(() => {
  sdk.current = new FakeSignalWireSdk();
  // happy-dom has no WebRTC; the page only asks whether the browser has it.
  vi.stubGlobal('RTCPeerConnection', class {});
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('the dialer page with the SignalWire browser leg', () => {
  it('dials back in after a reload with a fresh one-time address, shows connected, and mutes through the SDK', async () => {
    const server = stubDialerApi([campaign('preview')]);
    server.set({
      state: 'paused',
      campaign: campaign('preview'),
      line: {
        required: true,
        kind: 'browser',
        kinds: ['phone', 'sip', 'browser'],
        phone: null,
        sip: null,
        status: 'connected',
      },
    });
    server.on('POST /dialer/browser-leg', () => ({
      token: 'sat-after-reload',
      expiresAt: '2030-01-08T18:00:00.000Z',
      dialAddress: '/public/dialerseat-agent?t=fresh-nonce',
    }));
    renderPage();
    await waitFor(() => expect(legState()).toBe('Browser audio: connected'));
    expect(server.sent('POST /dialer/browser-leg')).toHaveLength(1);
    // One status for the browser audio, not the server's line status beside it saying the same.
    expect(screen.getAllByText(/browser audio is connected/i)).toHaveLength(1);
    expect(sdk.current!.clients.map((c) => c.token)).toEqual(['sat-after-reload']);
    expect(sdk.current!.lastCall().params.to).toBe('/public/dialerseat-agent?t=fresh-nonce');

    fireEvent.click(screen.getByRole('button', { name: 'Mute' }));
    await waitFor(() => expect(sdk.current!.lastCall().audioMuted).toBe(true));
    expect(screen.getByRole('button', { name: 'Unmute' }).getAttribute('aria-pressed')).toBe('true');

    // Stop: the leg is hung up and the SDK client closed.
    fireEvent.click(screen.getByRole('button', { name: /^Stop dialing/ }));
    await waitFor(() => expect(sdk.current!.lastCall().hungUp).toBe(true));
    expect(sdk.current!.clients[0]!.disconnected).toBe(true);
  });

  it('offers the browser among the ways to talk, and leaves it out where the browser has no WebRTC', async () => {
    const server = stubDialerApi([campaign('preview')]);
    server.set({
      line: {
        required: true,
        kind: 'phone',
        kinds: ['phone', 'sip', 'browser'],
        phone: null,
        sip: null,
        status: 'none',
      },
    });
    const { unmount } = renderPage();
    await screen.findByRole('radio', { name: 'This browser (headset)' });
    fireEvent.click(screen.getByRole('radio', { name: 'This browser (headset)' }));
    // The microphone check comes before Ready for the real leg as for the twin.
    await screen.findByRole('group', { name: 'Microphone check' });
    fireEvent.click(screen.getByRole('button', { name: /^Go Ready/ }));
    await screen.findByText(/Check your microphone first/);
    expect(server.sent('POST /dialer/ready')).toEqual([]);
    unmount();

    vi.stubGlobal('RTCPeerConnection', undefined);
    renderPage();
    await screen.findByRole('radio', { name: 'My phone' });
    expect(screen.queryByRole('radio', { name: 'This browser (headset)' })).toBeNull();
  });
});
