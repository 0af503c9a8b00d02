import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, signInPage, watchPage } from '../support/browser';
import { startAppAndBrowser, stopAppAndBrowser } from '../support/e2e-setup';
import { createCampaign } from '../support/team-fixture';
import type { TestApp } from '../support/test-app';
import { TestClient, uniqueEmail } from '../support/http-client';

let app: TestApp;
let browser: Browser;
let email: string;
let campaignId: string;
const TEAM_SETTINGS = '/app/settings/team';

beforeAll(async () => {
  ({ app, browser } = await startAppAndBrowser());
  email = uniqueEmail('e2e-reports');
  const owner = new TestClient(app.url);
  await owner.signUp({ name: 'Ria Reporter', email, teamName: 'Reporting Team' });
  const me = await owner.loadMe();
  const teamId = me.teams[0]!.id;
  campaignId = await createCampaign(owner, teamId, { name: 'Spring renewals' });
  const other = await createCampaign(owner, teamId, { name: 'Winback' });
  // Ended calls on fixed days (1–5 Dec 2026, UTC), so the report does not depend on today's date.
  await app.deps.pool.query(
    `insert into calls (team_id, campaign_id, agent_id, dialed_number, caller_id, provider, status, status_rank,
                        outcome, duration_sec, disposition, queued_at, ended_at, disposed_at, callee_zone)
     select $1, case when g % 3 = 0 then $4::uuid else $3::uuid end, $2, '+14155552671',
            case when g % 2 = 0 then '+12025550101' else '+12025550102' end, 'simulator', 'completed', 4,
            case when g % 4 = 0 then 'machine' else 'human' end, 30 + g, case when g % 5 = 0 then 'sale' end,
            q, q + interval '2 minutes',
            -- The "sale" calls (all on 1 Dec) were dispositioned 20 s after they ended: their wrap-up.
            case when g % 5 = 0 then q + interval '2 minutes 20 seconds' end,
            (array['America/New_York', 'America/Chicago', 'America/Los_Angeles'])[g % 3 + 1]
     from generate_series(1, 40) g,
          lateral (select timestamptz '2026-12-01 09:00Z' + (g % 5) * interval '1 day' + g * interval '7 minutes' as q) t`,
    [teamId, me.user.id, campaignId, other],
  );
});
afterAll(() => stopAppAndBrowser(app, browser));

