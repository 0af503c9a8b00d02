import { notFound } from '../../core/errors';
import type { LeadPage } from '../../core/lead-table/filter';
import type { TeamScope } from '../../core/teams/scope';
import { countLeads, customFieldKeys, getLeadAudit, getLeadVisibleToCaller, listLeads } from '../../db/queries/leads';
import { listLeadConsents } from '../../db/queries/lead-drips';
import type { AppDeps } from '../deps';

/** A page of the lead table as the caller may see it, with its (capped) count and the campaign's custom columns. */
export async function listLeadPage(deps: Pick<AppDeps, 'db'>, scope: TeamScope, page: LeadPage) {
  // The page, its count and the custom columns on three connections at once.
  const [result, count, customKeys] = await Promise.all([
    listLeads(deps.db, scope, page),
    countLeads(deps.db, scope, page),
    customFieldKeys(deps.db, scope, page.campaignId),
  ]);
  return { ...result, ...count, customKeys, offset: page.offset, limit: page.limit };
}

/** The lead's edit history, newest first. */
export const leadAuditTrail = (deps: Pick<AppDeps, 'db'>, scope: TeamScope, leadId: string) =>
  getLeadAudit(deps.db, scope, leadId);

/** One lead as the caller may see it (agents: their campaigns' leads) with its history; not_found otherwise. */
export async function getLeadWithAudit(deps: Pick<AppDeps, 'db'>, scope: TeamScope, leadId: string) {
  const lead = await getLeadVisibleToCaller(deps.db, scope, leadId);
  if (!lead) throw notFound('No such lead');
  const [audit, consents] = await Promise.all([
    leadAuditTrail(deps, scope, leadId),
    listLeadConsents(deps.db, scope, leadId),
  ]);
  return { lead, audit, consents };
}
