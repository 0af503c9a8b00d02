import { getLiveFloorPatch } from './app/reports/get-live-floor';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Server as HttpServer } from 'node:http';
import { serve } from '@hono/node-server';
import pino from 'pino';
import { createLogReporter } from './adapters/log-reporter/log-reporter';
import { BillingOffPayments } from './adapters/billing-off/billing-off-payments';
import { createLocalImportFiles } from './adapters/local-files/local-import-files';
import { createOutboxMailer } from './adapters/outbox/outbox-mailer';
import { createGeoCarrierPhoneZones } from './adapters/phone-zones/geo-carrier';
import { createSmtpMailer } from './adapters/smtp/smtp-mailer';
import { StripePayments } from './adapters/stripe/stripe-payments';
import { SignalWireTelephony } from './adapters/signalwire/signalwire-telephony';
import { SimulatorTelephony } from './adapters/simulator/simulator-telephony';
import { populationPresets } from './adapters/simulator/population';
import type { AppDeps } from './app/deps';
import { ConfigError, loadConfig, type Config } from './config';
import { connectDatabase } from './db/client';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './db/embedded';
import { migrationsCurrent, runMigrations } from './db/migrate';
import { rebuildCallRollups } from './app/reports/rebuild-call-rollups';
import { jobs } from './jobs/registry';
import { startJobs, type JobRunner } from './jobs/runner';
import { agentResourceAddress } from './app/dialer/browser-leg';
import { startWebhookWorker } from './jobs/webhook-worker';
import { startPacerWorker } from './jobs/pacer-worker';
import { createHttpWebhookSender } from './adapters/webhook-http/http-webhook-sender';
import { prepareOpenCallRecovery } from './app/telephony/settle-call';
import { inboundRoute } from './app/telephony/telephony-urls';
import { systemClock, type Clock } from './ports/clock';
import type { JobQueue } from './ports/job-queue';
import type { Logger } from './ports/logger';
import type { Payments } from './ports/payments';
import { createServerApp } from './server/app';
import { createAuth } from './server/auth';
import type { ServerDeps } from './server/context';
import { RealtimeHub } from './server/realtime';
import type { Telephony } from './ports/telephony';

// The composition root: the only file that picks adapters.

export type Running = {
  url: string;
  port: number;
  deps: ServerDeps;
  jobs: JobRunner | null;
  databaseUrl: string;
  stop: () => Promise<void>;
};

export type StartOptions = {
  clock?: Clock;
  log?: Logger;
  listen?: boolean;
  /**
   * Use this telephony adapter instead of the configured one (embedding, and tests that drive a simulator on a
   * ManualScheduler). The caller owns it: stop() does not close it.
   */
  telephony?: Telephony;
};

function createLogger(config: Config): Logger {
  return pino({
    level: config.LOG_LEVEL,
    // Never let a credential reach a log line, whatever a caller passes.
    redact: {
      paths: [
        '*.password',
        '*.newPassword',
        '*.currentPassword',
        '*.token',
        '*.cookie',
        '*.authorization',
        'req.headers',
      ],
      censor: '[redacted]',
    },
  });
}

/** Stripe when both secrets are configured; otherwise billing is off and every feature is on. */
function createPayments(config: Config): Payments {
  if (!config.billingEnabled || !config.STRIPE_SECRET_KEY || !config.STRIPE_WEBHOOK_SECRET)
    return new BillingOffPayments();
  return new StripePayments({
    secretKey: config.STRIPE_SECRET_KEY,
    webhookSecret: config.STRIPE_WEBHOOK_SECRET,
    ...(config.STRIPE_API_HOST !== undefined ? { host: config.STRIPE_API_HOST } : {}),
    ...(config.STRIPE_API_PORT !== undefined ? { port: config.STRIPE_API_PORT } : {}),
    ...(config.STRIPE_API_PROTOCOL !== undefined ? { protocol: config.STRIPE_API_PROTOCOL } : {}),
  });
}

/**
 * SignalWire when configured (config.ts refuses half a configuration); otherwise the embedded simulator, which calls
 * our own webhook URLs over HTTP, signed as SignalWire signs, so the production code path runs locally.
 */
