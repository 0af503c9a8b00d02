import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot, signInPage, watchPage } from '../support/browser';
import { agentState, stateIs } from '../support/dialer-page';
import { useSimulatorAppAndBrowser } from '../support/e2e-setup';
import { insertLeads } from '../support/dialer-fixture';
import { createCampaign } from '../support/team-fixture';

// The agent's workspace in real Chromium against the carrier simulator on a manual clock: Ready in each mode,
// Dial, ringing → connected (pushed over SSE), stop the recording, hang up, disposition by key, a callback that
// comes back to the same agent when due, the call in the log with its recording playing. A screenshot per state.

// Tuesday 2030-01-08 16:00 UTC: 11:00 in New York, 10:00 in Chicago.
const START = new Date('2030-01-08T16:00:00Z');
const bed = useSimulatorAppAndBrowser({
  start: START,
  signingKey: 'e2e-dialer-signing-key',
  seed: 5,
  teamName: 'Workspace',
});
const { elapse } = bed;

const campaign = (dialMode: string, name: string) =>
  createCampaign(bed.team.owner, bed.team.teamId, {
    name,
    dialMode,
    agentMemberIds: [bed.team.agentMemberId],
    script: 'Hello {{first_name}}, this is {{agent_name}} calling about {{campaign_name}}.',
    recordingDisclosure: 'This call is recorded for quality.',
  });

async function signInAgent(page: Page) {
  await signInPage(page, (await bed.team.agent.loadMe()).user.email);
}

const callPhase = (page: Page) => page.getByRole('status', { name: /^Call / });

async function phaseIs(page: Page, phase: string) {
  await expect.poll(() => callPhase(page).getAttribute('aria-label'), { timeout: 15_000 }).toBe(`Call ${phase}`);
}