describe('reports in the browser', () => {
  it('a manager opens each report, changes the range and filters, and exports CSV', async () => {
    const ctx = await browser.newContext({
      baseURL: app.url,
      viewport: { width: 1280, height: 800 },
      timezoneId: 'UTC',
      acceptDownloads: true,
    });
    const page = await ctx.newPage();
    const watch = watchPage(page);
    await signInPage(page, email);

    // The team counts its days in New York (every seeded call falls on the same day there as in UTC).
    await page.goto(TEAM_SETTINGS);
    const zoneForm = page.getByRole('form', { name: "The team's time zone" });
    await zoneForm.getByRole('combobox', { name: 'Time zone', exact: true }).selectOption('America/New_York');
    await zoneForm.getByRole('button', { name: 'Save' }).click();
    await zoneForm.getByText('Saved.').waitFor();
    await screenshot(page, 'reports-team-time-zone-desktop');

    await page.goto('/app/reports/agents?from=2026-12-01&to=2026-12-05');
    await page.getByText('Days in America/New_York').waitFor();
    const row = page.getByRole('row', { name: /Ria Reporter/ });
    await row.waitFor();
    expect(await row.getByRole('cell').first().textContent()).toBe('40');
    // Cells: calls, connects, talk, average talk, wrap-up, average wrap-up, callbacks set, callbacks kept, …
    expect(await row.getByRole('cell').nth(5).textContent()).toBe('0:20');
    expect(await row.getByRole('cell').nth(7).textContent()).toBe('0');
    await expect(page.getByRole('img', { name: /Calls per agent/ }).isVisible()).resolves.toBe(true);
    await expect(page.getByRole('img', { name: /Average wrap-up per agent/ }).isVisible()).resolves.toBe(true);
    await screenshot(page, 'reports-agents-desktop');

    // A backwards range is refused inline, before any request.
    await page.getByLabel('First day').fill('2026-12-06');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.getByText('The last day must be on or after the first').waitFor();
    await screenshot(page, 'reports-range-error-desktop');

    // A shorter range and one campaign: kept in the URL, and the figures follow.
    await page.getByLabel('First day').fill('2026-12-02');
    await page.getByLabel('Campaign').selectOption(campaignId);
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/from=2026-12-02.*campaignId=/);
    await page.waitForFunction(() =>
      [...document.querySelectorAll('tbody tr')].some(
        (tr) => tr.textContent?.includes('Ria Reporter') && tr.querySelector('td')?.textContent !== '40',
      ),
    );
    // Calls 1–40 on days 1–5 Dec by g % 5; from 2 Dec drops g % 5 = 0, and the campaign drops g % 3 = 0.
    const expected = Array.from({ length: 40 }, (_, i) => i + 1).filter((g) => g % 5 !== 0 && g % 3 !== 0).length;
    expect(
      await page
        .getByRole('row', { name: /Ria Reporter/ })
        .getByRole('cell')
        .first()
        .textContent(),
    ).toBe(String(expected));
    // No call of the filtered days was wrapped up by an agent: a dash, not 0:00.
    expect(
      await page
        .getByRole('row', { name: /Ria Reporter/ })
        .getByRole('cell')
        .nth(5)
        .textContent(),
    ).toBe('—');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Export CSV' }).click(),
    ]);
    const csv = readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '');
    expect(csv.split('\n')[0]).toContain('Agent,Calls,Human connects');
    expect(csv).toContain(`Ria Reporter,${expected},`);

    // The other reports keep the range and filters.
    const tabs = page.getByRole('navigation', { name: 'Reports' });
    await tabs.getByRole('link', { name: 'Campaigns' }).click();
    await page
      .getByRole('region', { name: 'Figures' })
      .getByRole('row', { name: /Spring renewals/ })
      .waitFor();
    // Beside the period's funnel, each list as it stands now (no leads were imported here: nothing dialed from it).
    const list = page.getByRole('region', { name: 'Lists now' }).getByRole('row', { name: /Spring renewals/ });
    await list.waitFor();
    expect(await list.getByRole('cell').last().textContent()).toBe('—');
    await screenshot(page, 'reports-campaigns-desktop');
    // The best time to call: a heatmap that says its finding in words, and the table of its cells beside it.
    const heatmap = page.getByRole('region', { name: 'Best time to call' }).getByRole('img', { name: /best is/ });
    await heatmap.scrollIntoViewIfNeeded();
    const cells = page.getByRole('region', { name: /Contact rate by the callee/ }).getByRole('row', { name: /:00/ });
    expect(await cells.count()).toBeGreaterThan(0);
    await screenshot(page, 'reports-best-time-desktop');
    await tabs.getByRole('link', { name: 'Caller IDs' }).click();
    await page.waitForURL(/\/app\/reports\/caller-ids\?.*from=2026-12-02/);
    await page.getByRole('row', { name: /\+12025550101/ }).waitFor();
    await screenshot(page, 'reports-caller-ids-desktop');
    await tabs.getByRole('link', { name: 'Dispositions' }).click();
    await page.getByRole('row', { name: /outcome:human/ }).waitFor();
    await screenshot(page, 'reports-dispositions-desktop');

    // The same reports on a phone.
    await page.setViewportSize({ width: 390, height: 844 });
    for (const kind of ['agents', 'campaigns', 'caller-ids', 'dispositions']) {
      await page.goto(`/app/reports/${kind}?from=2026-12-01&to=2026-12-05`);
      await page
        .getByRole('heading', { name: 'Figures' })
        .or(page.getByRole('heading', { name: 'Per day' }))
        .waitFor();
      await screenshot(page, `reports-${kind}-phone`);
    }
    await page.goto('/app/reports/campaigns?from=2026-12-01&to=2026-12-05');
    await page
      .getByRole('region', { name: 'Best time to call' })
      .getByRole('img', { name: /best is/ })
      .waitFor();
    await page.getByRole('heading', { name: 'Best time to call' }).scrollIntoViewIfNeeded();
    await screenshot(page, 'reports-best-time-phone');
    expect(watch.problems()).toEqual([]);
    await ctx.close();
  });
});
