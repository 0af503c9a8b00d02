// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  call,
  campaign,
  FakeEventSource,
  lead,
  stubDialerApi,
  TEAM,
  type FakeDialerServer,
} from '../../features/dialer/fake-dialer-server';
import { TeamContext } from '../../team';
import { DialerPage } from './dialer';

// The dialer page in a DOM with its API stubbed at the HTTP level (fetch and the event stream): what the agent sees
// in each state, what each key does, and what power and progressive modes do by themselves.

function renderPage() {
  return render(
    <TeamContext.Provider value={TEAM}>
      <MemoryRouter>
        <DialerPage />
      </MemoryRouter>
    </TeamContext.Provider>,
  );
}

const press = (key: string, target: Element = document.body) => fireEvent.keyDown(target, { key, bubbles: true });
const agentState = () => screen.getByRole('status', { name: /^Agent state:/ }).getAttribute('aria-label');
const radio = (name: string) => screen.getByRole('radio', { name }) as HTMLInputElement;
const callPhase = () => screen.getByRole('status', { name: /^Call / }).getAttribute('aria-label');
async function stateIs(label: string) {
  await waitFor(() => expect(agentState()).toBe(`Agent state: ${label}`));
}
/** A server-sent event, delivered as the browser would (outside any React event handler). */
const push = (type: string, data: unknown) => act(() => FakeEventSource.emit(type, data));