describe('the agent workspace', () => {
  it('works a preview, a power and a progressive campaign from the keyboard, with a callback and the call log', async () => {
    const preview = await campaign('preview', 'Preview campaign');
    const power = await campaign('power', 'Power campaign');
    const progressive = await campaign('progressive', 'Progressive campaign');
    const [callbackLead] = await insertLeads(bed.app.deps.pool, bed.team.teamId, preview, [
      { phone: '+12125550100', firstName: 'Ada', state: 'NY', timezones: ['America/New_York'] },
    ]);
    await insertLeads(bed.app.deps.pool, bed.team.teamId, power, [
      { phone: '+13125550100', firstName: 'Bo', state: 'IL', timezones: ['America/Chicago'] },
    ]);
    await insertLeads(bed.app.deps.pool, bed.team.teamId, progressive, [
      {
        phone: '+17135550100',
        firstName: 'Cy',
        state: 'TX',
        timezones: ['America/Chicago'],
        createdAt: new Date('2029-01-01T00:00:00Z'),
      },
      {
        phone: '+12145550100',
        firstName: 'Di',
        state: 'TX',
        timezones: ['America/Chicago'],
        createdAt: new Date('2029-01-02T00:00:00Z'),
      },
    ]);

    const ctx = await bed.browser.newContext({ baseURL: bed.app.url, viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    const watch = watchPage(page);
    await signInAgent(page);
    await page.goto('/app/dialer');
    await stateIs(page, 'Offline');
    await expect.poll(() => page.getByRole('heading', { name: 'Keyboard' }).count()).toBe(1);
    await screenshot(page, 'dialer-01-offline');

    // Preview: Ready (R), next lead (N), the lead and its script on screen.
    await page.getByLabel('Campaign').selectOption({ label: 'Preview campaign (preview)' });
    await page.keyboard.press('r');
    await stateIs(page, 'Ready');
    await screenshot(page, 'dialer-02-ready');
    await page.keyboard.press('n');
    await expect.poll(() => page.getByRole('heading', { name: 'Ada', exact: true }).count()).toBe(1);
    await expect
      .poll(() => page.getByText('Hello Ada, this is Workspace Agent calling about Preview campaign.').count())
      .toBe(1);
    await screenshot(page, 'dialer-03-preview');

    // Dial (D): dialing → ringing → connected, pushed live; the disclosure shows at connect.
    await page.keyboard.press('d');
    await phaseIs(page, 'dialing');
    await screenshot(page, 'dialer-04-dialing');
    await elapse(1);
    await phaseIs(page, 'ringing');
    await screenshot(page, 'dialer-05-ringing');
    await elapse(4);
    await phaseIs(page, 'connected');
    await stateIs(page, 'On call');
    await expect
      .poll(() => page.getByRole('alert').filter({ hasText: 'This call is recorded for quality.' }).count())
      .toBe(1);
    await screenshot(page, 'dialer-06-connected');
    await elapse(8);
    // Stop the recording (X): the contact asked.
    await page.keyboard.press('x');
    await expect.poll(() => page.getByText('Recording: stopped').count()).toBe(1);
    await screenshot(page, 'dialer-07-recording-stopped');
    await elapse(4);
    // Hang up (H) → wrap-up.
    await page.keyboard.press('h');
    await bed.simulator.idle();
    await phaseIs(page, 'ended');
    await stateIs(page, 'Wrap-up');
    await screenshot(page, 'dialer-08-wrap-up');

    // Disposition by key: 3 = Callback, in the lead's own time zone; outside its window it is refused.
    await page.keyboard.press('3');
    await expect.poll(() => page.getByLabel(/Callback$/).isChecked()).toBe(true);
    await page.getByLabel(/Callback at/).fill('2030-01-08T21:30');
    await page.getByLabel(/^Notes/).fill('Call back after the meeting');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByText(/outside the lead's calling hours/).count()).toBeGreaterThan(0);
    await screenshot(page, 'dialer-09-callback-refused');
    await page.getByLabel(/Callback at/).fill('2030-01-08T11:30');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByText('Disposition saved.').count()).toBe(1);
    await stateIs(page, 'Ready');
    await screenshot(page, 'dialer-10-callback-scheduled');

    // Not ready (A), then Ready on the power campaign: the lead comes up by itself; Dial, talk, hang up, 1 = Interested.
    await page.keyboard.press('a');
    await stateIs(page, 'Not ready');
    await screenshot(page, 'dialer-11-not-ready');
    await page.keyboard.press('q');
    await stateIs(page, 'Offline');
    await page.getByLabel('Campaign').selectOption({ label: 'Power campaign (power)' });
    await page.keyboard.press('r');
    await expect.poll(() => page.getByRole('heading', { name: 'Bo', exact: true }).count()).toBe(1);
    await screenshot(page, 'dialer-12-power-lead');
    await page.keyboard.press('d');
    await phaseIs(page, 'dialing');
    await elapse(5);
    await phaseIs(page, 'connected');
    await page.keyboard.press('h');
    await bed.simulator.idle();
    await stateIs(page, 'Wrap-up');
    await page.keyboard.press('1');
    // Illinois requires every party's consent to record: the disposition waits for the agent's confirmation (C).
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByText(/confirm the recording disclosure was given/).count()).toBeGreaterThan(0);
    await page.keyboard.press('c');
    await expect.poll(() => page.getByLabel(/I gave the recording disclosure/).isChecked()).toBe(true);
    await screenshot(page, 'dialer-13-consent');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.getByText('Nothing in this campaign may be called right now.', { exact: false }).count())
      .toBe(1);
    await screenshot(page, 'dialer-14-power-exhausted');

    // Progressive: Ready dials the first lead itself, and after its disposition the next one too.
    await page.keyboard.press('a');
    await stateIs(page, 'Not ready');
    await page.keyboard.press('q');
    await stateIs(page, 'Offline');
    await page.getByLabel('Campaign').selectOption({ label: 'Progressive campaign (progressive)' });
    await page.keyboard.press('r');
    await expect.poll(() => page.getByRole('heading', { name: 'Cy', exact: true }).count()).toBe(1);
    await phaseIs(page, 'dialing');
    await screenshot(page, 'dialer-15-progressive-dialing');
    await elapse(5);
    await phaseIs(page, 'connected');
    await page.keyboard.press('h');
    await bed.simulator.idle();
    await stateIs(page, 'Wrap-up');
    await page.keyboard.press('2');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('heading', { name: 'Di', exact: true }).count()).toBe(1);
    await phaseIs(page, 'dialing');
    await screenshot(page, 'dialer-16-progressive-next-dialed');
    await elapse(5);
    await phaseIs(page, 'connected');
    await page.keyboard.press('h');
    await bed.simulator.idle();
    await stateIs(page, 'Wrap-up');
    // Disposition and go Not ready in one go (A marks "Not ready after this call").
    await page.keyboard.press('2');
    await page.keyboard.press('a');
    await page.keyboard.press('Enter');
    await stateIs(page, 'Not ready');
    await page.keyboard.press('q');
    await stateIs(page, 'Offline');

    // The callback falls due (11:30 in New York): it comes back to this agent.
    await elapse(30 * 60);
    await page.getByLabel('Campaign').selectOption({ label: 'Preview campaign (preview)' });
    await page.keyboard.press('r');
    await stateIs(page, 'Ready');
    await page.keyboard.press('n');
    await expect.poll(() => page.getByRole('heading', { name: 'Ada', exact: true }).count()).toBe(1);
    const held = await bed.app.deps.pool.query(`select status, reserved_by from leads where id = $1`, [callbackLead]);
    expect(held.rows[0]).toEqual({ status: 'callback', reserved_by: (await bed.team.agent.loadMe()).user.id });
    await screenshot(page, 'dialer-17-callback-back');
    await page.keyboard.press('s');
    await expect.poll(() => page.getByRole('heading', { name: 'Ada', exact: true }).count()).toBe(0);
    await page.keyboard.press('a');
    await stateIs(page, 'Not ready');

    // The call log lists the calls; the preview call's page plays its recording and shows the decision.
    await page.getByRole('navigation', { name: 'App' }).getByRole('link', { name: 'Call log' }).click();
    await expect.poll(() => page.getByRole('row').count()).toBe(5); // header + 4 calls
    await screenshot(page, 'dialer-18-call-log');
    await page.getByRole('row').filter({ hasText: 'Ada' }).getByRole('link').click();
    await expect.poll(() => page.getByRole('heading', { name: 'Compliance decision' }).count()).toBe(1);
    const played = await page.getByLabel('Call recording').evaluate(
      (el) =>
        new Promise<{ ok: boolean; duration: number }>((resolve) => {
          const audio = el as HTMLAudioElement;
          if (audio.readyState >= 1) return resolve({ ok: true, duration: audio.duration });
          audio.addEventListener('loadedmetadata', () => resolve({ ok: true, duration: audio.duration }), {
            once: true,
          });
          audio.addEventListener('error', () => resolve({ ok: false, duration: 0 }), { once: true });
          audio.load();
        }),
    );
    expect(played.ok).toBe(true);
    // Recorded from the answer until it was stopped 8 s in.
    expect(played.duration).toBeCloseTo(8, 0);
    await expect.poll(() => page.getByText('Call back after the meeting').count()).toBe(1);
    await screenshot(page, 'dialer-19-call-page');

    // The lead's page lists its call history.
    await page.goto(`/app/leads/${callbackLead}`);
    await expect.poll(() => page.getByRole('heading', { name: 'Calls', exact: true }).count()).toBe(1);
    await expect
      .poll(() => page.getByRole('table', { name: 'Calls to this lead, newest first' }).getByRole('row').count())
      .toBe(2);
    await expect.poll(() => page.getByText('Call back after the meeting').count()).toBe(1);

    // The two refusals above (a callback outside the window, consent not confirmed) are the only failed requests.
    expect(watch.problems([/status of 400/])).toEqual([]);
    await ctx.close();
  });

  it('follows the server when answering-machine detection dispositions a power call: back to Ready, no wrap-up form', async () => {
    const amd = await createCampaign(bed.team.owner, bed.team.teamId, {
      name: 'AMD power campaign',
      dialMode: 'power',
      amd: true,
      agentMemberIds: [bed.team.agentMemberId],
      recordingDisclosure: 'This call is recorded for quality.',
    });
    // 0101 on the simulator: an answering machine picks up.
    await insertLeads(bed.app.deps.pool, bed.team.teamId, amd, [
      { phone: '+13125550101', firstName: 'Mo', state: 'IL', timezones: ['America/Chicago'] },
    ]);
    const ctx = await bed.browser.newContext({ baseURL: bed.app.url, viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    const watch = watchPage(page);
    await signInAgent(page);
    await page.goto('/app/dialer');
    // The test above leaves the agent Not ready.
    await expect.poll(() => agentState(page).count()).toBe(1);
    if ((await agentState(page).getAttribute('aria-label')) !== 'Agent state: Offline') await page.keyboard.press('q');
    await stateIs(page, 'Offline');
    await page.getByLabel('Campaign').selectOption({ label: 'AMD power campaign (power)' });
    await page.keyboard.press('r');
    await expect.poll(() => page.getByRole('heading', { name: 'Mo', exact: true }).count()).toBe(1);
    await page.keyboard.press('d');
    await phaseIs(page, 'dialing');
    await elapse(5);
    await phaseIs(page, 'connected');
    await screenshot(page, 'dialer-20-amd-connected');
    // The verdict comes 4 s after the answer: the server hangs up, dispositions Voicemail and makes the agent Ready.
    await elapse(5);
    const [row] = (await bed.app.deps.pool.query(`select disposition from calls where campaign_id = $1`, [amd])).rows;
    expect(row).toEqual({ disposition: 'voicemail' });
    await stateIs(page, 'Ready');
    await expect
      .poll(() => page.getByText('Nothing in this campaign may be called right now.', { exact: false }).count())
      .toBe(1);
    expect(await page.getByRole('heading', { name: /^Wrap-up/ }).count()).toBe(0);
    await screenshot(page, 'dialer-21-amd-back-to-ready');
    expect(watch.problems()).toEqual([]);
    await ctx.close();
  });
});
