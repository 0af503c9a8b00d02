import { z } from 'zod';
import type { AppDeps } from '../app/deps';
import { purgeExpiredRecordings } from '../app/calls/purge-expired-recordings';
import { reconcileStaleCalls } from '../app/telephony/reconcile-stale-calls';
import { RECOVER_OPEN_CALLS_JOB, recoverOpenCalls } from '../app/telephony/settle-call';
import { sweepAgentPresence } from '../app/dialer/sweep-agent-presence';
import { importHousekeeping } from '../app/leads/imports/import-housekeeping';
import { runImport } from '../app/leads/imports/run-import';
import { IMPORT_JOB } from '../app/leads/imports/start-import';
import { DELETE_PROVIDER_RECORDINGS_JOB, deleteProviderRecordings } from '../app/calls/delete-provider-recordings';
import { EXPORT_TEAM_JOB, purgeExpiredExports, runTeamExport } from '../app/privacy/export-team-data';
import { NOTIFY_POLICY_JOB, notifyPolicyVersion } from '../app/privacy/publish-policy-version';
import { FOLD_CALL_ROLLUPS_JOB, foldCallRollups } from '../app/reports/fold-call-rollups';
import { FOLD_LEAD_STATES_JOB, foldLeadStates } from '../app/reports/fold-lead-states';
import { CALLER_ID_HEALTH_JOB, checkCallerIdHealth } from '../app/telephony/caller-id-health';
import { cutoff } from '../core/retention/periods';
import { purgeRateLimits } from '../db/queries/rate-limits';
import { purgeIdempotencyKeys } from '../db/queries/api-keys';
import { idempotencyCutoff } from '../app/teams/idempotent-request';
import { purgeOlderThan } from '../db/queries/retention';

/** A job declared once: id, input schema, optional cron schedule (UTC) and an idempotent handler. */
export type JobDef<S extends z.ZodType = z.ZodType> = {
  id: string;
  input: S;
  schedule?: string;
  handler: (deps: AppDeps, input: z.infer<S>) => Promise<Record<string, unknown> | void>;
};

const defineJob = <S extends z.ZodType>(def: JobDef<S>) => def as unknown as JobDef;

