import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDnc } from '../../src/db/queries/dnc';
import { startTestApp, type TestApp } from '../support/test-app';
import { createCampaign, createTeamWithAgent, type TeamFixture } from '../support/team-fixture';
import { importFile } from '../support/import-helpers';

let app: TestApp;
let t: TeamFixture;
beforeAll(async () => {
  app = await startTestApp({ env: { JOBS_IN_PROCESS: 'false' } });
  t = await createTeamWithAgent(app, 'Listers');
});
afterAll(async () => app?.stop());

async function postRaw(path: string, body: string) {
  const res = await fetch(`${app.url}${path}`, {
    method: 'POST',
    headers: {
      origin: app.url,
      cookie: t.owner.cookieHeader,
      'x-csrf-token': t.owner.csrfToken,
      'content-type': 'text/csv',
    },
    body,
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

describe('do-not-call list', () => {
  it('takes a number in any written form, records who and why, and answers isDnc for the dialer', async () => {
    const base = `/api/teams/${t.teamId}/dnc`;
    const added = await t.agent.post(base, { phone: '+1 (212) 555-0187 ext. 9', reason: 'Asked on the call' });
    expect(added.status).toBe(201);
    expect(added.json).toEqual({ phone: '+12125550187', added: true });
    expect((await t.owner.post(base, { phone: '212.555.0187' })).json).toEqual({ phone: '+12125550187', added: false });
    expect((await t.owner.post(base, { phone: '555-12' })).status).toBe(400);

    const list = (await t.owner.get(`${base}?q=${encodeURIComponent('(212) 555')}`)).json;
    expect(list.numbers).toEqual([
      expect.objectContaining({
        phone: '+12125550187',
        reason: 'Asked on the call',
        source: 'manual',
        addedBy: 'Listers Agent',
        addedAt: expect.any(String),
      }),
    ]);
    expect(await isDnc(app.deps.db, { teamId: t.teamId }, '+12125550187')).toBe(true);
    expect(await isDnc(app.deps.db, { teamId: t.teamId }, '+12125550188')).toBe(false);
    // Agents add (a contact asked); only admins see or change the list.
    expect((await t.agent.get(base)).status).toBe(403);
    expect((await t.agent.del(`${base}/${list.numbers[0].id}`)).status).toBe(403);
  });

  it('flags existing leads when their number is added and clears them when it is removed', async () => {
    const campaignId = await createCampaign(t.owner, t.teamId);
    await importFile(app, t.owner, t.teamId, campaignId, 'Name,Phone\nDee,(646) 555-0111\nEd,(646) 555-0112\n');
    const dncOf = async () =>
      (await app.deps.pool.query('select phone, dnc from leads where campaign_id = $1 order by phone', [campaignId]))
        .rows;
    await t.owner.post(`/api/teams/${t.teamId}/dnc`, { phone: '646-555-0111', reason: 'complaint' });
    expect(await dncOf()).toEqual([
      { phone: '+16465550111', dnc: true },
      { phone: '+16465550112', dnc: false },
    ]);
    const entry = (await t.owner.get(`/api/teams/${t.teamId}/dnc?q=6465550111`)).json.numbers[0];
    expect((await t.owner.del(`/api/teams/${t.teamId}/dnc/${entry.id}`)).status).toBe(204);
    expect(await dncOf()).toEqual([
      { phone: '+16465550111', dnc: false },
      { phone: '+16465550112', dnc: false },
    ]);
  });

  it('imports a CSV of numbers with reasons, counting new, known and unreadable rows', async () => {
    const csv =
      'Phone Number;Reason\n(718) 555-0101;lawyer letter\n718-555-0102;\n+1 718 555 0101;again\nnot a number;x\n\n';
    const res = await postRaw(`/api/teams/${t.teamId}/dnc/imports`, csv);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      ok: true,
      rows: 4,
      added: 2,
      alreadyListed: 1,
      invalid: 1,
      invalidRows: [{ row: 5, value: 'not a number, x' }],
    });
    const list = (await t.owner.get(`/api/teams/${t.teamId}/dnc?q=718555`)).json.numbers;
    expect(
      list.map((n: { phone: string; reason: string; source: string }) => [n.phone, n.reason, n.source]).sort(),
    ).toEqual([
      ['+17185550101', 'lawyer letter', 'import'],
      ['+17185550102', 'Imported list', 'import'],
    ]);
    expect((await postRaw(`/api/teams/${t.teamId}/dnc/imports`, '')).status).toBe(400);
  });
});
