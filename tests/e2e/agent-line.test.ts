import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, signInPage, watchPage } from '../support/browser';
import { startAppAndBrowser, stopAppAndBrowser } from '../support/e2e-setup';
import { insertLeads } from '../support/dialer-fixture';
import { FakeSignalWire } from '../support/fake-signalwire';
import { createCampaign, createTeamWithAgent, type TeamFixture } from '../support/team-fixture';
import type { TestApp } from '../support/test-app';

// The agent's own phone line on a real carrier (decision 0009), in Chromium: the app is configured for SignalWire
// and pointed at the local fake of its REST API, which plays the carrier (the agent's phone rings, is answered).

const NOW = new Date('2030-03-05T16:00:00Z'); // 11:00 in New York: the lead is callable
let app: TestApp;
let browser: Browser;
let fake: FakeSignalWire;
let team: TeamFixture;

beforeAll(async () => {
  fake = await FakeSignalWire.start({ numbers: [{ phone_number: '+12025550123', friendly_name: 'Main line' }] });
  ({ app, browser } = await startAppAndBrowser({
    clock: { now: () => NOW },
    env: {
      JOBS_IN_PROCESS: 'false',
      ...fake.appEnv(),
    },
  }));
  team = await createTeamWithAgent(app, 'Line');
});
afterAll(async () => {
  await stopAppAndBrowser(app, browser);
  await fake?.close();
});

async function signInAgent(page: Page) {
  await signInPage(page, (await team.agent.loadMe()).user.email);
}

