import type { WebhookDelivery } from '../../core/api/webhooks.types';
import { AppError } from '../../core/errors';
import type { TeamScope } from '../../core/teams/scope';
import {
  getWebhookDelivery,
  getWebhookEndpoint,
  insertReplay,
  listWebhookDeliveries,
  type WebhookDeliveryRow,
} from '../../db/queries/webhooks';
import type { AppDeps } from '../deps';
import { requireEndpoint } from './manage-webhook-endpoints';

const PAGE = 50;

const deliveryView = (row: WebhookDeliveryRow): WebhookDelivery => ({
  id: row.id,
  eventId: row.eventId,
  eventType: row.eventType,
  status: row.status,
  attempts: row.attempts,
  lastStatusCode: row.lastStatusCode,
  lastError: row.lastError,
  lastAttemptAt: row.lastAttemptAt?.toISOString() ?? null,
  nextAttemptAt: row.status === 'pending' ? row.nextAttemptAt.toISOString() : null,
  createdAt: row.createdAt.toISOString(),
  replayOf: row.replayOf,
});

/** One endpoint's deliveries, newest first, a page at a time (`before` is the last page's cursor). */
export async function listDeliveries(
  deps: Pick<AppDeps, 'db'>,
  scope: TeamScope,
  endpointId: string,
  before: string | undefined,
) {
  await requireEndpoint(deps, scope, endpointId);
  const beforeSeq = before && /^\d{1,18}$/.test(before) ? Number(before) : null;
  const rows = await listWebhookDeliveries(deps.db, scope, endpointId, { beforeSeq, limit: PAGE + 1 });
  const page = rows.slice(0, PAGE);
  return {
    deliveries: page.map(deliveryView),
    next: rows.length > PAGE ? String(page[page.length - 1]!.seq) : null,
  };
}

/** Sends a logged event again: a new delivery of the same event (same id), queued behind its lead's others. */
export async function replayDelivery(deps: Pick<AppDeps, 'db' | 'clock'>, scope: TeamScope, deliveryId: string) {
  const original = await getWebhookDelivery(deps.db, scope, deliveryId);
  if (!original) throw new AppError('not_found', 'No such delivery');
  const endpoint = await getWebhookEndpoint(deps.db, scope, original.endpointId);
  if (!endpoint) throw new AppError('not_found', 'No such delivery');
  if (!endpoint.enabled)
    throw new AppError('invalid_state', 'This endpoint is turned off: turn it back on, then replay the delivery');
  return deliveryView(await insertReplay(deps.db, scope, original, deps.clock.now()));
}
