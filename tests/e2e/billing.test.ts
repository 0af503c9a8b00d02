import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, watchPage, signUpInBrowser } from '../support/browser';
import { startFakeStripe, type FakeStripe } from '../support/fake-stripe';
import { uniqueEmail } from '../support/http-client';
import { startTestApp, type TestApp } from '../support/test-app';

let browser: Browser;
/** Pages load over a real network stack on a shared machine: give them a few seconds, not vitest's default 1 s. */
const SLOW = { timeout: 10_000, interval: 100 };

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function signUp(page: Page, teamName: string) {
  await signUpInBrowser(page, { name: 'Bill Owner', email: uniqueEmail('e2e-billing'), teamName });
}

describe('billing page, self-hosted (no Stripe keys)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => app?.stop());

  it('explains that billing is off and blocks nothing', async () => {
    const ctx = await browser.newContext({ baseURL: app.url, viewport: { width: 1280, height: 860 } });
    const page = await ctx.newPage();
    const watch = watchPage(page);
    const accessRead = page.waitForResponse((r) => /\/api\/teams\/[^/]+\/access$/.test(r.url()));
    await signUp(page, 'Selfhost Sales');
    // The shell has read the team's access, and shows no payment banner.
    expect((await accessRead).status()).toBe(200);
    expect(await page.locator('.access-banner').count()).toBe(0);

    await page.getByRole('link', { name: 'Billing' }).click();
    await page.waitForURL('**/app/settings/billing');
    await expect
      .poll(() => page.getByRole('heading', { name: 'Billing is off on this instance' }).count(), SLOW)
      .toBe(1);
    expect(await page.getByText(/never blocked/).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Subscribe' }).count()).toBe(0);
    await screenshot(page, 'billing-01-self-hosted');

    const access = await page.evaluate(async () => {
      const me = (await (await fetch('/api/me')).json()) as { teams: { id: string }[] };
      return (await fetch(`/api/teams/${me.teams[0]!.id}/access`)).json();
    });
    expect(access).toMatchObject({ billingEnabled: false, canDial: true, canImport: true, seats: null, banner: null });

    await page.goto('/pricing');
    await expect.poll(() => page.getByText(/self-hosted: billing is off/).count(), SLOW).toBe(1);
    expect(watch.problems()).toEqual([]);
    await ctx.close();
  });
});

describe('billing page with Stripe (fake Stripe at the HTTP boundary)', () => {
  let app: TestApp;
  let fake: FakeStripe;
  beforeAll(async () => {
    fake = await startFakeStripe();
    app = await startTestApp({
      env: {
        STRIPE_SECRET_KEY: fake.secretKey,
        STRIPE_WEBHOOK_SECRET: fake.webhookSecret,
        STRIPE_API_HOST: fake.host,
        STRIPE_API_PORT: String(fake.port),
        STRIPE_API_PROTOCOL: fake.protocol,
        PLANS: JSON.stringify([
          {
            id: 'standard',
            name: 'Standard',
            weeklyPriceCents: 2900,
            stripePriceId: 'price_standard_weekly',
            features: ['Browser dialer'],
          },
        ]),
      },
    });
  });
  afterAll(async () => {
    await app?.stop();
    await fake?.close();
  });

  it('subscribes through Checkout, confirms the payment on return, and opens the portal', async () => {
    // Stripe's pages are stood in by routes below; a navigation our service worker answers bypasses Playwright's
    // routing and its response events (the phone e2e proves the worker itself).
    const ctx = await browser.newContext({
      baseURL: app.url,
      viewport: { width: 1280, height: 860 },
      serviceWorkers: 'block',
    });
    const page = await ctx.newPage();
    const watch = watchPage(page);
    const external: string[] = [];
    // Stripe's hosted pages stand in as redirects: paying in Checkout is done on the fake, then back to the app.
    await ctx.route('https://checkout.stripe.test/**', async (route) => {
      external.push(route.request().url());
      const sessionId = route.request().url().split('/').pop()!;
      const session = fake.completeCheckout(sessionId).session;
      await route.fulfill({ status: 303, headers: { location: String(session.success_url) } });
    });
    await ctx.route('https://billing.stripe.test/**', async (route) => {
      external.push(route.request().url());
      await route.fulfill({ status: 303, headers: { location: `${app.url}/app/settings/billing` } });
    });

    await signUp(page, 'Paying Sales');
    await expect.poll(() => page.locator('.access-banner').textContent(), SLOW).toMatch(/Subscribe to a plan/);
    await page.getByRole('link', { name: 'Choose a plan' }).click();
    await page.waitForURL('**/app/settings/billing');
    await expect.poll(() => page.getByRole('heading', { name: 'Choose a plan' }).count(), SLOW).toBe(1);
    await page.getByLabel(/^Seats/).fill('3');
    await expect
      .poll(() => page.locator('.plan-picker__total').textContent(), SLOW)
      .toMatch(/\$87\.00 per week for 3 seats/);
    await screenshot(page, 'billing-02-plan-picker');
    await page.getByRole('button', { name: 'Subscribe' }).click();

    // Back from Checkout before any webhook: the page polls and the server re-reads Stripe.
    await page.waitForURL('**/app/settings/billing?checkout=success');
    await expect.poll(() => page.getByText(/Payment confirmed/).count(), { ...SLOW, timeout: 20_000 }).toBe(1);
    await expect.poll(() => page.getByText('VISA ending in 4242, expires 12/2030').count(), SLOW).toBe(1);
    expect(await page.locator('.badge--active').textContent()).toBe('Active');
    expect(await page.getByRole('link', { name: /^View/ }).getAttribute('href')).toMatch(
      /^https:\/\/invoice\.stripe\.test\/i\//,
    );
    await expect.poll(() => page.locator('.access-banner').count(), SLOW).toBe(0);
    await screenshot(page, 'billing-03-active');

    // The portal's return trip is a new page load of the billing page.
    const returned = page.waitForResponse(
      (r) => r.request().isNavigationRequest() && r.url() === `${app.url}/app/settings/billing`,
    );
    await page.getByRole('button', { name: 'Manage billing' }).click();
    await returned;
    await expect.poll(() => page.getByRole('button', { name: 'Manage billing' }).count(), SLOW).toBe(1);
    expect(external.map((u) => new URL(u).host)).toEqual(['checkout.stripe.test', 'billing.stripe.test']);
    expect(watch.problems()).toEqual([]);
    await ctx.close();
  });
});
