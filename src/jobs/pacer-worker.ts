import { randomUUID } from 'node:crypto';
import type { AppDeps } from '../app/deps';
import { paceAllCampaigns } from '../app/dialer/pace-campaign';
import { releasePacerLeases } from '../db/queries/pacer';

/**
 * The predictive pacer's loop (decision 0028): each job-running instance paces the predictive campaigns every
 * `tickMs`, and at once when `wake` is called (main.ts wakes it on every call or seat change the instance hears).
 * Not a pg-boss job: ticks are seconds apart, and a per-campaign lease (not a job queue) keeps instances apart.
 * Wakes during a tick fold into one more tick right after it. `stop` waits for the tick in flight and gives the
 * leases up, so another instance takes the campaigns at its next tick.
 */
/** How the worker waits between ticks; tests pass one they fire themselves instead of the real timers. */
export type PacerTimer = { set: (fire: () => void, ms: number) => unknown; clear: (handle: unknown) => void };
const realTimer: PacerTimer = {
  set: (fire, ms) => setTimeout(fire, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export function startPacerWorker(deps: AppDeps, opts: { tickMs: number; holder?: string; timer?: PacerTimer }) {
  const holder = opts.holder ?? `pacer-${randomUUID()}`;
  const timers = opts.timer ?? realTimer;
  let stopping = false;
  let again = false;
  let wake: (() => void) | null = null;
  const loop = (async () => {
    while (!stopping) {
      again = false;
      try {
        await paceAllCampaigns(deps, { holder });
      } catch (err) {
        if (!stopping) deps.log.error({ err: (err as Error).message }, 'pacer tick failed');
      }
      if (!again && !stopping)
        await new Promise<void>((resolve) => {
          const timer = timers.set(resolve, opts.tickMs);
          wake = () => {
            timers.clear(timer);
            resolve();
          };
        });
      wake = null;
    }
    await releasePacerLeases(deps.db, { holder }).catch(() => {});
  })();
  return {
    holder,
    wake: () => {
      again = true;
      wake?.();
    },
    stop: async () => {
      stopping = true;
      wake?.();
      await loop;
    },
  };
}