function createTelephony(config: Config, log: Logger): { telephony: Telephony; close: () => Promise<void> } {
  const t = config.telephony;
  if (t.provider === 'signalwire') {
    const telephony = new SignalWireTelephony({
      projectId: t.projectId,
      apiToken: t.apiToken,
      spaceUrl: t.spaceUrl,
      signingKey: t.signingKey,
      ...(t.apiBaseUrl !== undefined ? { baseUrl: t.apiBaseUrl } : {}),
    });
    return { telephony, close: async () => {} };
  }
  const simulator = new SimulatorTelephony({
    signingKey: t.signingKey ?? dataDirSecret(config, 'simulator-signing-key'),
    numbers: t.numbers.map((e164, i) => ({ e164, friendlyName: `Simulator line ${i + 1}` })),
    speed: t.speed,
    recordingsDir: path.resolve(config.DATA_DIR, 'simulator-recordings'),
    onCallbackError: (f) => log.warn({ url: f.url, reason: f.reason }, 'telephony simulator: webhook not delivered'),
    // Instances share AUTH_SECRET, so a key derived from it lets any instance act on a call another one placed.
    peer: {
      selfUrl: config.publicBaseUrl,
      key: createHash('sha256')
        .update(`simulator-peer:${authSecret(config)}`)
        .digest('base64url'),
    },
    ...(t.seed !== undefined ? { seed: t.seed } : {}),
    ...(t.population
      ? {
          population: {
            ...populationPresets[t.population.preset],
            ...(t.population.humanRate !== undefined ? { humanRate: t.population.humanRate } : {}),
          },
        }
      : {}),
    inbound: inboundRoute(config.publicBaseUrl),
  });
  log.info(
    { seed: simulator.seed, speed: t.speed, population: t.population?.preset ?? 'uniform' },
    'telephony: embedded simulator',
  );
  return { telephony: simulator, close: () => simulator.close() };
}

