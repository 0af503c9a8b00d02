import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * Real headless Chromium: Debian's /usr/bin/chromium when present, else the @sparticuz/chromium dev dependency.
 * `extraArgs` adds flags for one test only (fake media devices for the microphone check).
 */
export async function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  let executablePath = '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    const sparticuz = (await import('@sparticuz/chromium')).default;
    executablePath = await sparticuz.executablePath();
  }
  return chromium.launch({ executablePath, args: [...FLAGS, ...extraArgs] });
}

export const screenshotDir = path.resolve('test-results', 'screenshots');

export async function screenshot(page: Page, name: string) {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
}

/** Signs in through the API from the page itself, so the page's cookie jar holds the session. */
export async function signInPage(page: Page, email: string, password = 'correct horse battery staple'): Promise<void> {
  await page.goto('/sign-in');
  const status = await page.evaluate(
    async ([e, p]) => {
      const res = await fetch('/api/auth/sign-in/email', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: e, password: p }),
      });
      return res.status;
    },
    [email, password] as const,
  );
  if (status !== 200) throw new Error(`sign-in answered ${status}`);
}

/** Signs a new owner up through the sign-up form, as a person would, and waits for the workspace. */
export async function signUpInBrowser(page: Page, opts: { name: string; email: string; teamName?: string }) {
  await page.goto('/sign-up');
  await page.getByLabel('Your name').fill(opts.name);
  await page.getByLabel('Work e-mail').fill(opts.email);
  await page.getByLabel('Password').fill('a long enough passphrase');
  if (opts.teamName !== undefined) await page.getByLabel('Team name (optional)').fill(opts.teamName);
  await page.getByLabel(/16 or older/).check();
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL('**/app');
}

/**
 * Collects what would make a page broken for a person: uncaught exceptions and console errors.
 * Resource failures the test provokes on purpose (403 answers) are reported by Chromium as
 * console errors too; those are filtered by the caller's `allow` patterns.
 */
export function watchPage(page: Page) {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  return {
    problems: (allow: RegExp[] = []) => problems.filter((p) => !allow.some((re) => re.test(p))),
  };
}
