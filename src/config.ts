import { z } from 'zod';
import { parsePlans, PlanConfigError, type Plan } from './core/billing/plans';
import type { DeliveryTiming } from './core/webhooks/events';

// The only reader of process.env. Validated once at start-up; a bad value stops the process
// with one line naming the variable. Empty strings count as unset.

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().positive();

export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: port.default(3000),
  DATA_DIR: z.string().default('./.data'),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  DATABASE_POOL_SIZE: positiveInt.default(10),
  PUBLIC_BASE_URL: z.url().optional(),
  AUTH_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  TRUST_PROXY: bool.default(false),
  JOBS_IN_PROCESS: bool.default(true),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  MAIL_FROM: z.string().default('DialerSeat <no-reply@dialerseat.localhost>'),
  MAX_JSON_BODY_BYTES: positiveInt.default(1_048_576),
  AUTH_RATE_LIMIT_PER_ACCOUNT: positiveInt.default(10),
  AUTH_RATE_LIMIT_PER_IP: positiveInt.default(50),
  AUTH_RATE_LIMIT_WINDOW_SECONDS: positiveInt.default(900),
  INVITATION_TTL_HOURS: positiveInt.default(72),
  INVITATIONS_PER_HOUR: positiveInt.default(60),
  API_RATE_LIMIT_PER_MINUTE: positiveInt.default(600),
  DRIP_RATE_LIMIT_PER_MINUTE: positiveInt.default(300),
  // Drip batches one process parses and stores at once, and how many more may wait (their bodies read) before
  // further requests get 429: memory and database load grow with these, not with the number of senders.
  DRIP_CONCURRENCY: positiveInt.default(2),
  DRIP_MAX_WAITING: z.coerce.number().int().min(0).default(8),
  SENTRY_DSN: z.url().optional(),
  IMPORT_MAX_FILE_BYTES: positiveInt.default(500 * 1024 * 1024),
  IMPORT_BATCH_ROWS: z.coerce.number().int().min(100).max(50_000).default(5000),
  OPERATOR_EMAILS: z.string().optional(),
  // Outbound webhooks: whether endpoint URLs may point at private or loopback addresses (unset: only outside
  // production, where a receiver on this machine is the normal case), and how often a worker looks for due deliveries.
  WEBHOOK_ALLOW_PRIVATE_URLS: bool.optional(),
  WEBHOOK_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  // How often each job-running instance runs the predictive pacer (it also runs at once on a call or seat change).
  PACER_TICK_MS: z.coerce.number().int().min(100).max(60_000).default(2000),
  // Delivery timing (decision 0018's defaults): the first retry's wait, tripled per failure up to the ceiling; how
  // long a worker holds a delivery it is sending; how long it waits for an answer. Shorter only for test beds.
  WEBHOOK_RETRY_BASE_MS: z.coerce.number().int().min(10).max(3_600_000).default(10_000),
  WEBHOOK_RETRY_MAX_MS: z.coerce
    .number()
    .int()
    .min(10)
    .max(86_400_000)
    .default(8 * 3_600_000),
  WEBHOOK_LEASE_MS: z.coerce.number().int().min(200).max(3_600_000).default(60_000),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(15_000),
  // Billing is on only when both Stripe secrets are set; otherwise the instance is self-hosted (everything free).
  STRIPE_SECRET_KEY: z
    .string()
    .regex(/^(sk|rk)_(test|live)_\S+$/, 'must be a Stripe secret key (sk_live_…, sk_test_… or rk_…)')
    .optional(),
  STRIPE_WEBHOOK_SECRET: z
    .string()
    .regex(/^whsec_\S+$/, 'must be a Stripe webhook signing secret (whsec_…)')
    .optional(),
  // Only to point the SDK at a local fake Stripe (tests, offline development); production leaves them unset.
  STRIPE_API_HOST: z.string().optional(),
  STRIPE_API_PORT: port.optional(),
  STRIPE_API_PROTOCOL: z.enum(['http', 'https']).optional(),
  PLANS: z.string().optional(),
  BILLING_GRACE_DAYS: z.coerce.number().int().min(0).max(60).default(3),
  // Telephony: SignalWire when all four credentials and PUBLIC_BASE_URL are set; otherwise the embedded simulator.
  SIGNALWIRE_PROJECT_ID: z.string().optional(),
  SIGNALWIRE_API_TOKEN: z.string().optional(),
  SIGNALWIRE_SPACE_URL: z
    .string()
    .regex(/^(https?:\/\/)?[a-z0-9.-]+(:\d+)?\/?$/i, 'must be the space host, e.g. acme.signalwire.com')
    .optional(),
  SIGNALWIRE_SIGNING_KEY: z.string().optional(),
  // Only to point the adapter at a local fake SignalWire (tests, offline development).
  SIGNALWIRE_API_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  // The relay the browser leg's SDK connects to (the subscriber token's `ch` claim); the CSP opens to it.
  SIGNALWIRE_RELAY_HOST: z
    .string()
    .regex(
      /^(wss?:\/\/)?[a-z0-9.-]+(:\d+)?$/i,
      'must be the relay host, e.g. relay.signalwire.com (or ws://127.0.0.1:PORT for a local fake relay)',
    )
    .optional(),
  SIMULATOR_NUMBERS: z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((n) => n.trim())
        .filter((n) => n !== ''),
    )
    .pipe(
      z
        .array(z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be a comma-separated list of E.164 numbers'))
        .min(1, 'needs at least one number'),
    )
    .optional(),
  SIMULATOR_SEED: z.coerce
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .optional(),
  SIMULATOR_SPEED: z.coerce.number().positive().max(10_000).default(1),
  SIMULATOR_SIGNING_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
  // How ordinary numbers answer: `uniform` (flat outcome weights, the default) or a population model (cold: ~10 %
  // of dials reach a person, warm: ~25 %); SIMULATOR_HUMAN_RATE sets a population's share of dials a person answers.
  SIMULATOR_POPULATION: z.enum(['uniform', 'cold', 'warm']).default('uniform'),
  SIMULATOR_HUMAN_RATE: z.coerce
    .number()
    .min(0)
    .max(0.6, 'must be at most 0.6 (machines answer 20 % of dials)')
    .optional(),
  // A call with no final callback this long after it was placed is asked about by the reconciliation job.
  STALE_CALL_MINUTES: positiveInt.default(15),
});

