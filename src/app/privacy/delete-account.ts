import { AppError } from '../../core/errors';
import { countUserRows, deleteUsers, logDeletion, soleOwnedTeams } from '../../db/queries/deletion';
import { lockTeamsOfUser } from '../../db/queries/teams';
import type { AppDeps } from '../deps';

/**
 * Deletes the signed-in user's account: profile, password hash, sessions, memberships and their
 * security events. Team data they produced (calls, notes) stays with the team, without them.
 * A sole owner must hand the team over or delete it first, so no team is left ownerless.
 */
export async function deleteAccount(deps: AppDeps, user: { id: string; email: string }) {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    // Under the membership lock of each of the user's teams, so a co-owner leaving at the same moment is seen.
    await lockTeamsOfUser(tx, user.id);
    const owned = await soleOwnedTeams(tx, user.id);
    if (owned.length > 0)
      throw new AppError(
        'invalid_state',
        `You are the only owner of ${owned.map((t) => `“${t.name}”`).join(', ')}. Make someone else owner or delete the team first.`,
      );
    const counts = await countUserRows(tx, user.id);
    await deleteUsers(tx, [user]);
    await logDeletion(tx, { kind: 'account', subjectId: user.id, counts, at: now });
    deps.log.info({ deletion: 'account', counts }, 'account deleted');
    return { counts };
  });
}
