import { z } from 'zod';
import { boundedDate } from '../../core/input';
import { AppError } from '../../core/errors';
import { closePrivacyRequest, insertPrivacyRequest } from '../../db/queries/privacy-requests';
import type { AppDeps } from '../deps';

/** We answer a privacy request within 30 days of receiving it. */
export const PRIVACY_REQUEST_DAYS = 30;

export const privacyRequestSchema = z.object({
  requesterEmail: z.email('Enter the requester’s e-mail address'),
  kind: z.enum(['access', 'correction', 'deletion', 'portability', 'objection', 'withdrawal', 'other']),
  details: z.string().trim().max(5000).default(''),
  receivedAt: boundedDate().optional(),
});

export async function logPrivacyRequest(deps: AppDeps, input: z.infer<typeof privacyRequestSchema>) {
  const receivedAt = input.receivedAt ?? deps.clock.now();
  const dueAt = new Date(receivedAt.getTime() + PRIVACY_REQUEST_DAYS * 86_400_000);
  return insertPrivacyRequest(deps.db, {
    requesterEmail: input.requesterEmail.toLowerCase(),
    kind: input.kind,
    details: input.details,
    receivedAt,
    dueAt,
  });
}

export async function closeRequest(deps: AppDeps, id: string, actionTaken: string) {
  if (!actionTaken.trim())
    throw new AppError('invalid_input', 'Say what was done', { fields: { actionTaken: 'Say what was done' } });
  if (!(await closePrivacyRequest(deps.db, id, actionTaken.trim(), deps.clock.now())))
    throw new AppError('not_found', 'No open request with that id');
}
