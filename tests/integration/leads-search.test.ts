import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leadPageSchema } from '../../src/core/lead-table/filter';
import { FOLD_FROM, foldForSearch } from '../../src/core/leads/search-fold';
import { listLeads } from '../../src/db/queries/leads';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * A search first tests the newest 10,000 rows of the page's order and falls back to the trigram index when they do
 * not hold the page. Both ways must give exactly the page a plain ordered query gives: here with 12,000 leads where
 * one term matches only the oldest rows, one matches every third row, and one matches rows on both sides of the window.
 */
let app: TestApp;
let teamId: string;
let campaignId: string;
const scope = () => ({ teamId, userId: 'search-owner', role: 'owner' as const });

beforeAll(async () => {
  app = await startTestApp();
  const pool = app.deps.pool;
  teamId = (await pool.query<{ id: string }>(`insert into teams (name) values ('Search team') returning id`)).rows[0]!
    .id;
  campaignId = (
    await pool.query<{ id: string }>(
      `insert into campaigns (team_id, name, dial_mode, calling_window, retry_rules, dispositions) values ($1, 'Search', 'preview', '{"rule":"legal"}', '{}', '[]') returning id`,
      [teamId],
    )
  ).rows[0]!.id;
  await pool.query(
    `insert into leads (team_id, campaign_id, phone, first_name, last_name, email, attempts, status, timezones, created_at)
     select $1, $2, '+1415' || lpad(g::text, 7, '0'),
       case when g <= 40 then 'Oldname' else 'Name' || (g % 97) end,
       'Last' || (g % 13),
       case when g % 3 = 0 then 'lead' || g || '@acme.com' else 'lead' || g || '@mail.test' end,
       g % 4, case when g % 2 = 0 then 'new' else 'retry' end, '{America/New_York}',
       timestamptz '2026-01-01' + g * interval '1 minute'
     from generate_series(1, 12000) g`,
    [teamId, campaignId],
  );
  await pool.query('analyze leads');
});
afterAll(async () => {
  await app?.stop();
});

async function reference(
  q: string,
  sort: 'created' | 'name' | 'attempts',
  dir: 'asc' | 'desc',
  offset: number,
  limit: number,
) {
  const order = {
    created: `created_at ${dir}, id ${dir}`,
    name: `lower(last_name) ${dir}, lower(first_name) ${dir}, id ${dir}`,
    attempts: `attempts ${dir}, created_at desc, id desc`,
  }[sort];
  const { rows } = await app.deps.pool.query<{ id: string }>(
    `select id from leads where campaign_id = $1
       and lead_search_fold(coalesce(first_name, '') || ' ' || coalesce(last_name, '') || ' ' || coalesce(email, '') || ' ' || phone) like $2
     order by ${order} limit $3 offset $4`,
    [campaignId, `%${q}%`, limit + 1, offset],
  );
  return rows.map((r) => r.id);
}

describe('lead search pages', () => {
  const cases: [string, 'created' | 'name' | 'attempts', 'asc' | 'desc', number][] = [
    ['oldname', 'created', 'desc', 0], // only the 40 oldest rows: outside the newest 10,000, found through the trigram index
    ['acme.com', 'created', 'desc', 0], // every third row: the window holds the page
    ['acme.com', 'created', 'desc', 3300], // the window's 3,333 matches run out part-way through this page
    ['name5', 'name', 'asc', 50],
    ['@mail.test', 'attempts', 'desc', 100],
    ['lead1199', 'created', 'asc', 0],
    ['nothing-matches', 'created', 'desc', 0],
  ];
  it.each(cases)(
    '"%s" sorted by %s %s from row %i is exactly the ordered query’s page',
    async (q, sort, dir, offset) => {
      const page = leadPageSchema.parse({ campaignId, q, sort, dir, offset: String(offset), limit: '50' });
      const got = await listLeads(app.deps.db, scope(), page);
      const want = await reference(q, sort, dir, offset, 50);
      expect(got.leads.map((l) => l.id)).toEqual(want.slice(0, 50));
      expect(got.hasMore).toBe(want.length > 50);
    },
  );
});

describe('lead search across languages', () => {
  it('finds names that start with a non-ASCII capital, by case and accents, whatever the server locale', async () => {
    const pool = app.deps.pool;
    const names = [
      ['Łukasz', 'Wójcik'],
      ['Ólafur', 'Arnalds'],
      ['Søren', 'Øster'],
      ['Зоя', 'Ёлкина'],
      ['Έλενα', 'Παππά'],
    ];
    for (const [i, [first, last]] of names.entries()) {
      await pool.query(
        `insert into leads (team_id, campaign_id, phone, first_name, last_name, timezones) values ($1, $2, $3, $4, $5, '{America/New_York}')`,
        [teamId, campaignId, `+1646555${String(i).padStart(4, '0')}`, first, last],
      );
    }
    const find = async (q: string) => {
      const page = leadPageSchema.parse({ campaignId, q, limit: '50' });
      return (await listLeads(app.deps.db, scope(), page)).leads.map((l) => l.firstName);
    };
    expect(await find('Łukasz')).toEqual(['Łukasz']);
    expect(await find('łukasz')).toEqual(['Łukasz']);
    expect(await find('lukasz wojcik')).toEqual(['Łukasz']);
    expect(await find('ÓLAFUR')).toEqual(['Ólafur']);
    expect(await find('olafur')).toEqual(['Ólafur']);
    expect(await find('Øster')).toEqual(['Søren']);
    expect(await find('soren')).toEqual(['Søren']);
    expect(await find('ЗОЯ')).toEqual(['Зоя']);
    expect(await find('елкина')).toEqual(['Зоя']);
    expect(await find('ελενα')).toEqual(['Έλενα']);
  });
});

describe('lead_search_fold (SQL) and foldForSearch (app)', () => {
  it('fold every letter of Latin-1, Latin Extended, Greek and Cyrillic the same way', async () => {
    const letters: string[] = [];
    for (let cp = 0x20; cp < 0x530; cp++) letters.push(String.fromCodePoint(cp));
    const samples = [...letters, ...FOLD_FROM, 'Łukasz Wójcik', 'ÆRØ Straße', 'ЁЛКА'];
    const { rows } = await app.deps.pool.query<{ f: string }>(
      `select lead_search_fold(s) as f from unnest($1::text[]) with ordinality as t(s, i) order by i`,
      [samples],
    );
    expect(rows.map((r) => r.f)).toEqual(samples.map(foldForSearch));
  });
});
