import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualScheduler } from '../../src/adapters/simulator/scheduler';
import { SimulatorTelephony } from '../../src/adapters/simulator/simulator-telephony';
import { sweepAgentPresence } from '../../src/app/dialer/sweep-agent-presence';
import { PRESENCE_TIMEOUT_MS } from '../../src/core/dialer/agent-state';
import { launchBrowser, screenshot, signInPage, watchPage } from '../support/browser';
import { insertLeads } from '../support/dialer-fixture';
import { createCampaign, createTeamWithAgent, type TeamFixture } from '../support/team-fixture';
import { startTestApp, type TestApp } from '../support/test-app';

// Talking from the browser on the carrier simulator, in real Chromium with its fake microphone (a beeping tone):
// the microphone check shows a moving level, Ready brings the simulated browser leg to connected, a lead's call
// connects, hang up, wrap-up. A screenshot per state.

const START = new Date('2030-01-08T16:00:00Z');
let app: TestApp;
let browser: Browser;
let scheduler: ManualScheduler;
let simulator: SimulatorTelephony;
let team: TeamFixture;

beforeAll(async () => {
  app = await startTestApp({
    clock: { now: () => (scheduler ? scheduler.now() : START) },
    env: { JOBS_IN_PROCESS: 'false' },
    telephony: () => {
      scheduler = new ManualScheduler(START);
      simulator = new SimulatorTelephony({
        signingKey: 'e2e-browser-audio-signing-key',
        scheduler,
        seed: 7,
        numbers: [{ e164: '+12025550123', friendlyName: 'DC line' }],
      });
      return simulator;
    },
  });
  // Only this test gets fake media: a synthetic microphone, and the permission prompt accepted.
  browser = await launchBrowser(['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream']);
  team = await createTeamWithAgent(app, 'Browseraudio');
});
afterAll(async () => {
  await browser?.close();
  await simulator?.close();
  await app?.stop();
});

async function elapse(sec: number) {
  scheduler.advanceBy(sec * 1000);
  await simulator.idle();
}

const agentState = (page: Page) => page.getByRole('status', { name: /^Agent state:/ });
const legState = (page: Page) => page.getByRole('status', { name: /^Browser audio:/ });
const callPhase = (page: Page) => page.getByRole('status', { name: /^Call / });
const meter = (page: Page) => page.getByRole('meter', { name: 'Microphone level' });

async function stateIs(page: Page, label: string) {
  await expect
    .poll(() => agentState(page).getAttribute('aria-label'), { timeout: 15_000 })
    .toBe(`Agent state: ${label}`);
}

async function phaseIs(page: Page, phase: string) {
  await expect.poll(() => callPhase(page).getAttribute('aria-label'), { timeout: 15_000 }).toBe(`Call ${phase}`);
}