describe("the agent's phone line", () => {
  it('asks for the phone, rings it on Ready, and enables Dial once the agent answers', async () => {
    const campaignId = await createCampaign(team.owner, team.teamId, {
      name: 'Line campaign',
      dialMode: 'power',
      agentMemberIds: [team.agentMemberId],
    });
    await insertLeads(app.deps.pool, team.teamId, campaignId, [
      { phone: '+12125550177', firstName: 'Eve', state: 'NY', timezones: ['America/New_York'] },
    ]);

    const ctx = await browser.newContext({ baseURL: app.url, viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    const watch = watchPage(page);
    await signInAgent(page);
    await page.goto('/app/dialer');
    const phoneField = page.getByLabel('Phone to ring for your calls');
    await expect.poll(() => phoneField.count()).toBe(1);

    // Ready without a phone: the field says what to fix, and the agent stays offline.
    await page.getByRole('button', { name: /Go Ready/ }).click();
    await expect.poll(() => page.getByText('Enter the phone to ring for your calls').count()).toBe(1);
    expect(await phoneField.getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'agent-line-01-phone-required');

    await phoneField.fill('(202) 555-0161');
    await page.getByRole('button', { name: /Go Ready/ }).click();
    await expect
      .poll(() => page.getByText('Ringing your phone (+12025550161): answer it to start dialing.').count(), {
        timeout: 15_000,
      })
      .toBe(1);
    // Power mode brings the lead up, but Dial waits for the agent's line.
    await expect
      .poll(() => page.getByRole('heading', { name: 'Eve', exact: true }).count(), { timeout: 15_000 })
      .toBe(1);
    const dial = page.getByRole('button', { name: /^Dial / });
    expect(await dial.isDisabled()).toBe(true);
    await page.keyboard.press('d');
    expect([...fake.calls.values()].filter((c) => c.to === '+12125550177')).toHaveLength(0);
    await screenshot(page, 'agent-line-02-ringing');

    // The agent answers their phone: the screen hears it over the event stream.
    const line = [...fake.calls.values()].find((c) => c.to === '+12025550161')!;
    await fake.advance(line.sid, 'in-progress');
    await expect
      .poll(() => page.getByText('Your phone line is connected (+12025550161).').count(), { timeout: 15_000 })
      .toBe(1);
    await expect.poll(() => dial.isDisabled()).toBe(false);
    await screenshot(page, 'agent-line-03-connected');
    await page.keyboard.press('d');
    await expect
      .poll(() => [...fake.calls.values()].filter((c) => c.to === '+12125550177').length, { timeout: 15_000 })
      .toBe(1);
    const leadCall = [...fake.calls.values()].find((c) => c.to === '+12125550177')!;

    // The agent hangs up their phone while the lead still rings: the lead call is stopped (nobody would answer
    // it), the call goes to wrap-up, and the screen says how to get the line back.
    await fake.advance(line.sid, 'completed');
    await fake.settled();
    expect(leadCall.status).toBe('canceled');
    await expect
      .poll(() => page.getByText('Your phone line is not connected: go Ready to ring it again.').count(), {
        timeout: 15_000,
      })
      .toBe(1);
    await expect
      .poll(() => page.getByRole('status', { name: /^Agent state:/ }).getAttribute('aria-label'), { timeout: 15_000 })
      .toBe('Agent state: Wrap-up');
    await screenshot(page, 'agent-line-04-dropped');

    // Disposition with a key; back to Ready, the banner offers to ring the phone again, which places a new line.
    await page.keyboard.press('7');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.getByRole('status', { name: /^Agent state:/ }).getAttribute('aria-label'), { timeout: 15_000 })
      .toBe('Agent state: Ready');
    await page.getByRole('button', { name: 'Ring my phone again' }).click();
    await expect
      .poll(() => page.getByText('Ringing your phone (+12025550161): answer it to start dialing.').count(), {
        timeout: 15_000,
      })
      .toBe(1);
    expect([...fake.calls.values()].filter((c) => c.to === '+12025550161')).toHaveLength(2);
    // The refused Ready (400) and Dial (409) are expected; nothing else may fail.
    expect(watch.problems([/status of 400/, /status of 409/])).toEqual([]);
    await ctx.close();
  });

  it('lets the agent choose a SIP address instead, checks it inline, and calls it on Ready', async () => {
    const sipTeam = await createTeamWithAgent(app, 'Sip');
    await createCampaign(sipTeam.owner, sipTeam.teamId, {
      name: 'SIP campaign',
      dialMode: 'preview',
      agentMemberIds: [sipTeam.agentMemberId],
    });
    const ctx = await browser.newContext({ baseURL: app.url, viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    const watch = watchPage(page);
    await signInPage(page, (await sipTeam.agent.loadMe()).user.email);
    await page.goto('/app/dialer');
    const choice = page.getByRole('group', { name: 'How you talk to leads' });
    await expect.poll(() => choice.count()).toBe(1);
    // The phone is the default; choosing SIP swaps the field for the SIP address.
    expect(await page.getByLabel('My phone').isChecked()).toBe(true);
    await page.getByLabel(/A SIP address/).check();
    expect(await page.getByLabel('Phone to ring for your calls').count()).toBe(0);
    const sipField = page.getByLabel('SIP address to call for your calls');
    await sipField.fill('desk-7@pbx');
    await page.getByRole('button', { name: /Go Ready/ }).click();
    await expect
      .poll(() => page.getByText('Not a SIP address we can call: the host is not a name or an address').count())
      .toBe(1);
    expect(await sipField.getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'agent-line-05-sip-invalid');

    await sipField.fill('desk-7@pbx.example.com');
    await page.getByRole('button', { name: /Go Ready/ }).click();
    await expect
      .poll(
        () =>
          page.getByText('Ringing your SIP phone (sip:desk-7@pbx.example.com): answer it to start dialing.').count(),
        { timeout: 15_000 },
      )
      .toBe(1);
    await screenshot(page, 'agent-line-06-sip-ringing');
    const line = [...fake.calls.values()].find((c) => c.to === 'sip:desk-7@pbx.example.com')!;
    await fake.advance(line.sid, 'in-progress');
    await expect
      .poll(() => page.getByText('Your SIP line is connected (sip:desk-7@pbx.example.com).').count(), {
        timeout: 15_000,
      })
      .toBe(1);
    await screenshot(page, 'agent-line-07-sip-connected');

    // Not ready, then a reload: the Start card comes back with SIP still chosen and the address remembered.
    await page.getByRole('button', { name: /Not ready/ }).click();
    await page.reload();
    await expect.poll(() => page.getByLabel(/A SIP address/).isChecked(), { timeout: 15_000 }).toBe(true);
    expect(await page.getByLabel('SIP address to call for your calls').inputValue()).toBe('sip:desk-7@pbx.example.com');
    expect(watch.problems([/status of 400/])).toEqual([]);
    await ctx.close();
  });
});
