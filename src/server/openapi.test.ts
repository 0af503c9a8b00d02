import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import type { ServerDeps } from './context';
import { buildOpenApiDocument } from './openapi';
import { API_VERSION, v1RouteTable, v1Routes } from './routes/api-v1';

// Routes and document come from one table; building them needs no database (handlers are not called here).
const deps = { settings: { publicBaseUrl: 'https://dialer.example.com' } } as unknown as ServerDeps;
const document = buildOpenApiDocument(v1RouteTable(deps), {
  serverUrl: 'https://dialer.example.com',
  version: API_VERSION,
});

describe('the OpenAPI document of /api/v1', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(structuredClone(document));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(document.openapi).toBe('3.1.0');
  });

  it('lists every route the /api/v1 router serves', () => {
    const served = v1Routes(deps)
      .routes.filter((r) => r.method !== 'ALL' && r.path !== '/openapi.json')
      .map((r) => `${r.method.toLowerCase()} /api/v1${r.path.replace(/:(\w+)/g, '{$1}')}`);
    expect(served.length).toBeGreaterThan(10);
    const documented = Object.entries(document.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method} ${path}`),
    );
    expect(new Set(documented)).toEqual(new Set(served));
  });

  it('describes bodies and queries with the schemas the routes parse with', () => {
    const bulk = document.paths['/api/v1/leads/bulk']!.post as {
      requestBody: { content: { 'application/json': { schema: { properties: { leads: { maxItems: number } } } } } };
    };
    expect(bulk.requestBody.content['application/json'].schema.properties.leads.maxItems).toBe(1000);
    const calls = document.paths['/api/v1/calls']!.get as { parameters: { name: string; in: string }[] };
    expect(calls.parameters.map((p) => p.name)).toEqual(expect.arrayContaining(['campaignId', 'outcome', 'cursor']));
    const lead = document.paths['/api/v1/leads/{leadId}']!.patch as { parameters: { name: string; in: string }[] };
    expect(lead.parameters).toContainEqual(expect.objectContaining({ name: 'leadId', in: 'path', required: true }));
  });
});
