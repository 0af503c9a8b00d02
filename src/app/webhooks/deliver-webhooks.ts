import { Webhook } from 'standardwebhooks';
import {
  afterFailure,
  DEFAULT_DELIVERY_TIMING,
  isDelivered,
  shouldDisable,
  type DeliveryTiming,
} from '../../core/webhooks/events';
import {
  claimDueDeliveries,
  disableFailingEndpoint,
  recordAttempts,
  type AttemptResult,
  type ClaimedDelivery,
} from '../../db/queries/webhooks';
import { listMembers } from '../../db/queries/teams';
import type { AppDeps } from '../deps';

type Deps = Pick<AppDeps, 'db' | 'clock' | 'log' | 'mailer' | 'webhooks' | 'settings'>;

/**
 * Sends one batch of due deliveries (each the head of its lead's chain, leased first) and records each answer:
 * 2xx delivered; anything else retried with backoff for about three days, then given up. An endpoint that has not
 * succeeded for days is disabled and its team's owners and admins are e-mailed. Returns how many were attempted.
 */
export async function deliverDueWebhooks(
  deps: Deps,
  opts: { limit?: number; timing?: DeliveryTiming } = {},
): Promise<number> {
  const timing = opts.timing ?? DEFAULT_DELIVERY_TIMING;
  const now = deps.clock.now();
  const claimed = await claimDueDeliveries(deps.db, now, new Date(now.getTime() + timing.leaseMs), opts.limit ?? 50);
  const results = await Promise.all(claimed.map((d) => deliverOne(deps, d, timing)));
  // Recorded together once the batch's answers are in (the batch already waited for its slowest answer).
  const attempts = results.flatMap((r) => (r ? [r] : []));
  const failing = await recordAttempts(deps.db, attempts);
  const at = deps.clock.now();
  for (const f of failing) {
    if (!shouldDisable(f.failingSince, at)) continue;
    const lastError =
      attempts.find((r) => !r.delivered && r.delivery.endpointId === f.endpointId)?.error ?? 'no answer';
    await disableEndpoint(deps, f.endpointId, lastError, at);
  }
  return claimed.length;
}

async function deliverOne(deps: Deps, d: ClaimedDelivery, timing: DeliveryTiming): Promise<AttemptResult | null> {
  const body = JSON.stringify(d.payload);
  const sentAt = deps.clock.now();
  let headers: Record<string, string>;
  try {
    const signature = new Webhook(d.secret).sign(d.eventId, sentAt, body);
    headers = {
      'webhook-id': d.eventId,
      'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
      'webhook-signature': signature,
      'user-agent': 'DialerSeat-Webhooks/1',
    };
  } catch (err) {
    deps.log.error({ err: (err as Error).message, endpointId: d.endpointId }, 'webhook signing failed');
    return null;
  }
  const result = await deps.webhooks.post(d.url, headers, body, timing.timeoutMs);
  const at = deps.clock.now();
  const base = { delivery: d, statusCode: result.status, at };
  if (isDelivered(result.status)) return { ...base, delivered: true, error: null, retryAt: null };
  const next = afterFailure({ attempts: d.attempts + 1, createdAt: d.createdAt }, at, timing);
  return {
    ...base,
    delivered: false,
    error: result.error ?? `The endpoint answered ${result.status}`,
    retryAt: next.kind === 'retry' ? next.at : null,
  };
}

async function disableEndpoint(deps: Deps, endpointId: string, lastError: string, now: Date) {
  const reason = `No successful delivery for more than two days; last error: ${lastError}`;
  const endpoint = await disableFailingEndpoint(deps.db, endpointId, reason, now);
  if (!endpoint) return;
  deps.log.warn({ endpointId: endpoint.id, teamId: endpoint.teamId }, 'webhook endpoint disabled after failing');
  const members = await listMembers(deps.db, { teamId: endpoint.teamId, userId: '', role: 'owner' });
  const admins = members.filter((m) => m.role === 'owner' || m.role === 'admin');
  const link = `${deps.settings.publicBaseUrl}/app/settings/webhooks`;
  for (const admin of admins) {
    await deps.mailer
      .send({
        to: admin.email,
        subject: 'A webhook endpoint was turned off',
        text: [
          `DialerSeat could not deliver events to ${endpoint.url} for more than two days, so the endpoint has been turned off.`,
          `The last error was: ${lastError}`,
          '',
          `Fix the receiver, then turn the endpoint back on and replay the missed deliveries from its log: ${link}`,
        ].join('\n'),
      })
      .catch((err: unknown) => deps.log.error({ err: (err as Error).message }, 'webhook disable mail failed'));
  }
}