/** A secret generated once into DATA_DIR (development defaults; production configures its own). */
function dataDirSecret(config: Config, name: string): string {
  const file = path.resolve(config.DATA_DIR, name);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

/** In development the auth secret is generated once and kept in DATA_DIR; production must configure it. */
function authSecret(config: Config): string {
  if (config.AUTH_SECRET) return config.AUTH_SECRET;
  const file = path.resolve(config.DATA_DIR, 'auth-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

/** The configured database server, or the embedded one (started in DATA_DIR) when DATABASE_URL is not set. */
async function openDatabaseServer(
  config: Config,
  log: Logger,
): Promise<{ databaseUrl: string; embedded: EmbeddedDatabase | null }> {
  if (config.DATABASE_URL) return { databaseUrl: config.DATABASE_URL, embedded: null };
  log.info({ dataDir: config.DATA_DIR }, 'starting embedded PostgreSQL');
  const embedded = await startEmbeddedPostgres({ dataDir: config.DATA_DIR, database: 'dialerseat' });
  return { databaseUrl: embedded.url, embedded };
}

/**
 * `dialerseat migrate`: applies the migrations and stops. Nothing else starts (no job workers, no call recovery, no
 * telephony), so a deploy step can run it before any instance serves, and it cannot pick up work it then abandons.
 */
export async function migrateDialerSeat(config: Config, log: Logger = createLogger(config)): Promise<void> {
  const { databaseUrl, embedded } = await openDatabaseServer(config, log);
  const database = connectDatabase(databaseUrl, 1);
  try {
    await runMigrations(database.pool);
    log.info({}, 'database migrations applied');
  } finally {
    await database.close();
    if (embedded) await embedded.stop();
  }
}

/**
 * `dialerseat rebuild-rollups`: recomputes the reports' rollups from the calls (and the lead state counts from the
 * leads) and stops. It starts nothing else and may run beside serving instances (call and lead changes wait for it,
 * then apply on top). Prints one JSON line.
 */
export async function rebuildRollupsCommand(config: Config, log: Logger = createLogger(config)): Promise<void> {
  const { databaseUrl, embedded } = await openDatabaseServer(config, log);
  const database = connectDatabase(databaseUrl, 1);
  try {
    if (!(await migrationsCurrent(database.pool)))
      throw new Error('The database is not up to date: run `dialerseat migrate` first, then rebuild the rollups.');
    const result = await rebuildCallRollups({ db: database.db });
    process.stdout.write(`${JSON.stringify({ rollups: 'rebuilt', ...result })}\n`);
  } finally {
    await database.close();
    if (embedded) await embedded.stop();
  }
}

export async function startDialerSeat(config: Config, opts: StartOptions = {}): Promise<Running> {
  const log = opts.log ?? createLogger(config);
  for (const warning of config.warnings) log.warn({ security: true }, `WARNING: ${warning}`);
  const clock = opts.clock ?? systemClock;
  const { databaseUrl, embedded } = await openDatabaseServer(config, log);
  const database = connectDatabase(databaseUrl, config.DATABASE_POOL_SIZE);
  await runMigrations(database.pool);

  const mailer = config.SMTP_URL
    ? createSmtpMailer({ url: config.SMTP_URL, from: config.MAIL_FROM })
    : createOutboxMailer(database.pool);
  const secret = authSecret(config);
  // Sentry's SDK is loaded only when configured: with the source maps tsx turns on, loading it costs ~50 MB.
  const reporter = config.SENTRY_DSN
    ? (await import('./adapters/sentry/sentry-reporter')).createSentryReporter({
        dsn: config.SENTRY_DSN,
        environment: config.NODE_ENV,
      })
    : createLogReporter({ write: (line) => process.stderr.write(`${line}\n`) });
  const own = opts.telephony ? { telephony: opts.telephony, close: async () => {} } : createTelephony(config, log);
  const telephony = own.telephony;
  const realtime = new RealtimeHub({ connectionString: databaseUrl, db: database.db, log });
  await realtime.start();
  // The queue is usable once pg-boss has started below; nothing enqueues before the server listens.
  let jobRunner: JobRunner | null = null;
  const queue: JobQueue = {
    send: async (jobId, data, opts) => {
      if (!jobRunner) throw new Error('job queue not started');
      await jobRunner.boss.send(jobId, data, {
        ...(opts?.singletonKey ? { singletonKey: opts.singletonKey } : {}),
        ...(opts?.startAfter ? { startAfter: opts.startAfter } : {}),
      });
    },
  };
  const appDeps: AppDeps = {
    db: database.db,
    mailer,
    telephony,
    ...(telephony instanceof SimulatorTelephony ? { inboundSimulator: telephony } : {}),
    calling: {
      provider: telephony instanceof SignalWireTelephony ? 'signalwire' : 'simulator',
      staleCallMinutes: config.STALE_CALL_MINUTES,
    },
    clock,
    startedAt: clock.now(),
    log,
    queue,
    settings: {
      publicBaseUrl: config.publicBaseUrl,
      invitationTtlHours: config.INVITATION_TTL_HOURS,
      invitationsPerHour: config.INVITATIONS_PER_HOUR,
    },
    payments: createPayments(config),
    billing: { plans: config.plans, graceDays: config.BILLING_GRACE_DAYS },
    importFiles: createLocalImportFiles(path.resolve(config.DATA_DIR, 'imports')),
    exportFiles: createLocalImportFiles(path.resolve(config.DATA_DIR, 'exports')),
    dropAudioFiles: createLocalImportFiles(path.resolve(config.DATA_DIR, 'drop-audio')),
    phoneZones: await createGeoCarrierPhoneZones(),
    imports: { maxFileBytes: config.IMPORT_MAX_FILE_BYTES, batchRows: config.IMPORT_BATCH_ROWS },
    webhooks: createHttpWebhookSender({ allowPrivate: config.webhookAllowPrivateUrls }),
  };
  // The live floor's pushes: the hub reads the rows a change touched through the same use-case as the snapshot.
  realtime.setFloorSource((change) => getLiveFloorPatch(appDeps, change));
  const deps: ServerDeps = {
    ...appDeps,
    pool: database.pool,
    auth: createAuth(database.db, mailer, {
      secret,
      publicBaseUrl: config.publicBaseUrl,
      trustedOrigins: config.trustedOrigins,
      secureCookies: config.isProduction,
    }),
    reporter,
    realtime,
    ...(telephony instanceof SimulatorTelephony ? { simulatorPeer: (req) => telephony.handlePeerRequest(req) } : {}),
    server: {
      isProduction: config.isProduction,
      connectSources: config.browserConnectSources,
      trustProxy: config.TRUST_PROXY,
      maxJsonBodyBytes: config.MAX_JSON_BODY_BYTES,
      authRateLimit: {
        perAccount: config.AUTH_RATE_LIMIT_PER_ACCOUNT,
        perIp: config.AUTH_RATE_LIMIT_PER_IP,
        windowSec: config.AUTH_RATE_LIMIT_WINDOW_SECONDS,
      },
      apiRateLimit: { perKey: config.API_RATE_LIMIT_PER_MINUTE, windowSec: 60 },
      dripRateLimitPerMinute: config.DRIP_RATE_LIMIT_PER_MINUTE,
      dripBatches: { active: config.DRIP_CONCURRENCY, waiting: config.DRIP_MAX_WAITING },
      csrfSecret: secret,
      operatorEmails: config.operatorEmails,
      webDistDir: path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'web'),
    },
  };

  const runner = await startJobs({ connectionString: databaseUrl, deps: appDeps, jobs, work: config.JOBS_IN_PROCESS });
  jobRunner = runner;
  const webhookWorker = config.JOBS_IN_PROCESS
    ? startWebhookWorker(appDeps, { pollMs: config.WEBHOOK_POLL_MS, timing: config.webhookTiming })
    : null;
  // The predictive pacer: every few seconds, and at once whenever this instance hears a call or seat change.
  const pacerWorker = config.JOBS_IN_PROCESS ? startPacerWorker(appDeps, { tickMs: config.PACER_TICK_MS }) : null;
  if (pacerWorker) realtime.onChange(() => pacerWorker.wake());

  // After a crash, calls left open are settled with the provider at once (their agents go to wrap-up), not by the
  // stale-call sweep a quarter of an hour later. Taken before this instance serves (its own calls are not among
  // them), checked once it serves.
  const recovery = await prepareOpenCallRecovery(appDeps);
  const app = createServerApp(deps);
  let port = config.PORT;
  let close: () => Promise<void> = async () => {};
  if (opts.listen !== false) {
    const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const s = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, () => resolve(s));
    });
    // Idle keep-alive sockets stay open longer than the usual proxy idle timeout (60 s): with Node's default of 5 s a
    // proxy or a busy client reuses a socket the server is closing at that moment, and the request fails with a reset.
    const http = server as HttpServer;
    http.keepAliveTimeout = 65_000;
    http.headersTimeout = 66_000;
    const addr = server.address();
    if (addr && typeof addr === 'object') port = addr.port;
    // close() waits for open connections; one whose request finishes after it would otherwise idle for the whole
    // keep-alive time, so idle ones are closed until the server is.
    close = () =>
      new Promise<void>((resolve) => {
        const sweep = setInterval(() => http.closeIdleConnections(), 50);
        server.close(() => {
          clearInterval(sweep);
          resolve();
        });
      });
  }
  const url = `http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${port}`;
  await recovery.send();
  // The cXML resource agents' browsers dial (decision 0014): created or found now, so the first Ready does not wait
  // on it; a failure is logged and retried on that first Ready.
  if (appDeps.calling.provider === 'signalwire')
    await agentResourceAddress(appDeps).catch((err: unknown) =>
      log.warn(
        { err: err instanceof Error ? err.message : String(err) },
        'could not create or find the agent cXML resource',
      ),
    );
  let stopped = false;
  return {
    url,
    port,
    deps,
    jobs: runner,
    databaseUrl,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      runner.beginShutdown();
      await webhookWorker?.stop();
      await pacerWorker?.stop();
      // Open event streams would hold the HTTP server open: end them first.
      await realtime.stop();
      await close();
      await own.close();
      await reporter.flush(2000).catch(() => false);
      await runner.stop().catch(() => {});
      await database.close().catch(() => {});
      if (embedded) await embedded.stop();
    },
  };
}

async function cli() {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  const command = process.argv[2] ?? 'serve';
  if (command === 'migrate') return migrateDialerSeat(config);
  if (command === 'rebuild-rollups') return rebuildRollupsCommand(config);
  if (command === 'worker') config = { ...config, JOBS_IN_PROCESS: true };
  const running = await startDialerSeat(config, { listen: command !== 'worker' });
  running.deps.log.info({ url: command === 'worker' ? null : config.publicBaseUrl }, `DialerSeat ${command} ready`);
  if (command !== 'worker') console.warn(`DialerSeat is running at ${config.publicBaseUrl}  (Ctrl-C stops it)`);
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    running.deps.log.info({ signal }, 'shutting down');
    await running.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  cli().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
