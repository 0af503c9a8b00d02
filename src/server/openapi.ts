import { z } from 'zod';
import type { V1Route } from './routes/api-v1';

// The OpenAPI 3.1 document of /api/v1, generated from the route table: each parameter and body schema is the zod
// schema the route parses with, converted by zod's own JSON Schema output (3.1 uses JSON Schema 2020-12 as is).

type JsonSchema = Record<string, unknown>;

function jsonSchema(schema: z.ZodType): JsonSchema {
  // "input": what a client sends (before defaults and transforms); anything zod cannot express becomes {}.
  const out = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
  delete out.$schema;
  return out;
}

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

const toOpenApiPath = (path: string) => `/api/v1${path.replace(/:(\w+)/g, '{$1}')}`;

export function buildOpenApiDocument(routes: readonly V1Route[], opts: { serverUrl: string; version: string }) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const parameters: unknown[] = [];
    for (const name of r.path.match(/:(\w+)/g) ?? [])
      parameters.push({
        name: name.slice(1),
        in: 'path',
        required: true,
        schema: { type: 'string', format: 'uuid' },
      });
    if (r.query) {
      const whole = jsonSchema(r.query);
      const props = (whole.properties ?? {}) as Record<string, JsonSchema>;
      const required = new Set((whole.required as string[] | undefined) ?? []);
      for (const [name, schema] of Object.entries(props)) {
        const { description, ...rest } = schema;
        parameters.push({
          name,
          in: 'query',
          required: required.has(name),
          ...(typeof description === 'string' ? { description } : {}),
          schema: rest,
        });
      }
    }
    const responses: Record<string, unknown> = {
      [String(r.success.status)]:
        r.success.status === 204
          ? { description: r.success.description }
          : {
              description: r.success.description,
              content:
                r.success.content === 'audio'
                  ? { 'audio/wav': { schema: { type: 'string', contentMediaType: 'audio/wav' } } }
                  : { 'application/json': { schema: { type: 'object' } } },
            },
      400: errorResponse('The request is not valid; `error.fields` names each field at fault'),
      401: errorResponse('No API key, or a revoked or unknown one'),
      403: errorResponse('A read-only key tried to change something'),
      404: errorResponse('No such record in the key’s team'),
      429: errorResponse('Too many requests from this key; retry after `Retry-After` seconds'),
    };
    if (r.method === 'post') {
      responses[409] = errorResponse('A request with this Idempotency-Key is still being processed');
      responses[422] = errorResponse('This Idempotency-Key was used with a different request');
      parameters.push({
        name: 'Idempotency-Key',
        in: 'header',
        required: false,
        description: 'Any unique string; repeating the request with it answers the stored response for 24 hours',
        schema: { type: 'string', maxLength: 255 },
      });
    }
    paths[toOpenApiPath(r.path)] ??= {};
    paths[toOpenApiPath(r.path)]![r.method] = {
      operationId: `${r.method}${r.path.replace(/\/:?(\w)/g, (_m, c: string) => c.toUpperCase())}`,
      tags: [r.tag],
      summary: r.summary,
      ...(r.description ? { description: r.description } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(r.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(r.body) } } } }
        : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'DialerSeat API',
      version: opts.version,
      description:
        'Read and change a team’s campaigns, leads, calls and do-not-call list. Authenticate with an API key from Settings → API keys: `Authorization: Bearer dsk_…`. Errors answer `{ "error": { "code", "message", "fields"? } }`. Every answer carries `RateLimit` and `RateLimit-Policy` headers.',
    },
    servers: [{ url: opts.serverUrl }],
    security: [{ apiKey: [] }],
    paths,
    components: {
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'An API key, dsk_…' } },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: {
                code: { type: 'string' },
                message: { type: 'string' },
                fields: { type: 'object', additionalProperties: { type: 'string' } },
              },
            },
          },
        },
      },
    },
  };
}
