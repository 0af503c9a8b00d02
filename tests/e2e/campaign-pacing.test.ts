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

describe('predictive pacing settings in the browser', () => {
  it('refuses settings outside the law beside their fields, then saves lines, target and the safe-harbor message', async () => {
    const ctx = await browser.newContext({ baseURL: app.url, viewport: { width: 1366, height: 900 } });
    const page = await ctx.newPage();
    const watch = watchPage(page);
    await signUpInBrowser(page, { name: 'Pat Pacer', email: uniqueEmail('e2e-pacing') });

    await page.getByRole('link', { name: 'Campaigns' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Winter solar');
    await page.getByRole('button', { name: 'Create campaign' }).click();
    await page.getByRole('link', { name: 'Winter solar' }).click();
    await page.getByRole('heading', { name: 'Winter solar' }).waitFor();

    await page.getByLabel('Dial mode').selectOption('predictive');
    await page.getByLabel('Lines per agent at most').fill('7');
    await page.getByLabel('Target abandon rate (%)').fill('3.5');
    await page.getByRole('button', { name: 'Save campaign' }).click();
    await expect.poll(() => page.getByText('Between 1 and 5 lines per agent').count()).toBe(1);
    await expect.poll(() => page.getByText(/The law allows at most 3 %/).count()).toBe(1);
    await expect.poll(() => page.getByText(/Name the seller/).count()).toBe(1);
    await expect.poll(() => page.getByText('Give a number people can call back').count()).toBe(1);
    await screenshot(page, 'campaign-pacing-01-refused');

    await page.getByLabel('Lines per agent at most').fill('3');
    await page.getByLabel('Target abandon rate (%)').fill('2');
    await page.getByLabel('Seller named in the message').fill('Sunny Roofs');
    await page.getByLabel('Call-back number in the message').fill('(415) 555-0134');
    const preview = page.getByTestId('safe-harbor-preview');
    await expect.poll(() => preview.textContent()).toMatch(/^Hello, this is Sunny Roofs\. .*4 1 5 5 5 5 0 1 3 4\./);

    // The admin rewords the message: dropping the number is refused beside the field, the preview follows the words.
    const message = page.getByLabel('Message a person hears when no agent is free');
    await message.fill('Sorry we missed you, this was {{seller}}.');
    await page.getByRole('button', { name: 'Save campaign' }).click();
    await expect
      .poll(() =>
        page
          .getByText('Keep {{callback_number}} in the message: the law requires a number people can call back')
          .count(),
      )
      .toBe(1);
    await screenshot(page, 'campaign-pacing-02-message-refused');
    await message.fill(
      'Sorry we missed you, this was {{seller}}. To talk to us or stop our calls, dial {{callback_number}}.',
    );
    await expect
      .poll(() => preview.textContent())
      .toBe('Sorry we missed you, this was Sunny Roofs. To talk to us or stop our calls, dial 4 1 5 5 5 5 0 1 3 4.');
    await page.getByLabel('Calls back in go to').selectOption('message_only');
    await screenshot(page, 'campaign-pacing-03-message-preview');
    await page.getByRole('button', { name: 'Save campaign' }).click();
    await page.getByText('Campaign saved.').waitFor();
    await screenshot(page, 'campaign-pacing-04-saved');

    await page.reload();
    await expect.poll(() => page.getByLabel('Lines per agent at most').inputValue()).toBe('3');
    await expect.poll(() => page.getByLabel('Target abandon rate (%)').inputValue()).toBe('2');
    // Stored as E.164: the number the provider's voice will read out.
    await expect.poll(() => page.getByLabel('Call-back number in the message').inputValue()).toBe('+14155550134');
    await expect.poll(() => message.inputValue()).toMatch(/^Sorry we missed you, this was \{\{seller\}\}/);
    await expect.poll(() => page.getByLabel('Calls back in go to').inputValue()).toBe('message_only');

    // The campaign's overview says what the pacer would do now, and why it holds back: nobody is working it yet.
    const { rows } = await app.deps.pool.query<{ id: string }>(`select id from campaigns where name = 'Winter solar'`);
    await page.goto(`/app/overview?campaign=${rows[0]!.id}`);
    const pacing = page.getByRole('region', { name: 'Pacing' });
    await expect
      .poll(() => pacing.getByTestId('pacing-headline').textContent())
      .toBe('Progressive: one line per ready agent');
    await expect
      .poll(() => pacing.getByTestId('pacing-reason').textContent())
      .toBe('Too few agents for pacing to be safe: 10 more agents working the campaign would let it dial ahead.');
    await screenshot(page, 'campaign-pacing-05-overview-status');
    expect(watch.problems()).toEqual([]);
    await ctx.close();
  });
});
