import { z } from 'zod';
import { notFound } from '../../../core/errors';
import type { TeamScope } from '../../../core/teams/scope';
import { getImport, listImports } from '../../../db/queries/imports';
import type { AppDeps } from '../../deps';

export type { ImportRow } from '../../../db/queries/imports';

/** The team's latest 50 imports, of one campaign when `campaignId` is a valid id (anything else: all campaigns). */
export const listTeamImports = (deps: Pick<AppDeps, 'db'>, scope: TeamScope, campaignId: string | undefined) =>
  listImports(deps.db, scope, {
    campaignId: campaignId && z.uuid().safeParse(campaignId).success ? campaignId : undefined,
    limit: 50,
  });

/** One import of the team; not_found when there is none. */
export async function getTeamImport(deps: Pick<AppDeps, 'db'>, scope: TeamScope, importId: string) {
  const imp = await getImport(deps.db, scope, importId);
  if (!imp) throw notFound('No such import');
  return imp;
}
