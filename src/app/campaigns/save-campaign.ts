import { campaignInputSchema, type CampaignInput } from '../../core/campaigns/campaign';
import { AppError } from '../../core/errors';
import { normalisePhone } from '../../core/leads/phone';
import { hasRole } from '../../core/teams/roles';
import type { TeamScope } from '../../core/teams/scope';
import {
  campaignNameTaken,
  findTeamCampaign,
  getCampaign,
  insertCampaign,
  replaceCampaignAgents,
  teamMemberIds,
  updateCampaign,
} from '../../db/queries/campaigns';
import type { Db } from '../../db/client';
import type { AppDeps } from '../deps';

function requireAdmin(scope: TeamScope) {
  if (!hasRole(scope.role, 'admin')) throw new AppError('forbidden', 'Only owners and admins can change campaigns');
}

async function checkInput(db: Db, scope: TeamScope, input: CampaignInput, exceptId?: string) {
  if (await campaignNameTaken(db, scope, input.name, exceptId))
    throw new AppError('conflict', 'Another active campaign has that name', {
      fields: { name: 'Another active campaign has that name' },
    });
  const agents = [...new Set(input.agentMemberIds)];
  const known = await teamMemberIds(db, scope, agents);
  if (known.length !== agents.length)
    throw new AppError('invalid_input', 'Some assigned agents are not members of this team', {
      fields: { agentMemberIds: 'Some assigned agents are not members of this team' },
    });
  return agents;
}

/** The schema's input with the safe-harbor call-back number checked and stored as E.164. */
function parseInput(raw: unknown): CampaignInput {
  const input = campaignInputSchema.parse(raw);
  if (input.safeHarborCallbackNumber === '') return input;
  const phone = normalisePhone(input.safeHarborCallbackNumber);
  if (!phone.ok) {
    const message = 'Give a phone number people can dial, such as (415) 555-0134 or +44 20 7946 0958';
    throw new AppError('invalid_input', message, { fields: { safeHarborCallbackNumber: message } });
  }
  return { ...input, safeHarborCallbackNumber: phone.e164 };
}

/** Creates a campaign with its assigned agents; the settings are validated by the core schema. */
export async function createCampaign(deps: Pick<AppDeps, 'db'>, scope: TeamScope, raw: unknown) {
  requireAdmin(scope);
  const input = parseInput(raw);
  return deps.db.transaction(async (tx) => {
    const agents = await checkInput(tx, scope, input);
    const row = await insertCampaign(tx, scope, input);
    await replaceCampaignAgents(tx, scope, row.id, agents);
    return (await getCampaign(tx, scope, row.id))!;
  });
}

/** Replaces a campaign's settings and assignments (the form always sends the whole campaign). */
export async function editCampaign(deps: Pick<AppDeps, 'db' | 'clock'>, scope: TeamScope, id: string, raw: unknown) {
  requireAdmin(scope);
  if (!(await findTeamCampaign(deps.db, scope, id))) throw new AppError('not_found', 'No such campaign');
  const input = parseInput(raw);
  return deps.db.transaction(async (tx) => {
    const agents = await checkInput(tx, scope, input, id);
    const row = await updateCampaign(tx, scope, id, input, deps.clock.now());
    if (!row) throw new AppError('not_found', 'No such campaign');
    await replaceCampaignAgents(tx, scope, id, agents);
    return (await getCampaign(tx, scope, id))!;
  });
}
