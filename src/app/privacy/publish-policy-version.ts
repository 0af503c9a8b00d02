import { z } from 'zod';
import { boundedDate } from '../../core/input';
import { AppError } from '../../core/errors';
import { checkPolicyNotice } from '../../core/privacy/policy';
import { getPolicyVersion, insertPolicyVersion, markNotified, usersToNotify } from '../../db/queries/policy';
import type { AppDeps } from '../deps';

export const policyVersionSchema = z.object({
  version: z.string().trim().min(1, 'Name the version, e.g. 2027-01').max(40),
  summary: z.string().trim().min(10, 'Say in a sentence or two what changes').max(2000),
  effectiveAt: boundedDate({ error: 'Give the date it takes effect' }),
});

export const NOTIFY_POLICY_JOB = 'notify-policy-version';

/** Publishes a version and queues the e-mail to every registered user (the job is idempotent per user). */
export async function publishPolicyVersion(deps: AppDeps, input: z.infer<typeof policyVersionSchema>) {
  const now = deps.clock.now();
  const notice = checkPolicyNotice(input.effectiveAt, now);
  if (!notice.ok) throw new AppError('invalid_input', notice.reason, { fields: { effectiveAt: notice.reason } });
  const row = await insertPolicyVersion(deps.db, { ...input, publishedAt: now });
  if (!row)
    throw new AppError('conflict', `Version ${input.version} already exists`, {
      fields: { version: 'Already published' },
    });
  await deps.queue.send(NOTIFY_POLICY_JOB, { policyId: row.id }, { singletonKey: row.id });
  return row;
}

/** E-mails, in batches, everyone not yet told about the version; a retry continues where it stopped. */
export async function notifyPolicyVersion(deps: AppDeps, policyId: string, batch = 100) {
  const policy = await getPolicyVersion(deps.db, policyId);
  if (!policy) return { sent: 0 };
  const when = policy.effectiveAt.toUTCString().slice(0, 16);
  let sent = 0;
  for (;;) {
    const users = await usersToNotify(deps.db, policyId, batch);
    if (users.length === 0) return { sent };
    for (const u of users) {
      await deps.mailer.send({
        to: u.email,
        subject: `Our privacy policy changes on ${when}`,
        text: [
          `Hello ${u.name},`,
          '',
          `We are updating the DialerSeat privacy policy (version ${policy.version}). It takes effect on ${when}.`,
          '',
          policy.summary,
          '',
          `Read the whole policy: ${deps.settings.publicBaseUrl}/privacy`,
          'If you keep using DialerSeat after that date, the new version applies. Questions: privacy@dialerseat.com.',
        ].join('\n'),
      });
      await markNotified(deps.db, policyId, u.id, deps.clock.now());
      sent++;
    }
  }
}
