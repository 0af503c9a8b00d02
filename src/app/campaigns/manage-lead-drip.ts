import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { AppError, notFound } from '../../core/errors';
import { leadFields } from '../../core/leads/lead-fields';
import type { TeamScope } from '../../core/teams/scope';
import { findTeamCampaign } from '../../db/queries/campaigns';
import {
  disableLeadDrip as disableLeadDripRow,
  getLeadDrip,
  listLeadDripDeliveries,
  saveLeadDripMapping,
  setLeadDripToken,
} from '../../db/queries/lead-drips';
import type { AppDeps } from '../deps';

/** The stored form of a drip token (256 random bits: a plain SHA-256 is enough). */
export const hashDripToken = (token: string) => createHash('sha256').update(token).digest('hex');
export const dripUrl = (publicBaseUrl: string, token: string) => `${publicBaseUrl}/ingest/leads/${token}`;

/** PUT …/drip/mapping: the vendor's field names → ours ("ignore" drops a field). */
export const dripMappingSchema = z.object({
  mapping: z
    .record(
      z.string().trim().min(1).max(100),
      z.enum([...leadFields.filter((f) => f !== 'custom')] as [string, ...string[]], {
        message: `Map to one of: ${leadFields.filter((f) => f !== 'custom').join(', ')}`,
      }),
    )
    .refine((m) => Object.keys(m).length <= 100, 'At most 100 mapped fields'),
});

async function campaignOf(deps: Pick<AppDeps, 'db'>, scope: TeamScope, campaignId: string) {
  const campaign = await findTeamCampaign(deps.db, scope, campaignId);
  if (!campaign) throw notFound('No such campaign');
  return campaign;
}

/** The campaign's drip settings and its latest deliveries (the log keeps 30 days). */
export async function getLeadDripSettings(deps: Pick<AppDeps, 'db'>, scope: TeamScope, campaignId: string) {
  await campaignOf(deps, scope, campaignId);
  const [drip, deliveries] = await Promise.all([
    getLeadDrip(deps.db, scope, campaignId),
    listLeadDripDeliveries(deps.db, scope, campaignId),
  ]);
  return {
    enabled: Boolean(drip?.enabledAt),
    tokenPrefix: drip?.enabledAt ? drip.tokenPrefix : null,
    enabledAt: drip?.enabledAt ?? null,
    mapping: drip?.mapping ?? {},
    deliveries,
  };
}

/**
 * Turns the drip URL on, or rotates it: a new random token each time, shown in the answer only (the old URL answers
 * 404 from now on).
 */
export async function enableLeadDrip(
  deps: Pick<AppDeps, 'db' | 'clock' | 'settings'>,
  scope: TeamScope,
  campaignId: string,
) {
  const campaign = await campaignOf(deps, scope, campaignId);
  if (campaign.archivedAt) throw new AppError('invalid_state', 'Restore the campaign before turning its drip URL on');
  const token = randomBytes(32).toString('base64url');
  await setLeadDripToken(deps.db, scope, campaignId, {
    tokenHash: hashDripToken(token),
    tokenPrefix: token.slice(0, 6),
    now: deps.clock.now(),
  });
  return { url: dripUrl(deps.settings.publicBaseUrl, token), ...(await getLeadDripSettings(deps, scope, campaignId)) };
}

export async function disableLeadDrip(deps: Pick<AppDeps, 'db' | 'clock'>, scope: TeamScope, campaignId: string) {
  await campaignOf(deps, scope, campaignId);
  await disableLeadDripRow(deps.db, scope, campaignId, deps.clock.now());
  return getLeadDripSettings(deps, scope, campaignId);
}

export async function setLeadDripMapping(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  scope: TeamScope,
  campaignId: string,
  raw: unknown,
) {
  const { mapping } = dripMappingSchema.parse(raw);
  await campaignOf(deps, scope, campaignId);
  await saveLeadDripMapping(deps.db, scope, campaignId, mapping, deps.clock.now());
  return getLeadDripSettings(deps, scope, campaignId);
}
