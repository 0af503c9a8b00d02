import { AppError } from '../../core/errors';
import type { TeamScope } from '../../core/teams/scope';
import {
  countTeamRows,
  deleteTeamRow,
  deleteUsers,
  logDeletion,
  teamFileIds,
  teamRecordingSids,
  usersOnlyInTeam,
} from '../../db/queries/deletion';
import { teamDropAudioIds } from '../../db/queries/drop-messages';
import { getTeam } from '../../db/queries/teams';
import { DELETE_PROVIDER_RECORDINGS_JOB } from '../calls/delete-provider-recordings';
import type { AppDeps } from '../deps';

/**
 * Deletes a team and everything it holds, in one transaction: every team table cascades from the
 * team row, members who belong to no other team lose their accounts (sessions, security events,
 * mail) too, and billing records stay, detached, for the period tax law requires. The caller has
 * re-checked the owner's password. After the commit the team's files go too: uploaded lead files and export ZIPs
 * (every lead, call and recording), and voicemail-drop recordings; an upload or export file left by a crash in between is swept as an orphan (its row is gone) by
 * the import housekeeping and the export purge.
 */
export async function deleteTeam(deps: AppDeps, scope: TeamScope, input: { confirmName: string }) {
  if (scope.role !== 'owner') throw new AppError('forbidden', 'Only an owner can delete the team');
  const team = await getTeam(deps.db, scope);
  if (!team) throw new AppError('not_found', 'No such team');
  if (input.confirmName.trim() !== team.name)
    throw new AppError('invalid_input', 'Type the team name exactly to confirm', {
      fields: { confirmName: `Type “${team.name}”` },
    });
  const now = deps.clock.now();
  const result = await deps.db.transaction(async (tx) => {
    const counts = await countTeamRows(tx, scope.teamId);
    const accounts = await usersOnlyInTeam(tx, scope.teamId);
    const recordingSids = await teamRecordingSids(tx, scope.teamId);
    const files = { ...(await teamFileIds(tx, scope.teamId)), dropAudio: await teamDropAudioIds(tx, scope.teamId) };
    await deleteTeamRow(tx, scope.teamId);
    await deleteUsers(tx, accounts);
    const summary = { ...counts, accounts: accounts.length };
    const deletionId = await logDeletion(tx, {
      kind: 'team',
      subjectId: scope.teamId,
      counts: summary,
      at: now,
      providerCleanup: recordingSids.length ? 'pending' : 'none',
    });
    return {
      counts: summary,
      ownAccountDeleted: accounts.some((a) => a.id === scope.userId),
      deletionId,
      recordingSids,
      files,
    };
  });
  for (const id of result.files.imports) await deps.importFiles.remove(id);
  for (const id of result.files.exports) await deps.exportFiles.remove(id);
  for (const id of result.files.dropAudio) await deps.dropAudioFiles.remove(id);
  // The provider keeps audio until we delete it there; a job does that (and retries) after the commit.
  if (result.recordingSids.length)
    await deps.queue.send(DELETE_PROVIDER_RECORDINGS_JOB, {
      deletionId: result.deletionId,
      recordingSids: result.recordingSids,
    });
  deps.log.info({ deletion: 'team', counts: result.counts }, 'team deleted');
  return { counts: result.counts, ownAccountDeleted: result.ownAccountDeleted };
}
