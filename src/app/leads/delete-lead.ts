import { notFound } from '../../core/errors';
import type { TeamScope } from '../../core/teams/scope';
import { bulkDelete } from '../../db/queries/leads';
import type { AppDeps } from '../deps';

/** Deletes one lead of the team (its calls keep their history, as with the lead table's bulk delete). */
export async function deleteLead(deps: Pick<AppDeps, 'db'>, scope: TeamScope, leadId: string) {
  const affected = await bulkDelete(deps.db, scope, { ids: [leadId] });
  if (affected === 0) throw notFound('No such lead');
}
