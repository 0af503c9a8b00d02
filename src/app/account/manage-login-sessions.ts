import { AppError } from '../../core/errors';
import { deleteOtherLoginSessions, deleteLoginSession, listLoginSessions } from '../../db/queries/login-sessions';
import type { AppDeps } from '../deps';
import { recordSecurityEvent } from './record-security-event';

type Caller = { userId: string; sessionId: string; ip?: string | null; userAgent?: string | null };

export async function listMyLoginSessions(deps: AppDeps, caller: Caller) {
  const rows = await listLoginSessions(deps.db, caller.userId, deps.clock.now());
  return rows.map((s) => ({ ...s, current: s.id === caller.sessionId }));
}

export async function revokeMyLoginSession(deps: AppDeps, caller: Caller, sessionId: string) {
  if (!(await deleteLoginSession(deps.db, caller.userId, sessionId)))
    throw new AppError('not_found', 'No such session');
  await recordSecurityEvent(deps, {
    type: 'session_revoked',
    userId: caller.userId,
    ipAddress: caller.ip,
    userAgent: caller.userAgent,
    detail: { current: sessionId === caller.sessionId },
  });
}

export async function revokeMyOtherLoginSessions(deps: AppDeps, caller: Caller) {
  const n = await deleteOtherLoginSessions(deps.db, caller.userId, caller.sessionId);
  await recordSecurityEvent(deps, {
    type: 'other_sessions_revoked',
    userId: caller.userId,
    ipAddress: caller.ip,
    userAgent: caller.userAgent,
    detail: { count: n },
  });
  return { revoked: n };
}
