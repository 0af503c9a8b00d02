import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { parseConfig } from '../../src/config';
import { freePort } from '../../src/db/embedded';
import { startDialerSeat, type Running } from '../../src/main';
import type { Clock } from '../../src/ports/clock';
import type { Logger } from '../../src/ports/logger';
import type { Telephony } from '../../src/ports/telephony';
import { withDatabase } from './global-setup';

export type TestApp = Running & {
  databaseName: string;
  adminUrl: string;
  /** DATA_DIR of this app (files it stores: uploads, exports, recordings). */ dataDir: string;
};

export const silentLog: Logger = { info() {}, warn() {}, error() {}, debug() {} };

/** A logger that fails the test on an unexpected error log (errors must be asserted, not ignored). */
export function strictLog(onError: (msg: string) => void): Logger {
  return { ...silentLog, error: (obj, msg) => onError(`${msg ?? ''} ${JSON.stringify(obj)}`) };
}

async function cloneTemplate(adminUrl: string, template: string, name: string) {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    // Two files cloning at the same instant can collide on the template's lock; a retry resolves it.
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`create database ${name} template ${template}`);
        return;
      } catch (err) {
        if (attempt >= 20 || !String(err).includes('being accessed by other users')) throw err;
        await admin.query('select pg_sleep(0.1)');
      }
    }
  } finally {
    await admin.end();
  }
}

/** Boots the real app (HTTP, auth, jobs) on a fresh clone of the migrated template database. */
export async function startTestApp(
  opts: {
    env?: Record<string, string>;
    clock?: Clock;
    log?: Logger;
    /** A telephony adapter of the test's own (e.g. a simulator on a ManualScheduler); see StartOptions.telephony. */
    telephony?: (publicBaseUrl: string) => Telephony;
  } = {},
): Promise<TestApp> {
  const adminUrl = inject('adminDatabaseUrl');
  const template = inject('templateDatabase');
  const databaseName = `t_${randomBytes(6).toString('hex')}`;
  await cloneTemplate(adminUrl, template, databaseName);
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'dialerseat-app-'));
  const config = parseConfig({
    NODE_ENV: 'test',
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    DATABASE_URL: withDatabase(adminUrl, databaseName),
    DATABASE_POOL_SIZE: '5',
    DATA_DIR: dataDir,
    AUTH_SECRET: 'test-secret-test-secret-test-secret-0123456789',
    LOG_LEVEL: 'silent',
    ...opts.env,
  });
  const running = await startDialerSeat(config, {
    clock: opts.clock,
    log: opts.log ?? silentLog,
    telephony: opts.telephony?.(config.publicBaseUrl),
  });
  return {
    ...running,
    databaseName,
    adminUrl,
    dataDir,
    stop: async () => {
      await running.stop();
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`drop database if exists ${databaseName} with (force)`).catch(() => {});
      await admin.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
