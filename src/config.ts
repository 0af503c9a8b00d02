import { z } from 'zod';

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
  SENTRY_DSN: z.url().optional(),
});

export type Config = z.infer<typeof configSchema> & {
  publicBaseUrl: string;
  isProduction: boolean;
  embeddedDatabase: boolean;
};

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
    const missing = [
      !c.AUTH_SECRET && 'AUTH_SECRET',
      !c.PUBLIC_BASE_URL && 'PUBLIC_BASE_URL',
    ].filter(Boolean);
    if (missing.length) throw new ConfigError(`Invalid configuration — production needs ${missing.join(', ')}`);
  }
  const publicBaseUrl = (c.PUBLIC_BASE_URL ?? `http://localhost:${c.PORT}`).replace(/\/+$/, '');
  return { ...c, publicBaseUrl, isProduction, embeddedDatabase: !c.DATABASE_URL };
}

export function loadConfig(): Config {
  return parseConfig(process.env);
}
