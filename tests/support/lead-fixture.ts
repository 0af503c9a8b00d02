import type { TestApp } from './test-app';
import type { TestClient } from './http-client';
import { uploadFile } from './import-helpers';
import { createCampaign } from './team-fixture';

export type LeadDataIds = { campaignId: string; importId: string; dncId: string; leadId: string };

/** One of each lead-related row in a team, for the team-isolation table. */
export async function seedLeadData(app: TestApp, owner: TestClient, teamId: string): Promise<LeadDataIds> {
  const campaignId = await createCampaign(owner, teamId, { name: 'Isolation campaign' });
  const upload = await uploadFile(owner, teamId, campaignId, 'Name,Phone\nIsla Lation,(415) 555-0142\n');
  if (upload.status !== 201) throw new Error(`upload failed ${upload.status} ${JSON.stringify(upload.json)}`);
  const dnc = await owner.post(`/api/teams/${teamId}/dnc`, { phone: '(415) 555-0143', reason: 'fixture' });
  if (dnc.status !== 201) throw new Error(`dnc add failed ${dnc.status} ${dnc.text}`);
  const { rows } = await app.deps.pool.query<{ id: string }>(
    'select id from dnc_numbers where team_id = $1 and phone = $2',
    [teamId, '+14155550143'],
  );
  // A lead as an import would leave it (imports run as jobs; this fixture needs no worker).
  const lead = await app.deps.pool.query<{ id: string }>(
    `insert into leads (team_id, campaign_id, phone, first_name, timezones) values ($1, $2, '+14155550144', 'Fixture', '{America/Los_Angeles}') returning id`,
    [teamId, campaignId],
  );
  return { campaignId, importId: upload.json.import.id, dncId: rows[0]!.id, leadId: lead.rows[0]!.id };
}
