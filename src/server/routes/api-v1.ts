import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { getTeamCampaign, listTeamCampaigns } from '../../app/campaigns/read-campaigns';
import { listCampaignDispositions } from '../../app/campaigns/list-dispositions';
import { getCall } from '../../app/calls/get-call-detail';
import { callLogFilterSchema, listCalls } from '../../app/calls/list-call-log';
import { listAgentStates } from '../../app/dialer/list-agent-states';
import { createLeads } from '../../app/leads/create-leads';
import { deleteLead } from '../../app/leads/delete-lead';
import { editLead } from '../../app/leads/edit-lead';
import { listDnc } from '../../app/leads/list-dnc';
import { addToDnc, dncEntrySchema, removeFromDnc } from '../../app/leads/manage-dnc';
import { getLeadWithAudit, listLeadPage } from '../../app/leads/read-leads';
import { createLeadSchema, createLeadsSchema } from '../../core/api/leads-v1.types';
import { leadEditSchema } from '../../core/lead-table/edit';
import { leadPageSchema } from '../../core/lead-table/filter';
import type { AppEnv, ServerDeps } from '../context';
import { apiKeyAuth, idempotentPosts } from '../middleware/api-key';
import { idParam } from '../params';
import { buildOpenApiDocument } from '../openapi';
import { recordingResponse } from './calls';

/** The version of /api/v1's contract (changes when routes or shapes change). */
export const API_VERSION = '1.0.0';

/**
 * One route of the public API: how it is reached, the zod schemas that validate its query and body (the OpenAPI
 * document is generated from these same schemas, src/server/openapi.ts) and what it does with them.
 */
export type V1Route = {
  method: 'get' | 'post' | 'patch' | 'delete';
  /** Hono form, under /api/v1 (`/leads/:leadId`). */
  path: string;
  tag: string;
  summary: string;
  description?: string;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** The status of a successful answer, and what it holds. */
  success: { status: 200 | 201 | 204; description: string; content?: 'json' | 'audio' };
  handler: (c: Context<AppEnv>, input: { query: unknown; body: unknown }) => Promise<Response>;
};

const campaignListQuery = z.object({
  archived: z.enum(['0', '1']).optional().meta({ description: '1 to include archived campaigns' }),
});
const callListQuery = callLogFilterSchema.extend({
  cursor: z.string().max(200).optional().meta({ description: 'The `next` value of the previous page' }),
});
const dncListQuery = z.object({
  q: z.string().max(200).optional().meta({ description: 'Digits of a number (3 or more), or words of the reason' }),
  before: z.string().max(200).optional().meta({ description: 'The `next` value of the previous page' }),
});
const agentQuery = z.object({ campaignId: z.uuid().optional() });

