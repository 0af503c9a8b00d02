import { z } from 'zod';
import { AppError, notFound } from '../../core/errors';
import { usageDay } from '../../core/telephony/caller-id';
import type { TeamScope } from '../../core/teams/scope';
import {
  getCampaignPool,
  listCampaignPools,
  listTeamNumbers,
  replaceCampaignPool,
  teamNumberIds,
  updateTeamNumber,
} from '../../db/queries/caller-ids';
import type { AppDeps } from '../deps';

export const callerIdPatchSchema = z
  .object({
    dailyCap: z.number().int().min(1, 'At least 1 call a day').max(10_000, 'At most 10,000 calls a day').optional(),
    active: z.boolean().optional(),
    friendlyName: z.string().trim().max(80, 'At most 80 characters').optional(),
  })
  .refine((p) => Object.keys(p).length > 0, 'Nothing to change');

export const campaignPoolSchema = z
  .object({
    phoneNumberIds: z.array(z.uuid()).max(500),
    defaultId: z.uuid().nullable().default(null),
  })
  .refine((p) => p.defaultId === null || p.phoneNumberIds.includes(p.defaultId), {
    message: 'The default must be in the pool',
    path: ['defaultId'],
  });

export async function listCallerIds(deps: Pick<AppDeps, 'db' | 'clock' | 'calling'>, scope: TeamScope) {
  const day = usageDay(deps.clock.now());
  const [numbers, pools] = await Promise.all([listTeamNumbers(deps.db, scope, day), listCampaignPools(deps.db, scope)]);
  return { provider: deps.calling.provider, day, numbers, pools };
}

export async function updateCallerId(deps: Pick<AppDeps, 'db' | 'clock'>, scope: TeamScope, id: string, raw: unknown) {
  const patch = callerIdPatchSchema.parse(raw);
  const row = await updateTeamNumber(deps.db, scope, id, patch, deps.clock.now());
  if (!row) throw notFound('No such caller ID');
  return row;
}

export async function setCampaignPool(deps: Pick<AppDeps, 'db'>, scope: TeamScope, campaignId: string, raw: unknown) {
  const input = campaignPoolSchema.parse(raw);
  const ids = [...new Set(input.phoneNumberIds)];
  return deps.db.transaction(async (tx) => {
    if (!(await getCampaignPool(tx, scope, campaignId))) throw notFound('No such campaign');
    const known = await teamNumberIds(tx, scope, ids);
    if (known.length !== ids.length) {
      throw new AppError('invalid_input', 'Some numbers are not caller IDs of this team', {
        fields: { phoneNumberIds: 'Unknown caller ID' },
      });
    }
    await replaceCampaignPool(tx, scope, campaignId, ids, input.defaultId);
    return getCampaignPool(tx, scope, campaignId);
  });
}
