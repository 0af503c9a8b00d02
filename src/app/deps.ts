import type { InboundCallSimulator, Telephony } from '../ports/telephony';
import type { Plan } from '../core/billing/plans';
import type { RootDb } from '../db/client';
import type { Clock } from '../ports/clock';
import type { ImportFiles } from '../ports/import-files';
import type { JobQueue } from '../ports/job-queue';
import type { Logger } from '../ports/logger';
import type { Mailer } from '../ports/mailer';
import type { Payments } from '../ports/payments';
import type { PhoneZones } from '../ports/phone-zones';
import type { WebhookSender } from '../ports/webhook-sender';

/** Everything a use-case may touch, wired once in src/main.ts. */
export type AppDeps = {
  db: RootDb;
  mailer: Mailer;
  /** SignalWire or the embedded simulator; `calling.provider` says which (stored on each call). */
  telephony: Telephony;
  /** Set only with the embedded simulator: test calls into the team's numbers (the dev tools, the tests). */
  inboundSimulator?: InboundCallSimulator;
  calling: { provider: 'signalwire' | 'simulator'; staleCallMinutes: number };
  clock: Clock;
  /** When this instance started (by `clock`): a sweep judges only the silence it was up to hear. */
  startedAt: Date;
  log: Logger;
  /** Background jobs declared in src/jobs/registry.ts, by id. */
  queue: JobQueue;
  settings: { publicBaseUrl: string; invitationTtlHours: number; invitationsPerHour: number };
  /** Stripe, or the billing-off twin on a self-hosted instance (`payments.enabled` tells which). */
  payments: Payments;
  billing: BillingSettings;
  /** Lead imports: where uploads wait, the zones of a number, and the limits. */
  importFiles: ImportFiles;
  phoneZones: PhoneZones;
  imports: ImportSettings;
  /** Where finished team-data exports (ZIP files) wait for download, until they expire. Same file-store port. */
  exportFiles: ImportFiles;
  /** Campaigns' voicemail-drop recordings, one file per drop message id (decision 0029). Same file-store port. */
  dropAudioFiles: ImportFiles;
  /** Outbound webhooks over HTTP, with the SSRF guard the configuration asks for. */
  webhooks: WebhookSender;
};

export type BillingSettings = { plans: readonly Plan[]; graceDays: number };
export type ImportSettings = { maxFileBytes: number; batchRows: number };
