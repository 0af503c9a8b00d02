import { randomBytes } from 'node:crypto';
import type pg from 'pg';

// Rows the dialer tests start from, written straight to the database (the import API is another feature's
// and is tested there): users to reserve leads for, and leads with exactly the fields a test needs.

export type LeadSeed = {
  phone?: string;
  timezones?: string[];
  state?: string | null;
  status?: string;
  attempts?: number;
  nextAttemptAt?: Date | null;
  callbackAt?: Date | null;
  callbackUserId?: string | null;
  dnc?: boolean;
  createdAt?: Date;
  firstName?: string;
};

let phoneSeq = 0;
/** A unique NANP number in the fictional 555-01XX-free range (never a simulator test number). */
export function uniquePhone(): string {
  phoneSeq++;
  const tail = String((Date.now() + phoneSeq) % 10_000_000).padStart(7, '0');
  return `+1212${tail}`;
}

export async function insertUsers(pool: pg.Pool, n: number, prefix = 'agent'): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const id = `${prefix}-${randomBytes(6).toString('hex')}`;
    await pool.query(`insert into users (id, name, email) values ($1, $2, $3)`, [
      id,
      `${prefix} ${i}`,
      `${id}@example.test`,
    ]);
    ids.push(id);
  }
  return ids;
}

export async function insertLeads(
  pool: pg.Pool,
  teamId: string,
  campaignId: string,
  seeds: LeadSeed[],
): Promise<string[]> {
  const ids: string[] = [];
  for (const s of seeds) {
    const r = await pool.query(
      `insert into leads (team_id, campaign_id, phone, first_name, timezones, state, status, attempts, next_attempt_at,
                          callback_at, callback_user_id, dnc, created_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, coalesce($13, now())) returning id`,
      [
        teamId,
        campaignId,
        s.phone ?? uniquePhone(),
        s.firstName ?? 'Lead',
        s.timezones ?? ['America/New_York'],
        s.state ?? null,
        s.status ?? 'new',
        s.attempts ?? 0,
        s.nextAttemptAt ?? null,
        s.callbackAt ?? null,
        s.callbackUserId ?? null,
        s.dnc ?? false,
        s.createdAt ?? null,
      ],
    );
    ids.push(r.rows[0].id);
  }
  return ids;
}
