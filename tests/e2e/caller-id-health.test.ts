import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCallerIdHealth } from '../../src/app/telephony/caller-id-health';
import { screenshot, signInPage, watchPage } from '../support/browser';
import { startAppAndBrowser, stopAppAndBrowser } from '../support/e2e-setup';
import type { TestApp } from '../support/test-app';
import { TestClient, uniqueEmail } from '../support/http-client';

let app: TestApp;
let browser: Browser;
let email: string;
const BAD = '+14155550108';

beforeAll(async () => {
  ({ app, browser } = await startAppAndBrowser());
  email = uniqueEmail('e2e-health');
  const owner = new TestClient(app.url);
  await owner.signUp({ name: 'Hana Health', email, teamName: 'Health Team' });
  const teamId = (await owner.loadMe()).teams[0]!.id;
  const numbers = [1, 2, 3, 4, 5, 6, 7].map((i) => `+1202555010${i}`).concat(BAD);
  await app.deps.pool.query(
    `insert into phone_numbers (team_id, e164, source) select $1, unnest($2::text[]), 'simulator'`,
    [teamId, numbers],
  );
  // Yesterday, 50 calls per number: 15 answered on the good ones, 2 on the bad one.
  await app.deps.pool.query(
    `insert into calls (team_id, dialed_number, caller_id, provider, status, status_rank, outcome, duration_sec, queued_at)
     select $1, '+13125550100', n, 'simulator', 'completed', 4,
            case when g <= (case when n = $3 then 2 else 15 end) then 'human' else 'no_answer' end, 30,
            now() - interval '1 day'
     from unnest($2::text[]) n, generate_series(1, 50) g`,
    [teamId, numbers, BAD],
  );
  await checkCallerIdHealth(app.deps);
});
afterAll(() => stopAppAndBrowser(app, browser));

describe('caller-ID health in the browser', () => {
  it('an admin sees the resting number and its log, and edits the rule with inline validation', async () => {
    const ctx = await browser.newContext({ baseURL: app.url, viewport: { width: 1280, height: 800 } });
    const page = await ctx.newPage();
    const watch = watchPage(page);
    await signInPage(page, email);
    await page.goto('/app/caller-ids');
    const health = page.getByRole('region', { name: 'Caller-ID health' });
    const row = health.getByRole('row', { name: new RegExp(`\\${BAD}.*Resting until`) });
    await row.waitFor();
    expect(await row.getByRole('cell').last().textContent()).toBe('4.0 %');
    await health.getByRole('row', { name: /Rested until.*2 \/ 50/ }).waitFor();
    await screenshot(page, 'caller-id-health-desktop');

    const form = page.getByRole('form', { name: 'Caller-ID health rule' });
    const ratio = form.getByLabel('Rest below this many times the median');
    await ratio.fill('2');
    await form.getByText('At most 1').waitFor();
    expect(await ratio.getAttribute('aria-invalid')).toBe('true');
    expect(await form.getByRole('button', { name: 'Save rule' }).isDisabled()).toBe(true);
    await form.getByLabel('Most numbers resting at once (%)').fill('150');
    await form.getByText('Enter a percentage above 0 and at most 100').waitFor();
    await screenshot(page, 'caller-id-health-invalid-desktop');

    await ratio.fill('0.5');
    await form.getByLabel('Most numbers resting at once (%)').fill('20');
    await form.getByRole('button', { name: 'Save rule' }).click();
    await form.getByText('Caller-ID health rule saved.').waitFor();
    await health.getByText(/under 0\.5× the median/).waitFor();
    expect(watch.problems()).toEqual([]);
    await ctx.close();
  });

  it('fits a 390 px wide phone', async () => {
    const ctx = await browser.newContext({ baseURL: app.url, viewport: { width: 390, height: 844 }, isMobile: true });
    const page = await ctx.newPage();
    await signInPage(page, email);
    await page.goto('/app/caller-ids');
    await page.getByRole('region', { name: 'Caller-ID health' }).getByText('Resting until').first().waitFor();
    await screenshot(page, 'caller-id-health-phone');
    await ctx.close();
  });
});
