import { expect } from 'vitest';
import { drainQueue } from '../../src/jobs/runner';
import { jobs } from '../../src/jobs/registry';
import type { TestClient } from './http-client';
import type { TestApp } from './test-app';

/** Uploads a file as the browser does: the raw bytes as the body, the name in a header. */
export async function uploadFile(
  client: TestClient,
  teamId: string,
  campaignId: string,
  body: string | Uint8Array,
  fileName = 'leads.csv',
) {
  const res = await fetch(`${client.baseUrl}/api/teams/${teamId}/campaigns/${campaignId}/imports`, {
    method: 'POST',
    headers: {
      origin: client.baseUrl,
      cookie: client.cookieHeader,
      'x-csrf-token': client.csrfToken,
      'content-type': 'text/csv',
      'x-file-name': encodeURIComponent(fileName),
    },
    body: typeof body === 'string' ? body : Buffer.from(body),
  });
  const text = await res.text();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests assert on arbitrary JSON shapes
  const json: any = text ? JSON.parse(text) : null;
  return { status: res.status, json };
}

export const importJob = jobs.find((j) => j.id === 'import-leads')!;

/** Upload, accept the proposed mapping, run the queued job to the end; returns the finished import. */
export async function importFile(
  app: TestApp,
  client: TestClient,
  teamId: string,
  campaignId: string,
  body: string | Uint8Array,
  opts: { duplicatePolicy?: 'skip' | 'fill_empty'; fileName?: string } = {},
) {
  const up = await uploadFile(client, teamId, campaignId, body, opts.fileName);
  expect(up.status, JSON.stringify(up.json)).toBe(201);
  const id = up.json.import.id as string;
  const started = await client.post(`/api/teams/${teamId}/imports/${id}/start`, {
    mapping: up.json.import.mapping,
    duplicatePolicy: opts.duplicatePolicy ?? 'skip',
  });
  expect(started.status, started.text).toBe(202);
  await drainQueue(app.jobs!.boss, app.deps, importJob);
  const done = await client.get(`/api/teams/${teamId}/imports/${id}`);
  return { upload: up.json, import: done.json };
}
