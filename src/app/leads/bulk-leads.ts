import { z } from 'zod';
import { AppError } from '../../core/errors';
import { leadFilterSchema } from '../../core/lead-table/filter';
import type { TeamScope } from '../../core/teams/scope';
import { findTeamCampaign } from '../../db/queries/campaigns';
import { addDncNumbers } from '../../db/queries/dnc';
import { bulkCopy, bulkDelete, bulkMove, bulkTag, selectedPhones, type LeadSelection } from '../../db/queries/leads';
import type { AppDeps } from '../deps';

const tag = z.string().trim().min(1).max(50);

export const bulkSchema = z.object({
  // Explicit ids (a page selection) or every lead matching the table's filter.
  selection: z.union([z.object({ ids: z.array(z.uuid()).min(1).max(10_000) }), z.object({ filter: leadFilterSchema })]),
  action: z.discriminatedUnion('type', [
    z.object({
      type: z.literal('tag'),
      add: z.array(tag).max(20).default([]),
      remove: z.array(tag).max(20).default([]),
    }),
    z.object({ type: z.literal('move'), campaignId: z.uuid() }),
    z.object({ type: z.literal('copy'), campaignId: z.uuid() }),
    z.object({ type: z.literal('dnc'), reason: z.string().trim().max(500).default('') }),
    z.object({ type: z.literal('delete') }),
  ]),
});

/** One action on many leads; returns how many leads it changed. Admin work (the route checks the role). */
export async function bulkLeads(deps: Pick<AppDeps, 'db' | 'clock'>, scope: TeamScope, raw: unknown) {
  const { selection, action } = bulkSchema.parse(raw);
  const sel = selection as LeadSelection;
  const now = deps.clock.now();
  switch (action.type) {
    case 'tag':
      if (action.add.length + action.remove.length === 0)
        throw new AppError('invalid_input', 'Choose tags to add or remove');
      return { action: action.type, affected: await bulkTag(deps.db, scope, sel, action.add, action.remove, now) };
    case 'move':
    case 'copy': {
      const target = await findTeamCampaign(deps.db, scope, action.campaignId);
      if (!target) throw new AppError('not_found', 'No such campaign', { fields: { campaignId: 'No such campaign' } });
      if (target.archivedAt)
        throw new AppError('invalid_state', 'That campaign is archived', {
          fields: { campaignId: 'That campaign is archived' },
        });
      const affected =
        action.type === 'move'
          ? await bulkMove(deps.db, scope, sel, target.id, now)
          : await bulkCopy(deps.db, scope, sel, target.id, now);
      return { action: action.type, affected };
    }
    case 'dnc': {
      const phones = await selectedPhones(deps.db, scope, sel);
      let added = 0;
      for (let i = 0; i < phones.length; i += 5000) {
        added += await addDncNumbers(
          deps.db,
          scope,
          phones.slice(i, i + 5000).map((phone) => ({ phone, reason: action.reason || 'Added from the lead table' })),
          'lead',
          now,
        );
      }
      return { action: action.type, affected: phones.length, added };
    }
    case 'delete':
      return { action: action.type, affected: await bulkDelete(deps.db, scope, sel) };
  }
}
