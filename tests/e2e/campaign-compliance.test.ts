import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, watchPage, signUpInBrowser } from '../support/browser';
import { startAppAndBrowser, stopAppAndBrowser } from '../support/e2e-setup';
import { uniqueEmail } from '../support/http-client';
import type { TestApp } from '../support/test-app';

let app: TestApp;
let browser: Browser;
beforeAll(async () => {
  ({ app, browser } = await startAppAndBrowser());
});
afterAll(() => stopAppAndBrowser(app, browser));

/**
 * A call of the campaign, timed relative to the database's now (the campaign was created moments ago). `answered` is
 * one placed before calls recorded how their answer was routed; `connected` and `abandoned` carry that record.
 */
async function insertCall(campaignId: string, kind: 'answered' | 'connected' | 'abandoned' | 'rang-10s' | 'rang-20s') {
  const answered = kind === 'answered' || kind === 'connected' || kind === 'abandoned';
  const ringSec = kind === 'rang-10s' ? 10 : 20;
  await app.deps.pool.query(
    `insert into calls (team_id, campaign_id, dialed_number, caller_id, provider, status, status_rank, outcome,
       queued_at, ringing_at, answered_at, ended_at, connect_recorded, agent_connected_at, safe_harbor_at)
     select team_id, id, '+12125550100', '+12025550123', 'simulator', $2, 4, $3, now(), now(),
       case when $4 then now() end, now() + make_interval(secs => $5), $6 <> 'answered' and $4,
       case when $6 = 'connected' then now() end, case when $6 = 'abandoned' then now() end
     from campaigns where id = $1`,
    [campaignId, answered ? 'completed' : 'no-answer', answered ? 'human' : 'no_answer', answered, ringSec, kind],
  );
}

describe('campaign abandon rate and compliance report in the browser', () => {
  it('shows the live answers and target on the overview, updates them live, and opens the report with its CSV', async () => {
    const ctx = await browser.newContext({ baseURL: app.url, viewport: { width: 1366, height: 900 } });
    const page = await ctx.newPage();
    const watch = watchPage(page);
    await signUpInBrowser(page, { name: 'Cora Compliance', email: uniqueEmail('e2e-compliance') });

    await page.getByRole('link', { name: 'Campaigns' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Spring roofs');
    await page.getByRole('button', { name: 'Create campaign' }).click();
    await page.getByRole('link', { name: 'Spring roofs' }).waitFor();
    const { rows } = await app.deps.pool.query<{ id: string }>(`select id from campaigns where name = 'Spring roofs'`);
    const campaignId = rows[0]!.id;
    await insertCall(campaignId, 'answered');
    await insertCall(campaignId, 'rang-10s');
    await insertCall(campaignId, 'rang-20s');

    await page.goto(`/app/overview?campaign=${campaignId}`);
    const card = page.getByRole('region', { name: 'Abandon rate' });
    await card.waitFor();
    const liveAnswers = card.getByText('Live answers this period').locator('xpath=following-sibling::dd');
    await expect.poll(() => liveAnswers.textContent()).toBe('1');
    await expect.poll(() => card.getByTestId('abandon-period-rate').textContent()).toBe('—');
    await expect.poll(() => card.getByText('2.50 %').count()).toBe(1);
    await card.getByText(/cannot be counted exactly/).waitFor();
    await screenshot(page, 'campaign-compliance-01-overview');

    // Calls that record how their answer was routed give the legal rate, live, without a reload: one connected,
    // one given the safe-harbor message.
    await insertCall(campaignId, 'connected');
    await insertCall(campaignId, 'abandoned');
    await expect.poll(() => liveAnswers.textContent(), { timeout: 15_000 }).toBe('3');
    await expect.poll(() => card.getByTestId('abandon-period-rate').textContent()).toBe('50.00 %');
    await card.getByText(/1 answer was placed before calls recorded whether an agent took them/).waitFor();
    await screenshot(page, 'campaign-compliance-01b-overview-live-rate');

    await card.getByRole('link', { name: 'Compliance report' }).click();
    await page.getByRole('heading', { name: 'Compliance report: Spring roofs' }).waitFor();
    const periods = page.getByRole('table', { name: /Abandon rate by 30-day period/ });
    await expect.poll(() => periods.getByRole('row').nth(1).textContent()).toMatch(/31150\.00 %2\.50 %1$/);
    await expect.poll(() => page.getByTestId('under-minimum').textContent()).toBe('1');
    await page.getByText('of 2 unanswered calls rang less than 15 seconds', { exact: false }).waitFor();
    await screenshot(page, 'campaign-compliance-02-report');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^compliance-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(watch.problems()).toEqual([]);
    await ctx.close();
  });
});
