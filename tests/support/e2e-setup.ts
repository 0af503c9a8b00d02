import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchBrowser } from './browser';
import { useSimulatorApp, type SimulatorApp, type SimulatorAppOptions } from './simulator-app';
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

/**
 * `useSimulatorApp` (the app on the carrier simulator on a manual clock, a team, `elapse`) plus a Chromium for the
 * file, launched after the app and closed before it.
 */
export function useSimulatorAppAndBrowser(
  opts: SimulatorAppOptions,
  browserArgs: string[] = [],
): SimulatorApp & { browser: Browser } {
  const bed = useSimulatorApp(opts) as SimulatorApp & { browser: Browser };
  beforeAll(async () => {
    bed.browser = await launchBrowser(browserArgs);
  });
  // Hooks run in reverse order after the tests (vitest's default), so the browser goes before the app.
  afterAll(async () => {
    await bed.browser?.close();
  });
  return bed;
}
