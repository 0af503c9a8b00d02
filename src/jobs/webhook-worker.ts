import type { AppDeps } from '../app/deps';
import { deliverDueWebhooks } from '../app/webhooks/deliver-webhooks';
import type { DeliveryTiming } from '../core/webhooks/events';

/**
 * The outbound-webhook worker: each job-running instance sends due deliveries in a loop, looking again after
 * `pollMs` when there was nothing to send. Not a pg-boss job: deliveries are due by the second, and the rows' own
 * leases (not a job queue) keep several workers apart. `stop` waits for the batch in flight.
 */
export function startWebhookWorker(deps: AppDeps, opts: { pollMs: number; timing?: DeliveryTiming }) {
  let stopping = false;
  let wake: (() => void) | null = null;
  const loop = (async () => {
    while (!stopping) {
      let sent = 0;
      try {
        sent = await deliverDueWebhooks(deps, opts.timing ? { timing: opts.timing } : {});
      } catch (err) {
        if (!stopping) deps.log.error({ err: (err as Error).message }, 'webhook delivery batch failed');
      }
      if (sent === 0 && !stopping)
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, opts.pollMs);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
    }
  })();
  return {
    stop: async () => {
      stopping = true;
      wake?.();
      await loop;
    },
  };
}
