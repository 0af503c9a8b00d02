import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualScheduler } from '../../src/adapters/simulator/scheduler';
import { SIMULATOR_TEST_NUMBERS, SimulatorTelephony } from '../../src/adapters/simulator/simulator-telephony';
import { startProviderCall } from '../../src/app/telephony/start-provider-call';
import { screenshot } from '../support/browser';
import { startAppAndBrowser } from '../support/e2e-setup';
import type { TestApp } from '../support/test-app';
import { TestClient, uniqueEmail } from '../support/http-client';
import { waitingAgentSession } from '../support/agent-session-fixture';

let app: TestApp;
let browser: Browser;
let scheduler: ManualScheduler;
let simulator: SimulatorTelephony;

beforeAll(async () => {
  ({ app, browser } = await startAppAndBrowser({
    telephony: () => {
      scheduler = new ManualScheduler();
      simulator = new SimulatorTelephony({
        signingKey: 'e2e-simulator-signing-key',
        scheduler,
        seed: 3,
        numbers: [{ e164: '+14155550123', friendlyName: 'SF line' }],
      });
      return simulator;
    },
  }));
});
afterAll(async () => {
  await browser?.close();
  await simulator?.close();
  await app?.stop();
});

describe('a call recording in the browser', () => {
  it('plays in Chromium from our own route (an <audio> element reaches canplay with the call’s duration)', async () => {
    const email = uniqueEmail('e2e-rec');
    const owner = new TestClient(app.url);
    await owner.signUp({ name: 'Rita Recorder', email, teamName: 'Recorded Team' });
    const me = await owner.loadMe();
    const teamId = me.teams[0]!.id;

    const placed = await startProviderCall(app.deps, {
      teamId,
      agentId: me.user.id,
      agentSessionId: await waitingAgentSession(app.deps.pool, teamId, me.user.id),
      to: SIMULATOR_TEST_NUMBERS.humanHangsUpAfter(14),
      record: true,
      amd: false,
    });
    if (!placed.ok) throw new Error(placed.message);
    scheduler.advanceBy(5_000);
    await simulator.idle();
    scheduler.advanceBy(14_000);
    await simulator.idle();

    const ctx = await browser.newContext({ baseURL: app.url, viewport: { width: 1280, height: 800 } });
    const page = await ctx.newPage();
    await page.goto('/sign-in');
    // Sign in through the API in the page's own context, so its cookie jar holds the session.
    const signIn = await page.evaluate(async (e) => {
      const res = await fetch('/api/auth/sign-in/email', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: e, password: 'correct horse battery staple' }),
      });
      return res.status;
    }, email);
    expect(signIn).toBe(200);

    const src = `/api/teams/${teamId}/calls/${placed.call.id}/recording`;
    const played = await page.evaluate(async (url) => {
      const audio = document.createElement('audio');
      audio.controls = true;
      audio.preload = 'auto';
      document.body.prepend(audio);
      const ready = new Promise<{ ok: boolean; duration: number; error: number | null }>((resolve) => {
        audio.addEventListener('canplay', () => resolve({ ok: true, duration: audio.duration, error: null }), {
          once: true,
        });
        audio.addEventListener('error', () => resolve({ ok: false, duration: 0, error: audio.error?.code ?? -1 }), {
          once: true,
        });
      });
      audio.src = url;
      return ready;
    }, src);
    expect(played.error).toBeNull();
    expect(played.ok).toBe(true);
    expect(played.duration).toBeCloseTo(14, 0);
    await screenshot(page, 'recording-playback');

    // The page never learns where the provider keeps the audio: only our route answers it.
    const requested: string[] = [];
    page.on('request', (r) => requested.push(r.url()));
    const status = await page.evaluate(async (url) => (await fetch(`${url}?download=1`)).status, src);
    expect(status).toBe(200);
    expect(requested.every((u) => u.startsWith(app.url))).toBe(true);
    await ctx.close();
  });
});
