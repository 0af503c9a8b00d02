import { canGoReady } from '../../core/billing/access';
import { AppError } from '../../core/errors';
import type { TeamScope } from '../../core/teams/scope';
import type { AppDeps } from '../deps';
import { teamAccessFor } from './get-team-access';

/**
 * The "go Ready" gate for the dialer: the team must be allowed to dial and a paid seat must be free.
 * `activeAgentIds` are the agents holding a seat now (Ready or on a call); one already holding a seat
 * keeps it, so lowering seats never drops a live call. Throws payment_required (HTTP 402) otherwise.
 */
export async function assertSeatAvailable(
  deps: AppDeps,
  scope: TeamScope,
  input: { agentId: string; activeAgentIds: readonly string[] },
): Promise<void> {
  const decision = canGoReady(await teamAccessFor(deps, scope), input);
  if (!decision.ok) throw new AppError('payment_required', decision.message);
}
