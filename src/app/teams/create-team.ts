import { z } from 'zod';
import { createTeamWithOwner } from '../../db/queries/teams';
import type { AppDeps } from '../deps';

export const teamNameSchema = z.string().trim().min(2, 'Team name needs at least 2 characters').max(80);

export async function createTeam(deps: Pick<AppDeps, 'db'>, input: { userId: string; name: string }) {
  const team = await createTeamWithOwner(deps.db, { name: teamNameSchema.parse(input.name), ownerId: input.userId });
  return { id: team.id, name: team.name, role: 'owner' as const };
}
