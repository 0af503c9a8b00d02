import type { RootDb } from '../db/client';
import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import type { Mailer } from '../ports/mailer';

/** Everything a use-case may touch, wired once in src/main.ts. */
export type AppDeps = {
  db: RootDb;
  mailer: Mailer;
  clock: Clock;
  log: Logger;
  settings: { publicBaseUrl: string; invitationTtlHours: number };
};