export const jobs: JobDef[] = [
  defineJob({
    // The reports read the buckets plus the pending deltas, so this only keeps the pending part small.
    id: FOLD_CALL_ROLLUPS_JOB,
    input: z.object({}).default({}),
    schedule: '* * * * *',
    handler: async (deps) => foldCallRollups(deps),
  }),
  defineJob({
    // The same for the lead state counts the list-penetration report reads (decision 0036).
    id: FOLD_LEAD_STATES_JOB,
    input: z.object({}).default({}),
    schedule: '* * * * *',
    handler: async (deps) => foldLeadStates(deps),
  }),
  defineJob({
    // Caller-ID health: rests numbers callees stopped answering and revives them after their rest. Hourly, so a
    // number is caught within the hour and revived within the hour its rest ends.
    id: CALLER_ID_HEALTH_JOB,
    input: z.object({}).default({}),
    schedule: '13 * * * *',
    handler: async (deps) => checkCallerIdHealth(deps),
  }),
  defineJob({
    id: DELETE_PROVIDER_RECORDINGS_JOB,
    input: z.object({ deletionId: z.uuid(), recordingSids: z.array(z.string().min(1)).max(1_000_000) }),
    handler: async (deps, input) => deleteProviderRecordings(deps, input),
  }),
  defineJob({
    id: EXPORT_TEAM_JOB,
    input: z.object({ exportId: z.uuid() }),
    handler: async (deps, input) => runTeamExport(deps, input.exportId),
  }),
  defineJob({
    id: 'purge-expired-exports',
    input: z.object({}).default({}),
    schedule: '23 4 * * *',
    handler: async (deps) => purgeExpiredExports(deps),
  }),
  defineJob({
    // Lead import: resumable from its cursor, so a retry or a duplicate send is safe.
    id: IMPORT_JOB,
    input: z.object({ importId: z.uuid() }),
    handler: async (deps, input) => runImport(deps, input),
  }),
  defineJob({
    id: 'import-housekeeping',
    input: z.object({}).default({}),
    schedule: '* * * * *',
    handler: async (deps) => importHousekeeping(deps),
  }),
  defineJob({
    id: NOTIFY_POLICY_JOB,
    input: z.object({ policyId: z.uuid() }),
    handler: async (deps, input) => notifyPolicyVersion(deps, input.policyId),
  }),
  defineJob({
    id: 'purge-billing-records',
    input: z.object({}).default({}),
    schedule: '7 5 * * 0',
    handler: async (deps) => {
      const now = deps.clock.now();
      // Invoices are kept the 7 years tax law asks, then deleted; Stripe stops redelivering an event after
      // 3 days, so webhook ids older than the error-log period no longer protect against duplicates.
      const invoices = await purgeOlderThan(deps.db, 'invoices', cutoff('billingRecord', now));
      const webhookEvents = await purgeOlderThan(deps.db, 'webhook_events', cutoff('errorLog', now));
      return { invoices, webhookEvents };
    },
  }),
  defineJob({
    id: 'purge-security-logs',
    input: z.object({}).default({}),
    schedule: '41 3 * * *',
    handler: async (deps) => {
      const now = deps.clock.now();
      const securityEvents = await purgeOlderThan(deps.db, 'security_events', cutoff('securityEvent', now));
      const outboxMail = await purgeOlderThan(deps.db, 'mail_outbox', cutoff('outboxMail', now));
      const dripDeliveries = await purgeOlderThan(deps.db, 'lead_drip_deliveries', cutoff('leadDripLog', now));
      return { securityEvents, outboxMail, dripDeliveries };
    },
  }),
  defineJob({
    // The log holds copies of lead data sent to the team's own endpoints; retries end after about 3 days.
    id: 'purge-webhook-deliveries',
    input: z.object({}).default({}),
    schedule: '47 3 * * *',
    handler: async (deps) => ({
      webhookDeliveries: await purgeOlderThan(
        deps.db,
        'webhook_deliveries',
        cutoff('webhookDelivery', deps.clock.now()),
      ),
    }),
  }),
  defineJob({
    id: 'purge-rate-limits',
    input: z.object({}).default({}),
    schedule: '17 * * * *',
    handler: async (deps) => {
      // Counters older than a day can no longer affect any window.
      const purged = await purgeRateLimits(deps.db, new Date(deps.clock.now().getTime() - 86_400_000));
      // API answers kept for Idempotency-Key replays, once past the period a client may retry in.
      const idempotencyKeys = await purgeIdempotencyKeys(deps.db, idempotencyCutoff(deps.clock.now()));
      return { purged, idempotencyKeys };
    },
  }),
  defineJob({
    id: 'reconcile-stale-calls',
    input: z.object({}).default({}),
    // Callbacks that never came: ask the provider about calls still open after STALE_CALL_MINUTES.
    schedule: '*/5 * * * *',
    handler: async (deps) => reconcileStaleCalls(deps),
  }),
  defineJob({
    // Sent by every instance as it starts: calls open across a crash are settled with the provider at once.
    id: RECOVER_OPEN_CALLS_JOB,
    input: z.object({ callIds: z.array(z.uuid()).max(5000) }),
    handler: async (deps, input) => recoverOpenCalls(deps, input),
  }),
  defineJob({
    id: 'purge-expired-recordings',
    input: z.object({}).default({}),
    schedule: '23 * * * *',
    handler: async (deps) => purgeExpiredRecordings(deps),
  }),
  defineJob({
    // The dialer: agents whose workspace stopped reporting are put Not ready and their leads freed.
    id: 'sweep-agent-presence',
    input: z.object({}).default({}),
    schedule: '* * * * *',
    handler: async (deps) => sweepAgentPresence(deps),
  }),
];
