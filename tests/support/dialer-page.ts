import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** The dialer page's agent state badge (its accessible name carries the state). */
export const agentState = (page: Page) => page.getByRole('status', { name: /^Agent state:/ });

/** Waits until the dialer page shows the agent in state `label` (e.g. "Ready", "On call", "Wrap-up"). */
export async function stateIs(page: Page, label: string) {
  await expect
    .poll(() => agentState(page).getAttribute('aria-label'), { timeout: 15_000 })
    .toBe(`Agent state: ${label}`);
}