export function v1RouteTable(deps: ServerDeps): V1Route[] {
  const scope = (c: Context<AppEnv>) => c.get('scope');
  return [
    {
      method: 'get',
      path: '/campaigns',
      tag: 'Campaigns',
      summary: "List the team's campaigns",
      query: campaignListQuery,
      success: { status: 200, description: '`{ campaigns: [...] }`' },
      handler: async (c, { query }) => {
        const q = query as z.output<typeof campaignListQuery>;
        return c.json({ campaigns: await listTeamCampaigns(deps, scope(c), { includeArchived: q.archived === '1' }) });
      },
    },
    {
      method: 'get',
      path: '/campaigns/:campaignId',
      tag: 'Campaigns',
      summary: 'Get one campaign',
      success: { status: 200, description: 'The campaign with its settings and agents' },
      handler: async (c) => c.json(await getTeamCampaign(deps, scope(c), idParam(c, 'campaignId', 'No such campaign'))),
    },
    {
      method: 'get',
      path: '/leads',
      tag: 'Leads',
      summary: 'Search leads',
      description: 'Filters as in the lead table; `q` matches name, e-mail and phone. Paged by offset and limit.',
      query: leadPageSchema,
      success: { status: 200, description: '`{ leads: [...], total }`' },
      handler: async (c, { query }) =>
        c.json(await listLeadPage(deps, scope(c), query as z.output<typeof leadPageSchema>)),
    },
    {
      method: 'post',
      path: '/leads',
      tag: 'Leads',
      summary: 'Create a lead',
      description:
        'Normalised, deduplicated within the campaign and checked against the do-not-call list exactly as a file import. The answer says whether the lead was created, was a duplicate, is on the do-not-call list (stored, never called) or invalid.',
      body: createLeadSchema,
      success: { status: 201, description: '`{ results: [one result], counts }`' },
      handler: async (c, { body }) => {
        const b = body as z.output<typeof createLeadSchema>;
        return c.json(await createLeads(deps, scope(c), { campaignId: b.campaignId, leads: [b.lead] }), 201);
      },
    },
    {
      method: 'post',
      path: '/leads/bulk',
      tag: 'Leads',
      summary: 'Create up to 1,000 leads',
      description: 'As creating one lead, for each lead in order; the answer has one result per lead sent.',
      body: createLeadsSchema,
      success: { status: 200, description: '`{ results: [...], counts }`' },
      handler: async (c, { body }) =>
        c.json(await createLeads(deps, scope(c), body as z.output<typeof createLeadsSchema>)),
    },
    {
      method: 'get',
      path: '/leads/:leadId',
      tag: 'Leads',
      summary: 'Get one lead',
      success: { status: 200, description: 'The lead and its change history' },
      handler: async (c) => c.json(await getLeadWithAudit(deps, scope(c), idParam(c, 'leadId', 'No such lead'))),
    },
    {
      method: 'patch',
      path: '/leads/:leadId',
      tag: 'Leads',
      summary: 'Update a lead',
      body: leadEditSchema,
      success: { status: 200, description: '`{ lead }`' },
      handler: async (c, { body }) =>
        c.json({ lead: await editLead(deps, scope(c), idParam(c, 'leadId', 'No such lead'), body) }),
    },
    {
      method: 'delete',
      path: '/leads/:leadId',
      tag: 'Leads',
      summary: 'Delete a lead',
      success: { status: 204, description: 'Deleted' },
      handler: async (c) => {
        await deleteLead(deps, scope(c), idParam(c, 'leadId', 'No such lead'));
        return c.body(null, 204);
      },
    },
    {
      method: 'get',
      path: '/calls',
      tag: 'Calls',
      summary: 'List calls, newest first',
      description: "Fifty a page; pass the answer's `next` as `cursor` for the next page (null on the last).",
      query: callListQuery,
      success: { status: 200, description: '`{ calls: [...], next }`' },
      handler: async (c) => c.json(await listCalls(deps, scope(c), c.req.query())),
    },
    {
      method: 'get',
      path: '/calls/:callId',
      tag: 'Calls',
      summary: 'Get one call',
      success: { status: 200, description: 'The call with its events' },
      handler: async (c) => c.json(await getCall(deps, scope(c), idParam(c, 'callId', 'No such call'))),
    },
    {
      method: 'get',
      path: '/calls/:callId/recording',
      tag: 'Calls',
      summary: "Download a call's recording (WAV)",
      description: 'Answers 410 once the recording is deleted (30 days after the call). Honours a `Range` header.',
      success: { status: 200, description: 'audio/wav', content: 'audio' },
      handler: async (c) => recordingResponse(deps, c, idParam(c, 'callId', 'No such call')),
    },
    {
      method: 'get',
      path: '/dispositions',
      tag: 'Calls',
      summary: "Each live campaign's dispositions",
      description: "What a call's `disposition` key means, per campaign.",
      success: { status: 200, description: '`{ campaigns: [{ campaignId, campaignName, dispositions }] }`' },
      handler: async (c) => c.json({ campaigns: await listCampaignDispositions(deps, scope(c)) }),
    },
    {
      method: 'get',
      path: '/dnc',
      tag: 'Do not call',
      summary: "List the team's do-not-call numbers",
      query: dncListQuery,
      success: { status: 200, description: '`{ numbers: [...], next }`' },
      handler: async (c, { query }) => {
        const q = query as z.output<typeof dncListQuery>;
        return c.json(await listDnc(deps, scope(c), { q: q.q?.trim() ?? '', before: q.before }));
      },
    },
    {
      method: 'post',
      path: '/dnc',
      tag: 'Do not call',
      summary: 'Add a number to the do-not-call list',
      description: "The team's leads with that number are never called again.",
      body: dncEntrySchema,
      success: { status: 201, description: '`{ phone, added }` (added is false when it was already listed)' },
      handler: async (c, { body }) => c.json(await addToDnc(deps, scope(c), body), 201),
    },
    {
      method: 'delete',
      path: '/dnc/:dncId',
      tag: 'Do not call',
      summary: 'Remove a number from the do-not-call list',
      success: { status: 204, description: 'Removed' },
      handler: async (c) => {
        await removeFromDnc(deps, scope(c), idParam(c, 'dncId', 'No such number on the list'));
        return c.body(null, 204);
      },
    },
    {
      method: 'get',
      path: '/agents',
      tag: 'Agents',
      summary: "Agents' live states",
      query: agentQuery,
      success: { status: 200, description: '`{ agents: [{ userId, name, campaignId, state, since }] }`' },
      handler: async (c, { query }) =>
        c.json({ agents: await listAgentStates(deps, scope(c), (query as z.output<typeof agentQuery>).campaignId) }),
    },
  ];
}

/**
 * Mounted at /api/v1: the public REST API, authenticated by API keys (see middleware/api-key.ts), team-scoped by
 * the key. Each route parses its query and body with the schemas of its table entry, then calls one use-case.
 */
export function v1Routes(deps: ServerDeps) {
  const app = new Hono<AppEnv>();
  const table = v1RouteTable(deps);
  // The document is public (it describes the API, holds no data), so it is registered before the key check.
  const document = buildOpenApiDocument(table, { serverUrl: deps.settings.publicBaseUrl, version: API_VERSION });
  app.get('/openapi.json', (c) => c.json(document));
  app.use('*', apiKeyAuth(deps));
  app.use('*', idempotentPosts(deps));
  for (const r of table) {
    app.on(r.method.toUpperCase(), r.path, async (c) => {
      const query = r.query ? r.query.parse(c.req.query()) : undefined;
      const body = r.body ? r.body.parse(await c.req.json()) : undefined;
      return r.handler(c, { query, body });
    });
  }
  return app;
}
