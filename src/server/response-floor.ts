/**
 * Waits until at least `floorMs` have passed since `startedMs`, so a response takes as long whichever branch ran
 * (an address that has an account sends mail and writes rows; one that does not, does not).
 */
export async function waitForFloor(
  startedMs: number,
  floorMs: number,
  now: () => number = () => performance.now(),
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
) {
  const remaining = floorMs - (now() - startedMs);
  if (remaining > 0) await sleep(remaining);
}
