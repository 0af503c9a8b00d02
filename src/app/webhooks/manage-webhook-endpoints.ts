import { randomBytes } from 'node:crypto';
import {
  createWebhookEndpointSchema,
  updateWebhookEndpointSchema,
  type CreatedWebhookEndpoint,
  type WebhookEndpoint,
  type WebhookEventType,
} from '../../core/api/webhooks.types';
import { AppError } from '../../core/errors';
import type { TeamScope } from '../../core/teams/scope';
import {
  deleteWebhookEndpoint,
  getWebhookEndpoint,
  insertWebhookEndpoint,
  listWebhookEndpoints,
  updateWebhookEndpoint,
  type WebhookEndpointRow,
} from '../../db/queries/webhooks';
import type { AppDeps } from '../deps';

const MAX_ENDPOINTS = 20;

/** An endpoint as the settings page lists it: never the secret. */
export const endpointView = (row: WebhookEndpointRow): WebhookEndpoint => ({
  id: row.id,
  url: row.url,
  description: row.description,
  events: row.events as WebhookEventType[],
  enabled: row.enabled,
  disabledReason: row.disabledReason,
  failingSince: row.failingSince?.toISOString() ?? null,
  createdAt: row.createdAt.toISOString(),
});

/** A Standard Webhooks secret: `whsec_` and 24 random bytes in base64, the form its verifiers take. */
const newSecret = () => `whsec_${randomBytes(24).toString('base64')}`;

async function refuseUnsafeUrl(deps: Pick<AppDeps, 'webhooks'>, url: string) {
  const problem = await deps.webhooks.checkUrl(url);
  if (problem) throw new AppError('invalid_input', problem, { fields: { url: problem } });
}

export async function listEndpoints(deps: Pick<AppDeps, 'db'>, scope: TeamScope) {
  return (await listWebhookEndpoints(deps.db, scope)).map(endpointView);
}

/** Adds an endpoint; its signing secret is in this answer only. */
export async function createEndpoint(
  deps: Pick<AppDeps, 'db' | 'clock' | 'webhooks'>,
  scope: TeamScope,
  raw: unknown,
): Promise<CreatedWebhookEndpoint> {
  const input = createWebhookEndpointSchema.parse(raw);
  await refuseUnsafeUrl(deps, input.url);
  if ((await listWebhookEndpoints(deps.db, scope)).length >= MAX_ENDPOINTS)
    throw new AppError('invalid_state', `A team can have at most ${MAX_ENDPOINTS} webhook endpoints; remove one first`);
  const secret = newSecret();
  const row = await insertWebhookEndpoint(deps.db, scope, { ...input, secret, now: deps.clock.now() });
  return { ...endpointView(row), secret };
}

export async function updateEndpoint(
  deps: Pick<AppDeps, 'db' | 'clock' | 'webhooks'>,
  scope: TeamScope,
  id: string,
  raw: unknown,
) {
  const input = updateWebhookEndpointSchema.parse(raw);
  if (input.url !== undefined) await refuseUnsafeUrl(deps, input.url);
  const row = await updateWebhookEndpoint(deps.db, scope, id, input, deps.clock.now());
  if (!row) throw new AppError('not_found', 'No such webhook endpoint');
  return endpointView(row);
}

export async function removeEndpoint(deps: Pick<AppDeps, 'db'>, scope: TeamScope, id: string) {
  if (!(await deleteWebhookEndpoint(deps.db, scope, id))) throw new AppError('not_found', 'No such webhook endpoint');
}

export async function requireEndpoint(deps: Pick<AppDeps, 'db'>, scope: TeamScope, id: string) {
  const row = await getWebhookEndpoint(deps.db, scope, id);
  if (!row) throw new AppError('not_found', 'No such webhook endpoint');
  return row;
}
