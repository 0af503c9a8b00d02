import { collectMyData } from '../../db/queries/my-data';
import type { AppDeps } from '../deps';

/**
 * The signed-in user's own data as one JSON document: profile, memberships, sessions, security
 * events and the calls they made. No password hash, no session tokens.
 */
export async function exportMyData(deps: Pick<AppDeps, 'db' | 'clock'>, userId: string) {
  const data = await collectMyData(deps.db, userId);
  return { exportedAt: deps.clock.now().toISOString(), format: 'dialerseat-account-export/1', ...data };
}