/** Caller IDs the simulator owns when SIMULATOR_NUMBERS is unset: a few area codes, so local presence shows. */
export const defaultSimulatorCallerIds = [
  '+12025550123',
  '+14155550123',
  '+12125550123',
  '+13125550123',
  '+17135550123',
];

export type TelephonyConfig =
  | {
      provider: 'signalwire';
      projectId: string;
      apiToken: string;
      spaceUrl: string;
      signingKey: string;
      apiBaseUrl?: string;
    }
  | {
      provider: 'simulator';
      numbers: string[];
      seed?: number;
      speed: number;
      signingKey?: string;
      /** Ordinary numbers answer as this population model (src/adapters/simulator/population.ts); flat weights when absent. */
      population?: { preset: 'cold' | 'warm'; humanRate?: number };
    };

export type Config = z.infer<typeof configSchema> & {
  publicBaseUrl: string;
  /** Origins whose requests sign-in and sign-up accept: PUBLIC_BASE_URL, plus its loopback forms outside production. */
  trustedOrigins: string[];
  isProduction: boolean;
  embeddedDatabase: boolean;
  billingEnabled: boolean;
  /** Lower-cased e-mail addresses of the people who run this installation (analytics, policy, privacy requests). */
  operatorEmails: string[];
  /** PLANS parsed at start-up (the default list when unset). */
  plans: Plan[];
  telephony: TelephonyConfig;
  /**
   * Origins the browser leg's SDK talks to, added to the CSP's connect-src: none on the simulator; on SignalWire
   * its relay (websocket) and the REST host the SDK derives from it (decision 0024).
   */
  browserConnectSources: string[];
  /** WEBHOOK_ALLOW_PRIVATE_URLS with its default applied (false in production). */
  webhookAllowPrivateUrls: boolean;
  /** The WEBHOOK_RETRY_*, _LEASE_MS and _TIMEOUT_MS settings, as the delivery worker takes them. */
  webhookTiming: DeliveryTiming;
  /** Start-up warnings the process logs loudly (e.g. development mode reachable from the network). */
  warnings: string[];
};

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);
export const isLoopbackHost = (host: string) =>
  LOOPBACK_HOSTS.has(host.toLowerCase()) || /^127\.\d+\.\d+\.\d+$/.test(host);

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parse an environment-like record. Throws ConfigError with one line per bad variable. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([k, v]) => k in configSchema.shape && v !== undefined && v.trim() !== ''),
  );
  const parsed = configSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.') || 'config'}: ${i.message}`);
    throw new ConfigError(`Invalid configuration — ${lines.join('; ')}`);
  }
  const c = parsed.data;
  const isProduction = c.NODE_ENV === 'production';
  if (isProduction) {
    const missing = [!c.AUTH_SECRET && 'AUTH_SECRET', !c.PUBLIC_BASE_URL && 'PUBLIC_BASE_URL'].filter(Boolean);
    if (missing.length) throw new ConfigError(`Invalid configuration — production needs ${missing.join(', ')}`);
  }
  const publicBaseUrl = (c.PUBLIC_BASE_URL ?? `http://localhost:${c.PORT}`).replace(/\/+$/, '');
  // Half a Stripe configuration would silently make a hosted instance free; refuse it instead.
  if (!!c.STRIPE_SECRET_KEY !== !!c.STRIPE_WEBHOOK_SECRET) {
    const missing = c.STRIPE_SECRET_KEY ? 'STRIPE_WEBHOOK_SECRET' : 'STRIPE_SECRET_KEY';
    throw new ConfigError(
      `Invalid configuration — ${missing} is not set: set both Stripe secrets to turn billing on, or neither for a self-hosted instance`,
    );
  }
  let plans: Plan[];
  try {
    plans = parsePlans(c.PLANS, 'PLANS');
  } catch (e) {
    if (e instanceof PlanConfigError) throw new ConfigError(`Invalid configuration — ${e.message}`);
    throw e;
  }
  const billingEnabled = !!c.STRIPE_SECRET_KEY && !!c.STRIPE_WEBHOOK_SECRET;
  // A lease shorter than a send (the answer's wait plus recording it) would let a second worker send the same
  // delivery while the first still waits for its answer.
  if (c.WEBHOOK_LEASE_MS < 2 * c.WEBHOOK_TIMEOUT_MS)
    throw new ConfigError(
      `Invalid configuration — WEBHOOK_LEASE_MS (${c.WEBHOOK_LEASE_MS}) must be at least twice WEBHOOK_TIMEOUT_MS (${c.WEBHOOK_TIMEOUT_MS})`,
    );
  if (c.WEBHOOK_RETRY_MAX_MS < c.WEBHOOK_RETRY_BASE_MS)
    throw new ConfigError(
      `Invalid configuration — WEBHOOK_RETRY_MAX_MS (${c.WEBHOOK_RETRY_MAX_MS}) must not be below WEBHOOK_RETRY_BASE_MS (${c.WEBHOOK_RETRY_BASE_MS})`,
    );
  const operatorEmails = (c.OPERATOR_EMAILS ?? '')
    .split(',')
    .map((e) => e.trim().toLowerCase())
    .filter(Boolean);
  const telephony = telephonyConfig(c);
  const browserConnectSources =
    telephony.provider === 'signalwire'
      ? signalWireBrowserOrigins(c.SIGNALWIRE_RELAY_HOST ?? 'relay.signalwire.com', isProduction)
      : [];
  // Development mode (non-Secure cookies, no HSTS, the dev outbox) is for one machine. Reachable from elsewhere it
  // is allowed (containers, tunnels for provider webhooks) but never silently.
  const warnings: string[] = [];
  const exposed = [
    !isLoopbackHost(c.HOST) && `HOST=${c.HOST}`,
    !isLoopbackHost(new URL(publicBaseUrl).hostname) && `PUBLIC_BASE_URL=${publicBaseUrl}`,
  ].filter((x): x is string => typeof x === 'string');
  if (!isProduction && exposed.length > 0)
    warnings.push(
      `NODE_ENV is ${c.NODE_ENV}, not production, while ${exposed.join(' and ')} makes this instance reachable from other machines: cookies are not Secure and HSTS is off. A public deployment must set NODE_ENV=production.`,
    );
  const trustedOrigins = isProduction ? [publicBaseUrl] : withLoopbackForms(publicBaseUrl);
  return {
    ...c,
    publicBaseUrl,
    trustedOrigins,
    isProduction,
    embeddedDatabase: !c.DATABASE_URL,
    billingEnabled,
    plans,
    operatorEmails,
    telephony,
    browserConnectSources,
    webhookAllowPrivateUrls: c.WEBHOOK_ALLOW_PRIVATE_URLS ?? !isProduction,
    webhookTiming: {
      retryBaseMs: c.WEBHOOK_RETRY_BASE_MS,
      retryMaxMs: c.WEBHOOK_RETRY_MAX_MS,
      leaseMs: c.WEBHOOK_LEASE_MS,
      timeoutMs: c.WEBHOOK_TIMEOUT_MS,
    },
    warnings,
  };
}

