import { describe, expect, it } from 'vitest';
import { paceCampaign } from '../../src/app/dialer/pace-campaign';
import { screenshot, signInPage, watchPage } from '../support/browser';
import { insertLeads } from '../support/dialer-fixture';
import { stateIs } from '../support/dialer-page';
import { useSimulatorAppAndBrowser } from '../support/e2e-setup';
import { createCampaign } from '../support/team-fixture';

// An agent in a predictive campaign, in real Chromium: Ready waits for a person (no lead to take), the pacer's line
// is answered and arrives on the screen already connected with the lead loaded, the agent hangs up and dispositions
// by key, and the campaign page shows the live abandon rate. The pacer's tick is run by the test on the manual clock.

const START = new Date('2030-01-08T16:00:00Z'); // 11:00 in New York
const bed = useSimulatorAppAndBrowser({
  start: START,
  signingKey: 'e2e-predictive-signing-key',
  seed: 15,
  teamName: 'Predict',
  stepSeconds: 1,
});
const { elapse } = bed;

describe('an agent in a predictive campaign', () => {
  it('receives a connected call with the lead loaded and dispositions it by key', async () => {
    const campaignId = await createCampaign(bed.team.owner, bed.team.teamId, {
      name: 'Roof leads',
      dialMode: 'predictive',
      agentMemberIds: [bed.team.agentMemberId],
      safeHarborSeller: 'Sunny Roofs',
      safeHarborCallbackNumber: '+14155550134',
    });
    // A person who picks up after 5 s and stays on the line.
    await insertLeads(bed.app.deps.pool, bed.team.teamId, campaignId, [
      { phone: '+12125550100', firstName: 'Ada', state: 'NY', timezones: ['America/New_York'] },
    ]);

    const ctx = await bed.browser.newContext({ baseURL: bed.app.url, viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    const watch = watchPage(page);
    await signInPage(page, (await bed.team.agent.loadMe()).user.email);
    await page.goto('/app/dialer');
    await stateIs(page, 'Offline');
    await page.getByLabel('Campaign').selectOption({ label: 'Roof leads (predictive)' });
    await page.keyboard.press('r');
    await stateIs(page, 'Ready');
    // Ready means "the next person who answers": no lead is taken, the N key does nothing.
    await page.getByText(/Waiting for the next person to answer/).waitFor();
    await page.keyboard.press('n');
    await expect.poll(() => page.getByRole('button', { name: /Next lead/ }).count()).toBe(0);
    // The campaign's live figures, and why it runs progressive with one agent.
    const strip = page.getByRole('region', { name: 'Campaign pacing' });
    await expect.poll(() => strip.getByTestId('agent-abandon-rate').textContent()).toBe('0.00 %');
    await expect.poll(() => strip.getByTestId('agent-lines-in-flight').textContent()).toBe('0');
    await expect
      .poll(() => strip.getByTestId('agent-pacing-reason').textContent())
      .toBe('Too few agents for pacing to be safe: 9 more agents working the campaign would let it dial ahead.');
    await screenshot(page, 'predictive-01-ready-waiting');

    // The pacer dials (one Ready agent: one line, progressive by itself), and Ada answers.
    const paced = await paceCampaign(bed.app.deps, { teamId: bed.team.teamId, campaignId, holder: 'e2e' });
    expect(paced).toMatchObject({ kind: 'paced', placed: 1 });
    await elapse(6);
    await stateIs(page, 'On call');
    await expect.poll(() => page.getByText('Ada').first().isVisible()).toBe(true);
    await screenshot(page, 'predictive-02-connected-with-lead');

    await page.keyboard.press('h');
    await bed.simulator.idle();
    await stateIs(page, 'Wrap-up');
    await page.keyboard.press('1');
    await page.keyboard.press('Enter');
    await stateIs(page, 'Ready');
    await page.getByText(/Waiting for the next person to answer/).waitFor();
    await screenshot(page, 'predictive-03-dispositioned-ready-again');
    const { rows } = await bed.app.deps.pool.query<{ disposition: string | null; agent_connected_at: Date | null }>(
      `select disposition, agent_connected_at from calls where campaign_id = $1`,
      [campaignId],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.disposition).not.toBeNull();
    expect(rows[0]!.agent_connected_at).not.toBeNull();
    expect(watch.problems()).toEqual([]);
    await ctx.close();

    // The campaign page: the live abandon rate of the period (one person answered, connected: 0 %).
    const ownerCtx = await bed.browser.newContext({ baseURL: bed.app.url, viewport: { width: 1280, height: 900 } });
    const owner = await ownerCtx.newPage();
    const ownerWatch = watchPage(owner);
    await signInPage(owner, (await bed.team.owner.loadMe()).user.email);
    await owner.goto(`/app/overview?campaign=${campaignId}`);
    await expect.poll(() => owner.getByTestId('abandon-period-rate').textContent()).toMatch(/^0(\.0+)? ?%$/);
    await owner.getByRole('region', { name: 'Pacing' }).waitFor();
    await screenshot(owner, 'predictive-04-campaign-abandon-rate');
    expect(ownerWatch.problems()).toEqual([]);
    await ownerCtx.close();
  });
});
