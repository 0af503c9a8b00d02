import type { TestApp } from './test-app';
import type { TestClient } from './http-client';
import { createCampaign } from './team-fixture';

export type LeadDataIds = { campaignId: string };

/** One of each lead-related row in a team, for the team-isolation table. */
export async function seedLeadData(_app: TestApp, owner: TestClient, teamId: string): Promise<LeadDataIds> {
  const campaignId = await createCampaign(owner, teamId, { name: 'Isolation campaign' });
  return { campaignId };
}
