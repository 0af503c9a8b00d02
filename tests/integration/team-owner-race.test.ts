import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app';
import { TestClient, uniqueEmail } from '../support/http-client';

/**
 * "A team always keeps an owner" under concurrency: two co-owners demoting each other, or leaving, at the same
 * moment. Each round starts both requests together and checks the database afterwards.
 */
const ROUNDS = 50;
let app: TestApp;
let a: TestClient;
let b: TestClient;
let aId: string;
let bId: string;

beforeAll(async () => {
  app = await startTestApp({ env: { JOBS_IN_PROCESS: 'false' } });
  a = new TestClient(app.url);
  b = new TestClient(app.url);
  aId = (await a.signUp({ name: 'Ann Owner', email: uniqueEmail('race-a') })).json.user.id;
  bId = (await b.signUp({ name: 'Ben Owner', email: uniqueEmail('race-b') })).json.user.id;
});
afterAll(async () => app?.stop());

/** A fresh team owned by both A and B; returns the team and each one's membership id. */
async function coOwnedTeam(round: number) {
  const team = await a.post('/api/teams', { name: `Race ${round}` });
  expect(team.status).toBe(201);
  const teamId = team.json.id as string;
  await app.deps.pool.query(`insert into members (team_id, user_id, role) values ($1, $2, 'owner')`, [teamId, bId]);
  const members = (await a.get(`/api/teams/${teamId}/members`)).json.members as { id: string; userId: string }[];
  return {
    teamId,
    aMember: members.find((m) => m.userId === aId)!.id,
    bMember: members.find((m) => m.userId === bId)!.id,
  };
}

async function owners(teamId: string) {
  return (
    await app.deps.pool.query(`select count(*)::int as n from members where team_id = $1 and role = 'owner'`, [teamId])
  ).rows[0].n as number;
}

describe('two owners at once', () => {
  it(`demoting each other: one wins, the team keeps an owner (${ROUNDS} rounds)`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const t = await coOwnedTeam(round);
      const [ra, rb] = await Promise.all([
        a.patch(`/api/teams/${t.teamId}/members/${t.bMember}`, { role: 'admin' }),
        b.patch(`/api/teams/${t.teamId}/members/${t.aMember}`, { role: 'admin' }),
      ]);
      expect([ra.status, rb.status].sort()).toEqual([200, 403]);
      expect(await owners(t.teamId)).toBe(1);
    }
  });

  it(`leaving together: one leaves, the other stays owner (${ROUNDS} rounds)`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const t = await coOwnedTeam(round);
      const [ra, rb] = await Promise.all([
        a.del(`/api/teams/${t.teamId}/members/${t.aMember}`),
        b.del(`/api/teams/${t.teamId}/members/${t.bMember}`),
      ]);
      expect([ra.status, rb.status].sort()).toEqual([204, 403]);
      expect(await owners(t.teamId)).toBe(1);
    }
  });

  it('deleting an account while the co-owner leaves: the team keeps an owner', async () => {
    for (let round = 0; round < 10; round++) {
      const email = uniqueEmail('race-del');
      const c = new TestClient(app.url);
      const cId = (await c.signUp({ name: 'Cat Leaving', email })).json.user.id as string;
      const teamId = (await c.loadMe()).teams[0]!.id;
      await app.deps.pool.query(`insert into members (team_id, user_id, role) values ($1, $2, 'owner')`, [teamId, bId]);
      const bMember = (await c.get(`/api/teams/${teamId}/members`)).json.members.find(
        (m: { userId: string }) => m.userId === bId,
      ).id as string;
      const [rc, rb] = await Promise.all([
        c.post('/api/me/delete', { password: 'correct horse battery staple' }),
        b.del(`/api/teams/${teamId}/members/${bMember}`),
      ]);
      expect([rc.status, rb.status].filter((s) => s >= 400)).toHaveLength(1);
      expect(await owners(teamId)).toBe(1);
      expect(cId).toBeTruthy();
    }
  });
});