describe('talking from the browser on the simulator', () => {
  it('checks the microphone, connects the simulated leg on Ready, and works a call to wrap-up', async () => {
    const campaignId = await createCampaign(team.owner, team.teamId, {
      name: 'Browser campaign',
      dialMode: 'preview',
      agentMemberIds: [team.agentMemberId],
      script: 'Hello {{first_name}}.',
    });
    await insertLeads(app.deps.pool, team.teamId, campaignId, [
      { phone: '+12125550100', firstName: 'Ada', state: 'NY', timezones: ['America/New_York'] },
    ]);
    const ctx = await browser.newContext({ baseURL: app.url, viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    const watch = watchPage(page);
    await signInPage(page, (await team.agent.loadMe()).user.email);
    await page.goto('/app/dialer');
    await stateIs(page, 'Offline');

    // Browser chosen: Ready waits for the microphone check.
    await page.getByLabel(/Talk from this browser/).check();
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: /Go Ready/ }).click();
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'Check your microphone first' }).count()).toBe(1);
    await stateIs(page, 'Offline');
    await screenshot(page, 'browser-audio-01-check-first');

    // The check: permission (accepted by the fake UI), devices listed, and the level moving with the fake tone.
    await page.getByRole('button', { name: 'Check my microphone' }).click();
    await expect.poll(() => meter(page).count(), { timeout: 15_000 }).toBe(1);
    const levels = new Set<string>();
    await expect
      .poll(
        async () => {
          levels.add((await meter(page).getAttribute('aria-valuenow')) ?? '');
          return [...levels].filter((l) => l !== '' && l !== '0').length;
        },
        { timeout: 15_000 },
      )
      .toBeGreaterThanOrEqual(2);
    expect(await page.getByLabel('Microphone', { exact: true }).locator('option').count()).toBeGreaterThan(1);
    expect(await page.getByText('Check your microphone first').count()).toBe(0);
    await screenshot(page, 'browser-audio-02-level-moving');
    // The check's controls are labelled and the meter is named: no serious accessibility finding.
    const { violations } = await new AxeBuilder({ page }).include('.mic-check').analyze();
    expect(violations.filter((v) => v.impact === 'critical' || v.impact === 'serious').map((v) => v.id)).toEqual([]);

    // The chosen microphone is remembered in this browser.
    const fakeMic = await page.getByLabel('Microphone', { exact: true }).locator('option').nth(1).getAttribute('value');
    await page.getByLabel('Microphone', { exact: true }).selectOption(fakeMic!);
    await expect.poll(() => page.evaluate(() => localStorage.getItem('dialerseat.audio-devices'))).toContain(fakeMic!);

    // Ready: the simulated leg goes connecting → connected; Mute toggles.
    await page.getByRole('button', { name: /Go Ready/ }).click();
    await stateIs(page, 'Ready');
    await expect
      .poll(() => legState(page).getAttribute('aria-label'), { timeout: 15_000 })
      .toBe('Browser audio: connected');
    await screenshot(page, 'browser-audio-03-ready-connected');
    await page.getByRole('button', { name: 'Mute' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Unmute' }).getAttribute('aria-pressed')).toBe('true');
    await screenshot(page, 'browser-audio-04-muted');
    await page.getByRole('button', { name: 'Unmute' }).click();

    // A lead's call connects, the agent hangs up, wrap-up.
    await page.keyboard.press('n');
    await expect.poll(() => page.getByRole('heading', { name: 'Ada', exact: true }).count()).toBe(1);
    await page.keyboard.press('d');
    await phaseIs(page, 'dialing');
    await elapse(1);
    await phaseIs(page, 'ringing');
    await elapse(4);
    await phaseIs(page, 'connected');
    await stateIs(page, 'On call');
    expect(await legState(page).getAttribute('aria-label')).toBe('Browser audio: connected');
    await screenshot(page, 'browser-audio-05-call-connected');
    await page.keyboard.press('h');
    await simulator.idle();
    await stateIs(page, 'Wrap-up');
    await screenshot(page, 'browser-audio-06-wrap-up');

    expect(watch.problems()).toEqual([]);
    await ctx.close();
  });

  it('says what to do when the browser is refused the microphone', async () => {
    // Chromium's fake permission UI set to refuse: the agent (or their policy) said no.
    const refusing = await launchBrowser(['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream=deny']);
    try {
      const ctx = await refusing.newContext({ baseURL: app.url, viewport: { width: 1280, height: 900 } });
      const page = await ctx.newPage();
      const other = await createTeamWithAgent(app, 'Refused');
      await createCampaign(other.owner, other.teamId, { dialMode: 'preview', agentMemberIds: [other.agentMemberId] });
      await signInPage(page, (await other.agent.loadMe()).user.email);
      await page.goto('/app/dialer');
      await stateIs(page, 'Offline');
      await page.getByLabel(/Talk from this browser/).check();
      await page.getByRole('button', { name: 'Check my microphone' }).click();
      await expect
        .poll(() => page.getByRole('alert').filter({ hasText: 'refused access to your microphone' }).count(), {
          timeout: 15_000,
        })
        .toBe(1);
      expect(await meter(page).count()).toBe(0);
      await expect.poll(() => page.getByRole('button', { name: 'Check again' }).count()).toBe(1);
      await screenshot(page, 'browser-audio-07-permission-denied');
      await page.keyboard.press('Escape');
      await page.keyboard.press('r');
      await expect.poll(() => page.getByText('Check your microphone first').count()).toBe(1);
      await stateIs(page, 'Offline');
      await ctx.close();
    } finally {
      await refusing.close();
    }
  });

  it('keeps the agent present and the leg up while the tab is hidden, past the presence sweep', async () => {
    const hidden = await createTeamWithAgent(app, 'Hidden');
    await createCampaign(hidden.owner, hidden.teamId, { dialMode: 'preview', agentMemberIds: [hidden.agentMemberId] });
    const ctx = await browser.newContext({ baseURL: app.url, viewport: { width: 1280, height: 900 } });
    // What Chrome does to a hidden tab's page, which headless Chromium does not do by itself (it reports every page
    // visible and neither throttles nor freezes them): visibilityState hidden, and the page's own timers held — the
    // far end of Chrome's throttling, a frozen page. A worker's timers are not the page's and keep running.
    await ctx.addInitScript(() => {
      let hiddenNow = false;
      const held: (() => void)[] = [];
      const realSetTimeout = window.setTimeout.bind(window);
      const realSetInterval = window.setInterval.bind(window);
      const w = window as unknown as Record<string, unknown>;
      w.setTimeout = (fn: () => void, ms?: number, ...args: unknown[]) =>
        realSetTimeout(() => (hiddenNow ? held.push(() => fn(...(args as []))) : fn(...(args as []))), ms);
      w.setInterval = (fn: () => void, ms?: number, ...args: unknown[]) =>
        realSetInterval(() => !hiddenNow && fn(...(args as [])), ms);
      const setHidden = (value: boolean) => {
        hiddenNow = value;
        Object.defineProperty(document, 'visibilityState', { value: value ? 'hidden' : 'visible', configurable: true });
        Object.defineProperty(document, 'hidden', { value, configurable: true });
        document.dispatchEvent(new Event('visibilitychange'));
        if (!value) held.splice(0).forEach((f) => f());
      };
      w.__hideTab = () => setHidden(true);
      w.__showTab = () => setHidden(false);
    });
    const page = await ctx.newPage();
    const watch = watchPage(page);
    const email = (await hidden.agent.loadMe()).user.email;
    await signInPage(page, email);
    await page.goto('/app/dialer');
    await stateIs(page, 'Offline');
    await page.getByLabel(/Talk from this browser/).check();
    await page.getByRole('button', { name: 'Check my microphone' }).click();
    await expect.poll(() => meter(page).count(), { timeout: 15_000 }).toBe(1);
    await page.getByRole('button', { name: /Go Ready/ }).click();
    await stateIs(page, 'Ready');
    await expect
      .poll(() => legState(page).getAttribute('aria-label'), { timeout: 15_000 })
      .toBe('Browser audio: connected');

    await page.evaluate(() => (window as unknown as { __hideTab: () => void }).__hideTab());
    expect(await page.evaluate(() => document.visibilityState)).toBe('hidden');
    const lastHeartbeat = async () =>
      (
        await app.deps.pool.query<{ last_heartbeat: Date }>(
          `select s.last_heartbeat from agent_sessions s join users u on u.id = s.user_id where u.email = $1`,
          [email],
        )
      ).rows[0]!.last_heartbeat.getTime();
    // The server's clock moves past the sweep's threshold twice over while the tab stays hidden; after each step a
    // heartbeat from the hidden tab lands (the poll waits for it), so the agent is still present when the sweep runs.
    const hiddenAt = scheduler.now().getTime();
    for (let step = 0; step < 2; step++) {
      scheduler.advanceBy(PRESENCE_TIMEOUT_MS - 5_000);
      const now = scheduler.now().getTime();
      await expect.poll(lastHeartbeat, { timeout: 40_000 }).toBe(now);
    }
    expect(scheduler.now().getTime() - hiddenAt).toBeGreaterThan(PRESENCE_TIMEOUT_MS);
    await sweepAgentPresence(app.deps);
    const session = await app.deps.pool.query<{ state: string }>(
      `select s.state from agent_sessions s join users u on u.id = s.user_id where u.email = $1`,
      [email],
    );
    expect(session.rows[0]!.state).toBe('ready');
    await screenshot(page, 'browser-audio-08-hidden-tab-still-ready');

    // Back to the tab: still Ready, the leg still connected.
    await page.evaluate(() => (window as unknown as { __showTab: () => void }).__showTab());
    await stateIs(page, 'Ready');
    expect(await legState(page).getAttribute('aria-label')).toBe('Browser audio: connected');
    await screenshot(page, 'browser-audio-09-tab-shown-again');
    expect(watch.problems()).toEqual([]);
    await ctx.close();
  });
});