let server: FakeDialerServer;
beforeEach(() => sessionStorage.clear());
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('the dialer page', () => {
  it('works a preview lead from the keyboard: Ready, Next, Dial, the call pushed live, Hang up, a disposition by number', async () => {
    server = stubDialerApi([campaign('preview')]);
    server.queue.push(lead('Ada'));
    server.on('POST /calls/:id/hang-up', () => ({}));
    renderPage();
    await stateIs('Offline');
    expect(screen.getByRole('heading', { name: 'Start dialing' })).toBeTruthy();

    press('r');
    await stateIs('Ready');
    expect(server.sent('POST /dialer/ready')).toEqual([{ campaignId: 'campaign-preview' }]);
    expect(screen.getByText('Take the next lead to preview it.')).toBeTruthy();

    press('n');
    await screen.findByRole('heading', { name: 'Ada' });
    expect(screen.getByText('Hello Ada')).toBeTruthy();

    press('d');
    await stateIs('Dialing');
    expect(callPhase()).toBe('Call dialing');
    push('call', call('call-1', 'ringing'));
    await waitFor(() => expect(callPhase()).toBe('Call ringing'));
    push('call', call('call-1', 'in-progress'));
    await stateIs('On call');
    expect(callPhase()).toBe('Call connected');

    press('h');
    await waitFor(() => expect(server.requests.some((r) => r.path === '/calls/call-1/hang-up')).toBe(true));
    server.set({ state: 'wrap_up', call: call('call-1', 'completed', { outcome: 'human' }) });
    push('call', call('call-1', 'completed', { outcome: 'human' }));
    await stateIs('Wrap-up');
    expect(callPhase()).toBe('Call ended');
    expect(screen.getByText(/Ended \(talked\)/)).toBeTruthy();

    press('2');
    await waitFor(() => expect(radio('2 Not interested').checked).toBe(true));
    press('a');
    await waitFor(() =>
      expect((screen.getByLabelText(/Not ready after this call/) as HTMLInputElement).checked).toBe(true),
    );
    press('Enter');
    await stateIs('Not ready');
    expect(server.sent('POST /dialer/disposition')).toEqual([
      {
        callId: 'call-1',
        disposition: 'not_interested',
        notes: '',
        callback: null,
        consentConfirmed: false,
        then: 'paused',
      },
    ]);
    expect(screen.getByText('Disposition saved.')).toBeTruthy();

    press('q');
    await stateIs('Offline');
  });

  it('takes "1, Enter" typed while the hang-up is still being answered: the choice at once, the save after it', async () => {
    server = stubDialerApi([campaign('preview')]);
    server.set({
      state: 'on_call',
      campaign: campaign('preview'),
      lead: lead('Ada'),
      call: call('call-5', 'in-progress'),
    });
    let answerHangUp!: () => void;
    const hangUpHeld = new Promise<void>((resolve) => (answerHangUp = resolve));
    server.on('POST /calls/:id/hang-up', () => hangUpHeld.then(() => ({})));
    renderPage();
    await stateIs('On call');
    press('h');
    await waitFor(() => expect(server.sent('POST /calls/call-5/hang-up')).toHaveLength(1));
    // The end is pushed before the hang-up's own answer arrives (the page is still busy with it).
    server.set({ state: 'wrap_up', call: call('call-5', 'completed', { outcome: 'human' }) });
    push('call', call('call-5', 'completed', { outcome: 'human' }));
    await stateIs('Wrap-up');
    press('1');
    await waitFor(() => expect(radio('1 Interested').checked).toBe(true));
    press('Enter');
    expect(server.sent('POST /dialer/disposition')).toEqual([]);
    await act(async () => answerHangUp());
    await stateIs('Ready');
    expect(server.sent('POST /dialer/disposition')).toMatchObject([{ callId: 'call-5', disposition: 'interested' }]);
  });

  it('leaves keys alone while the agent types in a field, and Esc hands them back', async () => {
    server = stubDialerApi([campaign('preview')]);
    server.set({
      state: 'wrap_up',
      campaign: campaign('preview'),
      lead: lead('Bo'),
      call: call('call-7', 'completed'),
    });
    renderPage();
    await stateIs('Wrap-up');
    press('t');
    const notes = screen.getByLabelText(/^Notes/);
    await waitFor(() => expect(document.activeElement).toBe(notes));
    press('1', notes);
    press('Enter', notes);
    expect(radio('1 Interested').checked).toBe(false);
    expect(server.sent('POST /dialer/disposition')).toEqual([]);
    press('Escape', notes);
    expect(document.activeElement).not.toBe(notes);
    press('1');
    await waitFor(() => expect(radio('1 Interested').checked).toBe(true));
  });

  it('progressive: going Ready fetches the next lead and dials it without a key, and again after each disposition', async () => {
    server = stubDialerApi([campaign('progressive')]);
    server.queue.push(lead('Cy'), lead('Di'));
    renderPage();
    await stateIs('Offline');
    press('r');
    await screen.findByRole('heading', { name: 'Cy' });
    await stateIs('Dialing');
    expect(server.requests.map((r) => `${r.method} ${r.path}`).filter((r) => r.startsWith('POST'))).toEqual([
      'POST /dialer/ready',
      'POST /dialer/next',
      'POST /dialer/dial',
    ]);

    server.set({ state: 'wrap_up', call: call('call-1', 'completed', { outcome: 'human' }) });
    push('call', call('call-1', 'completed', { outcome: 'human' }));
    await stateIs('Wrap-up');
    press('1');
    press('Enter');
    await screen.findByRole('heading', { name: 'Di' });
    await stateIs('Dialing');
    expect(server.sent('POST /dialer/dial')).toHaveLength(2);
  });

  it('without a keyboard: Not ready with a lead on screen, and Stop dialing from Ready, are buttons', async () => {
    server = stubDialerApi([campaign('preview')]);
    server.queue.push(lead('Flo'));
    renderPage();
    await stateIs('Offline');
    fireEvent.click(screen.getByRole('button', { name: /^Go Ready/ }));
    await stateIs('Ready');
    fireEvent.click(screen.getByRole('button', { name: /^Next lead/ }));
    await screen.findByRole('heading', { name: 'Flo' });
    fireEvent.click(screen.getByRole('button', { name: /^Not ready/ }));
    await stateIs('Not ready');
    expect(server.sent('POST /dialer/pause')).toEqual([{ to: 'paused' }]);
    fireEvent.click(screen.getByRole('button', { name: /^Go Ready/ }));
    await stateIs('Ready');
    fireEvent.click(screen.getByRole('button', { name: /^Stop dialing/ }));
    await stateIs('Offline');
    expect(server.sent('POST /dialer/pause')).toEqual([{ to: 'paused' }, { to: 'offline' }]);
  });

  it('power: the next lead comes up by itself but waits for Dial, and an empty campaign says so', async () => {
    server = stubDialerApi([campaign('power')]);
    server.queue.push(lead('Ed'));
    renderPage();
    await stateIs('Offline');
    press('r');
    await screen.findByRole('heading', { name: 'Ed' });
    expect(agentState()).toBe('Agent state: Ready');
    expect(server.sent('POST /dialer/dial')).toEqual([]);
    press('s');
    await screen.findByText(/Nothing in this campaign may be called right now/);
  });

  it('says why nothing may be called and when that changes, as the server counts it', async () => {
    server = stubDialerApi([campaign('preview')]);
    server.on('POST /dialer/next', () => ({
      ...server.set({ lead: null }),
      exhausted: true,
      denied: [],
      waiting: {
        hours: { leads: 3, next: { zone: 'America/New_York', at: '2030-01-08T13:00:00.000Z' } },
        retries: { leads: 1, nextAt: '2030-01-08T15:00:00.000Z' },
        callbacks: { leads: 0, nextAt: null },
        attemptLimit: { leads: 1 },
        other: 0,
      },
    }));
    renderPage();
    await stateIs('Offline');
    press('r');
    await stateIs('Ready');
    press('n');
    await screen.findByText(/Nothing in this campaign may be called right now/);
    expect(screen.getByText(/^3 leads wait for calling hours; America\/New York opens first, at /)).toBeTruthy();
    expect(screen.getByText(/^1 lead waits for the retry gap; the next is due at /)).toBeTruthy();
    expect(screen.getByText("1 lead has reached the campaign's attempt limit.")).toBeTruthy();
  });

  it('follows the server when answering-machine detection dispositions the call: Ready again, no wrap-up form', async () => {
    const amd = campaign('power', { amd: true });
    server = stubDialerApi([amd]);
    server.set({ state: 'on_call', campaign: amd, lead: lead('Mo'), call: call('call-9', 'in-progress') });
    renderPage();
    await stateIs('On call');
    // The server hangs up on the machine, dispositions the call Voicemail and makes the agent Ready; the screen hears
    // of it as call events that arrive together: the hang-up's status and the disposition's change.
    server.set({ state: 'ready', lead: null, call: null });
    await push('call', call('call-9', 'in-progress', { amdResult: 'machine' }));
    await act(() => {
      FakeEventSource.emit('call', call('call-9', 'completed', { outcome: 'machine', amdResult: 'machine' }));
      FakeEventSource.emit('call', call('call-9', 'completed', { outcome: 'machine', amdResult: 'machine' }));
    });
    await stateIs('Ready');
    expect(screen.queryByRole('heading', { name: /^Wrap-up/ })).toBeNull();
    expect(screen.queryByText(/Ended \(machine\)/)).toBeNull();
  });

  it('never lets a reload read before a disposition put the saved call back on screen', async () => {
    server = stubDialerApi([campaign('preview')]);
    server.set({
      state: 'wrap_up',
      campaign: campaign('preview'),
      lead: lead('Hal'),
      call: call('call-5', 'completed'),
    });
    renderPage();
    await stateIs('Wrap-up');
    // From here the server answers a reload with the state it had when the reload arrived, but only when the test
    // says so; the disposition is held the same way.
    let answerReloads!: () => void;
    const reloadsHeld = new Promise<void>((resolve) => (answerReloads = resolve));
    server.on('GET /dialer', (_req, s) => {
      const then = s.state;
      return reloadsHeld.then(() => then);
    });
    let answerDisposition!: () => void;
    const dispositionHeld = new Promise<void>((resolve) => (answerDisposition = resolve));
    server.on('POST /dialer/disposition', (_req, s) =>
      dispositionHeld.then(() => s.set({ state: 'ready', lead: null, call: null })),
    );

    press('1');
    press('Enter');
    await waitFor(() => expect(server.sent('POST /dialer/disposition')).toHaveLength(1));
    // The recording's last change arrives while the disposition is on its way: the screen wants a reload.
    await push(
      'call',
      call('call-5', 'completed', {
        recording: { status: 'completed', durationSec: 12, expiresAt: '2030-02-08T16:00:00.000Z' },
      }),
    );
    await act(async () => answerDisposition());
    await stateIs('Ready');
    await act(async () => answerReloads());
    // Every request answered and its answer handled: what the screen shows now is what it keeps.
    await waitFor(() => expect(server.answered).toBe(server.requests.length));
    await act(async () => {});
    await stateIs('Ready');
    expect(screen.queryByRole('heading', { name: /^Wrap-up/ })).toBeNull();
  });

  /**
   * A Ready agent in a predictive campaign, given a pacer line while it rings: the server says so and the screen
   * reloads, but that reload's answer (the call ringing) is held until the returned function releases it.
   */
  async function pacerLineWithReloadHeld(callId: string) {
    const paced = campaign('predictive');
    server = stubDialerApi([paced]);
    server.set({ state: 'ready', campaign: paced, lead: null, call: null });
    renderPage();
    await stateIs('Ready');
    let answerReload!: () => void;
    const reloadHeld = new Promise<void>((resolve) => (answerReload = resolve));
    server.on('GET /dialer', (_req, s) => {
      const then = s.state;
      return reloadHeld.then(() => then);
    });
    server.set({ state: 'dialing', lead: lead('Ada'), call: call(callId, 'ringing') });
    await push('agent', {});
    await waitFor(() => expect(server.sent('GET /dialer').length).toBeGreaterThan(1));
    server.set({ state: 'on_call', call: call(callId, 'in-progress') });
    return answerReload;
  }

  it('predictive: a line answered while the reload that brought it was under way shows On call, not Dialing', async () => {
    const answerReload = await pacerLineWithReloadHeld('call-p1');
    await push('call', call('call-p1', 'in-progress'));
    await act(async () => answerReload());
    await waitFor(() => expect(server.answered).toBe(server.requests.length));
    await stateIs('On call');
    expect(callPhase()).toMatch(/connected/i);
  });

  it('predictive: an answer pushed after the reload landed but before the screen rendered it shows On call', async () => {
    const answerReload = await pacerLineWithReloadHeld('call-p2');
    // One act: the reload's answer (ringing) is set, then the answer is pushed, and only then does React render, so
    // the push's handler still sees the screen without the call.
    await act(async () => {
      answerReload();
      await vi.waitFor(() => expect(server.answered).toBe(server.requests.length));
      FakeEventSource.emit('call', call('call-p2', 'in-progress'));
    });
    await stateIs('On call');
    expect(callPhase()).toMatch(/connected/i);
  });

  it('keeps the typed wrap-up notes across a reload, for that call only, and drops them once saved', async () => {
    server = stubDialerApi([campaign('preview')]);
    server.set({
      state: 'wrap_up',
      campaign: campaign('preview'),
      lead: lead('Flo'),
      call: call('call-3', 'completed'),
    });
    const first = renderPage();
    await stateIs('Wrap-up');
    fireEvent.change(screen.getByLabelText(/^Notes/), { target: { value: 'Wants a quote by Friday' } });
    press('1');
    await waitFor(() => expect(radio('1 Interested').checked).toBe(true));
    first.unmount();

    // The reload: a new page, the same tab.
    renderPage();
    await stateIs('Wrap-up');
    expect((screen.getByLabelText(/^Notes/) as HTMLTextAreaElement).value).toBe('Wants a quote by Friday');
    expect(radio('1 Interested').checked).toBe(true);
    press('Enter');
    await stateIs('Ready');
    expect(server.sent('POST /dialer/disposition')).toMatchObject([
      { callId: 'call-3', disposition: 'interested', notes: 'Wants a quote by Friday' },
    ]);
    expect(sessionStorage.length).toBe(0);
    cleanup();

    // Another call's form starts empty.
    server.set({ state: 'wrap_up', lead: lead('Gus'), call: call('call-4', 'completed') });
    renderPage();
    await stateIs('Wrap-up');
    expect((screen.getByLabelText(/^Notes/) as HTMLTextAreaElement).value).toBe('');
  });
});
