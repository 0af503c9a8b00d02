import { teamNameSchema } from '../../core/api/teams.types';
import { createTeamWithOwner } from '../../db/queries/teams';
import type { AppDeps } from '../deps';

export { teamNameSchema };

export async function createTeam(deps: Pick<AppDeps, 'db'>, input: { userId: string; name: string }) {
  const team = await createTeamWithOwner(deps.db, { name: teamNameSchema.parse(input.name), ownerId: input.userId });
  return { id: team.id, name: team.name, role: 'owner' as const };
}
