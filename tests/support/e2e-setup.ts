import type { Browser } from 'playwright-core';
import { launchBrowser } from './browser';
import { startTestApp, type TestApp } from './test-app';

export type AppAndBrowser = { app: TestApp; browser: Browser };

/** Boots the app (as `startTestApp`) and a Chromium (with `browserArgs`, e.g. fake media devices) for one test file. */
export async function startAppAndBrowser(
  appOptions: Parameters<typeof startTestApp>[0] = {},
  browserArgs: string[] = [],
): Promise<AppAndBrowser> {
  const app = await startTestApp(appOptions);
  const browser = await launchBrowser(browserArgs);
  return { app, browser };
}

/** Stops what `startAppAndBrowser` started; safe when the start failed half-way (either may be undefined). */
export async function stopAppAndBrowser(app: TestApp | undefined, browser: Browser | undefined) {
  await browser?.close();
  await app?.stop();
}

export { simulatorOnManualClock } from './simulator-clock';
