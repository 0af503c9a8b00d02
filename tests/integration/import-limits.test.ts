import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app';
import { createCampaign, createTeamWithAgent, type TeamFixture } from '../support/team-fixture';
import { uploadFile } from '../support/import-helpers';

// Uploads at and beyond the size limit, and uploads that never finish. The limit here is 3 GB so a
// 2 GB upload is allowed to start; the over-limit cases use a second app with a 1 MB limit.
let big: TestApp;
let small: TestApp;
let tb: TeamFixture;
let ts: TeamFixture;
const dirs = {
  big: mkdtempSync(path.join(os.tmpdir(), 'ds-limits-a-')),
  small: mkdtempSync(path.join(os.tmpdir(), 'ds-limits-b-')),
};
const onDisk = (dir: string) => (existsSync(path.join(dir, 'imports')) ? readdirSync(path.join(dir, 'imports')) : []);

beforeAll(async () => {
  [big, small] = await Promise.all([
    startTestApp({
      env: { JOBS_IN_PROCESS: 'false', DATA_DIR: dirs.big, IMPORT_MAX_FILE_BYTES: String(3 * 1024 ** 3) },
    }),
    startTestApp({
      env: { JOBS_IN_PROCESS: 'false', DATA_DIR: dirs.small, IMPORT_MAX_FILE_BYTES: String(1024 * 1024) },
    }),
  ]);
  [tb, ts] = await Promise.all([createTeamWithAgent(big, 'Big'), createTeamWithAgent(small, 'Small')]);
});
afterAll(async () => {
  await Promise.all([big?.stop(), small?.stop()]);
  rmSync(dirs.big, { recursive: true, force: true });
  rmSync(dirs.small, { recursive: true, force: true });
});

const leadLines = (n: number) =>
  Array.from(
    { length: n },
    (_, i) => `Lead ${i},(415) 555-${String(i % 10000).padStart(4, '0')},"note, with comma"\n`,
  ).join('');

/** Sends `first` as the start of a body of `declared` bytes (or chunked when null), then cuts the connection. */
function cutOffUpload(app: TestApp, team: TeamFixture, campaignId: string, first: string, declared: number | null) {
  return new Promise<void>((resolve, reject) => {
    const u = new URL(`${app.url}/api/teams/${team.teamId}/campaigns/${campaignId}/imports`);
    const req = http.request({
      host: u.hostname,
      port: u.port,
      path: u.pathname,
      method: 'POST',
      headers: {
        origin: app.url,
        cookie: team.owner.cookieHeader,
        'x-csrf-token': team.owner.csrfToken,
        'x-file-name': 'huge.csv',
        ...(declared === null ? { 'transfer-encoding': 'chunked' } : { 'content-length': String(declared) }),
      },
    });
    req.on('error', () => resolve()); // the socket we destroy
    req.on('response', (res) => reject(new Error(`server answered ${res.statusCode} before the body ended`)));
    req.write(first, () => {
      // Give the server the first bytes, then drop the connection mid-row.
      req.destroy();
      resolve();
    });
  });
}

describe('upload limits', () => {
  it('refuses a declared size over the limit at once (413) and keeps nothing', async () => {
    const campaignId = await createCampaign(ts.owner, ts.teamId);
    const body = `Name,Phone,Notes\n${leadLines(30_000)}`;
    expect(Buffer.byteLength(body)).toBeGreaterThan(1024 * 1024);
    const res = await uploadFile(ts.owner, ts.teamId, campaignId, body);
    expect(res.status).toBe(413);
    expect(res.json.error.message).toMatch(/larger than the 1 MB limit/);
    expect((await small.deps.pool.query('select count(*)::int as n from imports')).rows[0].n).toBe(0);
    expect(onDisk(dirs.small)).toEqual([]);
  });

  it('stops a streamed upload without a length when it passes the limit (413), deleting the partial file', async () => {
    const campaignId = await createCampaign(ts.owner, ts.teamId);
    const chunk = leadLines(2000);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > 3 * 1024 * 1024) return controller.close();
        const bytes = new TextEncoder().encode(sent === 0 ? `Name,Phone,Notes\n${chunk}` : chunk);
        sent += bytes.length;
        controller.enqueue(bytes);
      },
    });
    const res = await fetch(`${small.url}/api/teams/${ts.teamId}/campaigns/${campaignId}/imports`, {
      method: 'POST',
      headers: {
        origin: small.url,
        cookie: ts.owner.cookieHeader,
        'x-csrf-token': ts.owner.csrfToken,
        'x-file-name': 'stream.csv',
      },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/limit/);
    expect((await small.deps.pool.query('select count(*)::int as n from imports')).rows[0].n).toBe(0);
    expect(onDisk(dirs.small)).toEqual([]);
  });

  it.each([
    ['a declared 2 GB upload', 2 * 1024 ** 3],
    ['a chunked upload', null],
  ])(
    'marks %s cut off mid-row as failed with a clear error, imports nothing and deletes the partial file',
    async (_label, declared) => {
      const campaignId = await createCampaign(tb.owner, tb.teamId);
      const first = `Name,Phone,Notes\n${leadLines(20_000)}Lead cut,(415) 555-99`;
      await cutOffUpload(big, tb, campaignId, first, declared);
      await expect
        .poll(
          async () =>
            (await tb.owner.get(`/api/teams/${tb.teamId}/imports?campaignId=${campaignId}`)).json.imports[0]?.status,
          { timeout: 10_000 },
        )
        .toBe('failed');
      const [imp] = (await tb.owner.get(`/api/teams/${tb.teamId}/imports?campaignId=${campaignId}`)).json.imports;
      expect(imp.error).toMatch(/upload was interrupted after .* nothing was imported/i);
      expect(
        (await big.deps.pool.query('select count(*)::int as n from leads where campaign_id = $1', [campaignId])).rows[0]
          .n,
      ).toBe(0);
      expect(onDisk(dirs.big)).toEqual([]);
      // A failed upload cannot be started or resumed: there is no file.
      expect((await tb.owner.post(`/api/teams/${tb.teamId}/imports/${imp.id}/resume`)).status).toBe(409);
    },
  );
});
