import { cleanCell, rejectionReason, storableLead } from '../../core/imports/rows';
import type { CreateLeadsResponse, LeadOutcome, LeadResult } from '../../core/api/leads-v1.types';
import { AppError } from '../../core/errors';
import { normaliseRow, type PhoneCountry } from '../../core/leads';
import { isPlainObject, jsonLeadCells } from '../../core/leads/json-lead';
import type { TeamScope } from '../../core/teams/scope';
import { findTeamCampaign } from '../../db/queries/campaigns';
import { insertLeadsReportingEach, type NewLead } from '../../db/queries/lead-inserts';
import { getTeam } from '../../db/queries/teams';
import type { AppDeps } from '../deps';

/**
 * Leads sent as JSON objects (the API, the lead drip) into a campaign: each is normalised by the import's own row
 * normaliser, deduplicated against the campaign (and within the request) and checked against the do-not-call list
 * as an import batch is, and the answer says per lead what happened, in the order sent. A new lead is due at once,
 * so the running dialer picks it up on its next pick.
 */
export async function createLeads(
  deps: Pick<AppDeps, 'db' | 'clock' | 'phoneZones'>,
  scope: Pick<TeamScope, 'teamId'>,
  input: { campaignId: string; leads: readonly unknown[] },
): Promise<CreateLeadsResponse> {
  const campaign = await findTeamCampaign(deps.db, scope, input.campaignId);
  if (!campaign) throw new AppError('not_found', 'No such campaign', { fields: { campaignId: 'No such campaign' } });
  if (campaign.archivedAt)
    throw new AppError('invalid_state', 'That campaign is archived; restore it before adding leads', {
      fields: { campaignId: 'That campaign is archived' },
    });
  const team = await getTeam(deps.db, scope);
  const opts = {
    defaultCountry: (team?.defaultCountry ?? 'US') as PhoneCountry,
    zonesFor: (e164: string) => deps.phoneZones.zonesFor(e164),
  };

  const results: LeadResult[] = [];
  const staged: NewLead[] = [];
  const firstIndexOf = new Map<string, number>();
  input.leads.forEach((raw, index) => {
    if (!isPlainObject(raw)) {
      results.push({ index, outcome: 'invalid', reason: 'A lead must be a JSON object' });
      return;
    }
    const { cells, mapping } = jsonLeadCells(raw);
    for (let i = 0; i < cells.length; i++) cells[i] = cleanCell(cells[i]!);
    const r = normaliseRow(cells, mapping, opts);
    if (!r.ok) {
      results.push({ index, outcome: 'invalid', reason: rejectionReason(r) });
      return;
    }
    const lead = r.lead;
    results.push({ index, outcome: 'duplicate', phone: lead.phone });
    if (firstIndexOf.has(lead.phone)) return;
    firstIndexOf.set(lead.phone, index);
    staged.push(storableLead(lead));
  });

  const stored = await insertLeadsReportingEach(deps.db, scope, campaign.id, staged, deps.clock.now());
  for (const r of results) {
    if (r.outcome !== 'duplicate' || !r.phone || firstIndexOf.get(r.phone) !== r.index) continue;
    const s = stored.get(r.phone);
    if (s) {
      r.outcome = s.dnc ? 'dnc' : 'created';
      r.leadId = s.id;
    }
  }
  const counts: Record<LeadOutcome, number> = { created: 0, updated: 0, duplicate: 0, invalid: 0, dnc: 0 };
  for (const r of results) counts[r.outcome]++;
  return { results, counts };
}
