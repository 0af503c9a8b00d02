import { usageDay } from '../../core/privacy/usage';
import { listPolicyVersions } from '../../db/queries/policy';
import { listPrivacyRequests } from '../../db/queries/privacy-requests';
import { listUsage } from '../../db/queries/usage';
import type { AppDeps } from '../deps';

/** The operator's usage table: counts per day from `days` days ago (today included). */
export async function usageReport(deps: Pick<AppDeps, 'db' | 'clock'>, days: number) {
  const from = usageDay(new Date(deps.clock.now().getTime() - (days - 1) * 86_400_000));
  return { from, rows: await listUsage(deps.db, from) };
}

/** Every published policy version, newest first. */
export const listAllPolicyVersions = (deps: Pick<AppDeps, 'db'>) => listPolicyVersions(deps.db);

/** Open privacy requests by due date, then the 50 most recently closed. */
export const listAllPrivacyRequests = (deps: Pick<AppDeps, 'db'>) => listPrivacyRequests(deps.db);
