import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app';
import { createCampaign, createTeamWithAgent, type TeamFixture } from '../support/team-fixture';

let app: TestApp;
let t: TeamFixture;
beforeAll(async () => {
  app = await startTestApp();
  t = await createTeamWithAgent(app, 'Campaigners');
});
afterAll(async () => app?.stop());

describe('campaigns', () => {
  it('creates a campaign with the default dispositions, retry rules and the legal calling window', async () => {
    const res = await t.owner.post(`/api/teams/${t.teamId}/campaigns`, {
      name: 'Solar Q3',
      dialMode: 'power',
      script: 'Hi {{first_name}}, this is {{agent_name}} about {{custom.roof_type}}.',
      recordingDisclosure: 'This call is recorded for quality.',
    });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({
      name: 'Solar Q3',
      dialMode: 'power',
      callingWindow: { rule: 'legal' },
      retryRules: { maxAttempts: 3 },
      recordingEnabled: true,
      archivedAt: null,
      agents: [],
    });
    expect(res.json.dispositions.map((d: { label: string }) => d.label)).toEqual([
      'Interested',
      'Not interested',
      'Callback',
      'Voicemail',
      'Wrong number',
      'Do not call',
      'No answer',
    ]);
  });

  it('lists each campaign with its recording and answering-machine settings', async () => {
    const on = await createCampaign(t.owner, t.teamId, { name: 'Recorded list' });
    const off = await createCampaign(t.owner, t.teamId, {
      name: 'Unrecorded list',
      recordingEnabled: false,
      amd: true,
    });
    const list = (await t.owner.get(`/api/teams/${t.teamId}/campaigns`)).json.campaigns as {
      id: string;
      recordingEnabled: boolean;
      amd: boolean;
    }[];
    expect(list.find((c) => c.id === on)).toMatchObject({ recordingEnabled: true, amd: false });
    expect(list.find((c) => c.id === off)).toMatchObject({ recordingEnabled: false, amd: true });
  });

  it('validates field by field so the form can show each error inline', async () => {
    const res = await t.owner.post(`/api/teams/${t.teamId}/campaigns`, {
      name: 'x',
      script: 'Hello {{frist_name}}',
      callingWindow: { rule: 'custom', start: '07:30', end: '22:00', days: [1, 2] },
      dispositions: [
        { key: 'done', label: 'Done', final: true, retry: true },
        { key: 'done', label: 'Again', final: false, retry: false },
      ],
      recordingEnabled: true,
      recordingDisclosure: '',
    });
    expect(res.status).toBe(400);
    expect(res.json.error.fields).toMatchObject({
      name: expect.stringMatching(/at least 2/),
      script: expect.stringMatching(/\{\{frist_name\}\}/),
      'callingWindow.start': expect.stringMatching(/08:00/),
      'callingWindow.end': expect.stringMatching(/21:00/),
      'dispositions.0.retry': expect.any(String),
      'dispositions.1.key': expect.stringMatching(/twice/),
      recordingDisclosure: expect.any(String),
    });
  });

  it('refuses a second active campaign with the same name, case-insensitively', async () => {
    await createCampaign(t.owner, t.teamId, { name: 'Dupe Name' });
    const res = await t.owner.post(`/api/teams/${t.teamId}/campaigns`, {
      name: 'dupe name',
      recordingDisclosure: 'Recorded.',
    });
    expect(res.status).toBe(409);
    expect(res.json.error.fields.name).toMatch(/Another active campaign/);
  });

  it('shows agents only the campaigns they are assigned to, and lets only admins write', async () => {
    const hidden = await createCampaign(t.owner, t.teamId, { name: 'Hidden from agent' });
    const assigned = await createCampaign(t.owner, t.teamId, {
      name: 'Agent works this',
      agentMemberIds: [t.agentMemberId],
    });
    const list = (await t.agent.get(`/api/teams/${t.teamId}/campaigns`)).json.campaigns.map(
      (c: { id: string }) => c.id,
    );
    expect(list).toContain(assigned);
    expect(list).not.toContain(hidden);
    expect((await t.agent.get(`/api/teams/${t.teamId}/campaigns/${hidden}`)).status).toBe(404);
    const own = await t.agent.get(`/api/teams/${t.teamId}/campaigns/${assigned}`);
    expect(own.status).toBe(200);
    expect(own.json.agents).toEqual([expect.objectContaining({ memberId: t.agentMemberId, role: 'agent' })]);
    expect(
      (await t.agent.post(`/api/teams/${t.teamId}/campaigns`, { name: 'Agent made', recordingDisclosure: 'R.' }))
        .status,
    ).toBe(403);
  });

  it('edits the whole campaign, including a stricter custom window and the assigned agents', async () => {
    const id = await createCampaign(t.owner, t.teamId, { name: 'To edit' });
    const current = (await t.owner.get(`/api/teams/${t.teamId}/campaigns/${id}`)).json;
    const res = await t.owner.request('PUT', `/api/teams/${t.teamId}/campaigns/${id}`, {
      name: 'Edited',
      description: 'Now with a window',
      dialMode: 'progressive',
      callingWindow: { rule: 'custom', start: '09:00', end: '18:00', days: [1, 2, 3, 4, 5] },
      retryRules: { maxAttempts: 5, minGapMinutes: { busy: 10, no_answer: 60, voicemail: 600 } },
      dispositions: current.dispositions.filter((d: { key: string }) => d.key !== 'voicemail'),
      script: '',
      recordingEnabled: false,
      recordingDisclosure: '',
      agentMemberIds: [t.agentMemberId, t.ownerMemberId],
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      name: 'Edited',
      dialMode: 'progressive',
      recordingEnabled: false,
      callingWindow: { rule: 'custom', start: '09:00' },
    });
    expect(res.json.agents).toHaveLength(2);
    expect(res.json.dispositions).toHaveLength(6);
  });

  it("keeps the pacing defaults for campaigns that never set them, and saves a predictive campaign's settings", async () => {
    const id = await createCampaign(t.owner, t.teamId, { name: 'Pacing later', dialMode: 'power' });
    const url = `/api/teams/${t.teamId}/campaigns/${id}`;
    const current = (await t.owner.get(url)).json;
    expect(current).toMatchObject({
      dialMode: 'power',
      maxLinesPerAgent: 2,
      targetAbandonBp: 250,
      safeHarborSeller: '',
      safeHarborCallbackNumber: '',
      safeHarborTemplate: '',
      callbackRouting: 'last_agent_first',
    });
    const body = {
      ...current,
      agentMemberIds: [],
      dialMode: 'predictive',
      maxLinesPerAgent: 4,
      targetAbandonBp: 200,
      safeHarborSeller: 'Sunny Roofs',
      safeHarborCallbackNumber: '(415) 555-0134',
    };
    delete body.agents;
    const res = await t.owner.request('PUT', url, body);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      dialMode: 'predictive',
      maxLinesPerAgent: 4,
      targetAbandonBp: 200,
      safeHarborSeller: 'Sunny Roofs',
      safeHarborCallbackNumber: '+14155550134',
    });
  });

  it('saves a reworded safe-harbor message and a call-back routing, and refuses a message without its fields', async () => {
    const id = await createCampaign(t.owner, t.teamId, { name: 'Message words' });
    const url = `/api/teams/${t.teamId}/campaigns/${id}`;
    const base = { name: 'Message words', recordingDisclosure: 'Recorded.' };
    const template = 'This was {{seller}}; call {{callback_number}} to talk or to stop our calls.';
    const saved = await t.owner.request('PUT', url, {
      ...base,
      safeHarborTemplate: template,
      callbackRouting: 'message_only',
    });
    expect(saved.status).toBe(200);
    expect(saved.json).toMatchObject({ safeHarborTemplate: template, callbackRouting: 'message_only' });
    const refused = await t.owner.request('PUT', url, { ...base, safeHarborTemplate: 'This was {{seller}}.' });
    expect(refused.status).toBe(400);
    expect(refused.json.error.fields).toEqual({
      safeHarborTemplate: 'Keep {{callback_number}} in the message: the law requires a number people can call back',
    });
    expect((await t.owner.get(url)).json).toMatchObject({ safeHarborTemplate: template });
  });

  it('refuses pacing settings outside the law or without the safe-harbor message, field by field', async () => {
    const id = await createCampaign(t.owner, t.teamId, { name: 'Pacing refused' });
    const url = `/api/teams/${t.teamId}/campaigns/${id}`;
    const base = { name: 'Pacing refused', recordingDisclosure: 'Recorded.', dialMode: 'predictive' };
    const missing = await t.owner.request('PUT', url, { ...base, maxLinesPerAgent: 6, targetAbandonBp: 301 });
    expect(missing.status).toBe(400);
    expect(missing.json.error.fields).toEqual({
      maxLinesPerAgent: 'At most 5 lines per agent',
      targetAbandonBp: 'The law allows at most 3 % abandoned calls: aim at 3 % or less',
      safeHarborSeller: expect.stringMatching(/name the seller/),
      safeHarborCallbackNumber: expect.stringMatching(/number people can call back/),
    });
    const badNumber = await t.owner.request('PUT', url, {
      ...base,
      safeHarborSeller: 'Sunny Roofs',
      safeHarborCallbackNumber: '555-01',
    });
    expect(badNumber.status).toBe(400);
    expect(badNumber.json.error.fields).toEqual({
      safeHarborCallbackNumber: expect.stringMatching(/phone number people can dial/),
    });
    expect((await t.owner.get(url)).json).toMatchObject({ dialMode: 'preview', safeHarborSeller: '' });
  });

  it('rejects assigning someone who is not a member of the team', async () => {
    const other = await createTeamWithAgent(app, 'Others');
    const res = await t.owner.post(`/api/teams/${t.teamId}/campaigns`, {
      name: 'Foreign agent',
      recordingDisclosure: 'Recorded.',
      agentMemberIds: [other.agentMemberId],
    });
    expect(res.status).toBe(400);
    expect(res.json.error.fields.agentMemberIds).toMatch(/not members/);
  });

  it('archives and restores; archived campaigns are listed only on request', async () => {
    const id = await createCampaign(t.owner, t.teamId, { name: 'Seasonal' });
    expect((await t.owner.post(`/api/teams/${t.teamId}/campaigns/${id}/archive`)).json.archivedAt).toEqual(
      expect.any(String),
    );
    const active = (await t.owner.get(`/api/teams/${t.teamId}/campaigns`)).json.campaigns.map(
      (c: { id: string }) => c.id,
    );
    expect(active).not.toContain(id);
    const all = (await t.owner.get(`/api/teams/${t.teamId}/campaigns?archived=1`)).json.campaigns.map(
      (c: { id: string }) => c.id,
    );
    expect(all).toContain(id);
    // The name is free again while archived; restoring then conflicts until one is renamed.
    const twin = await createCampaign(t.owner, t.teamId, { name: 'Seasonal' });
    expect((await t.owner.post(`/api/teams/${t.teamId}/campaigns/${id}/restore`)).status).toBe(409);
    await t.owner.post(`/api/teams/${t.teamId}/campaigns/${twin}/archive`);
    expect((await t.owner.post(`/api/teams/${t.teamId}/campaigns/${id}/restore`)).json.archivedAt).toBeNull();
  });

  it('answers 404 for an id that is not a UUID', async () => {
    expect((await t.owner.get(`/api/teams/${t.teamId}/campaigns/not-a-uuid`)).status).toBe(404);
  });
});