const LOOPBACK_SPELLINGS = ['localhost', '127.0.0.1', '[::1]'];

/**
 * The origin and, when it is a loopback address, its other loopback spellings on the same port: the server listens
 * on 127.0.0.1 and people open http://127.0.0.1:3000 as often as http://localhost:3000. Development and tests only;
 * production trusts PUBLIC_BASE_URL alone.
 */
export function withLoopbackForms(origin: string): string[] {
  const url = new URL(origin);
  if (!LOOPBACK_SPELLINGS.includes(url.hostname)) return [url.origin];
  return [
    url.origin,
    ...LOOPBACK_SPELLINGS.filter((h) => h !== url.hostname).map(
      (h) => `${url.protocol}//${h}${url.port ? `:${url.port}` : ''}`,
    ),
  ];
}

/**
 * The browser leg's origins for the CSP: the relay as a websocket origin (`wss://` unless a `ws://` URL is given,
 * which only a local fake relay outside production may use), and `https://fabric.<relay's parent domain>`, the REST
 * host the SDK derives from the relay, when the relay is a name with a parent domain.
 */
export function signalWireBrowserOrigins(relay: string, isProduction: boolean): string[] {
  const url = new URL(/^wss?:\/\//i.test(relay) ? relay : `wss://${relay}`);
  if (url.protocol === 'ws:' && isProduction)
    throw new ConfigError(
      'Invalid configuration — SIGNALWIRE_RELAY_HOST may use ws:// (unencrypted) only outside production',
    );
  const labels = url.hostname.split('.');
  const named = labels.length >= 3 && !/^\d+$/.test(labels.at(-1)!);
  return [url.origin, ...(named ? [`https://fabric.${labels.slice(1).join('.')}`] : [])];
}

const SIGNALWIRE_VARIABLES = [
  'SIGNALWIRE_PROJECT_ID',
  'SIGNALWIRE_API_TOKEN',
  'SIGNALWIRE_SPACE_URL',
  'SIGNALWIRE_SIGNING_KEY',
] as const;

function simulatorPopulation(
  c: z.infer<typeof configSchema>,
): Pick<TelephonyConfig & { provider: 'simulator' }, 'population'> {
  if (c.SIMULATOR_POPULATION === 'uniform') {
    if (c.SIMULATOR_HUMAN_RATE !== undefined)
      throw new ConfigError(
        'Invalid configuration — SIMULATOR_HUMAN_RATE needs a population model: set SIMULATOR_POPULATION to cold or warm',
      );
    return {};
  }
  const humanRate = c.SIMULATOR_HUMAN_RATE;
  return { population: { preset: c.SIMULATOR_POPULATION, ...(humanRate !== undefined ? { humanRate } : {}) } };
}

/**
 * SignalWire needs all four credentials plus PUBLIC_BASE_URL (its webhooks are signed over our public URL);
 * half a configuration would silently fall back to the simulator and place no real calls, so it is refused.
 */
function telephonyConfig(c: z.infer<typeof configSchema>): TelephonyConfig {
  const set = SIGNALWIRE_VARIABLES.filter((name) => c[name] !== undefined);
  if (set.length === 0) {
    if (c.SIGNALWIRE_RELAY_HOST !== undefined) {
      throw new ConfigError(
        `Invalid configuration — SIGNALWIRE_RELAY_HOST is set without the SignalWire credentials (${SIGNALWIRE_VARIABLES.join(', ')})`,
      );
    }
    if (c.SIGNALWIRE_API_BASE_URL !== undefined) {
      throw new ConfigError(
        `Invalid configuration — SIGNALWIRE_API_BASE_URL is set without the SignalWire credentials (${SIGNALWIRE_VARIABLES.join(', ')})`,
      );
    }
    return {
      provider: 'simulator',
      numbers: c.SIMULATOR_NUMBERS ?? defaultSimulatorCallerIds,
      speed: c.SIMULATOR_SPEED,
      ...(c.SIMULATOR_SEED !== undefined ? { seed: c.SIMULATOR_SEED } : {}),
      ...(c.SIMULATOR_SIGNING_KEY !== undefined ? { signingKey: c.SIMULATOR_SIGNING_KEY } : {}),
      ...simulatorPopulation(c),
    };
  }
  const missing: string[] = SIGNALWIRE_VARIABLES.filter((name) => c[name] === undefined);
  if (c.PUBLIC_BASE_URL === undefined) missing.push('PUBLIC_BASE_URL');
  const {
    SIGNALWIRE_PROJECT_ID: projectId,
    SIGNALWIRE_API_TOKEN: apiToken,
    SIGNALWIRE_SPACE_URL: spaceUrl,
    SIGNALWIRE_SIGNING_KEY: signingKey,
  } = c;
  if (missing.length > 0 || !projectId || !apiToken || !spaceUrl || !signingKey) {
    throw new ConfigError(
      `Invalid configuration — ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not set: SignalWire needs ${[...SIGNALWIRE_VARIABLES, 'PUBLIC_BASE_URL'].join(', ')} together; set none of the SIGNALWIRE_* variables to use the embedded simulator`,
    );
  }
  return {
    provider: 'signalwire',
    projectId,
    apiToken,
    spaceUrl,
    signingKey,
    ...(c.SIGNALWIRE_API_BASE_URL !== undefined ? { apiBaseUrl: c.SIGNALWIRE_API_BASE_URL } : {}),
  };
}

export function loadConfig(): Config {
  return parseConfig(process.env);
}
