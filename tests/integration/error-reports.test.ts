import http from 'node:http';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app';
import { TestClient, uniqueEmail } from '../support/http-client';

// A local stand-in for Sentry's ingest endpoint: it only records what arrives.
const envelopes: string[] = [];
let arrived: () => void = () => {};
const ingest = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const raw = Buffer.concat(chunks);
    envelopes.push(
      (req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8') + `\n${req.url}`,
    );
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    arrived();
  });
});

let app: TestApp;
beforeAll(async () => {
  await new Promise<void>((r) => ingest.listen(0, '127.0.0.1', r));
  const port = (ingest.address() as { port: number }).port;
  app = await startTestApp({ env: { SENTRY_DSN: `http://publickey@127.0.0.1:${port}/7` } });
});
afterAll(async () => {
  await app?.stop();
  await new Promise((r) => ingest.close(r));
});

describe('error reports', () => {
  it('reach Sentry with the stack trace but without phones, e-mails, cookies, bodies or query strings', async () => {
    const client = new TestClient(app.url);
    await client.signUp({ name: 'Erin Error', email: uniqueEmail('erin') });
    const sessionCookie = client.cookieHeader;
    // A database failure whose message carries what the user typed (a lead's phone and e-mail).
    await app.deps.pool.query(`
      create function refuse_name() returns trigger language plpgsql as $$
      begin raise exception 'cannot save this name'; end $$;
      create trigger refuse_name before update on users for each row execute function refuse_name();`);
    const received = new Promise<void>((r) => (arrived = r));
    const res = await client.request('PATCH', '/api/me?email=jane.doe%40example.com&phone=%2B14155552671', {
      name: 'Call Jane on +1 415-555-2671 or +14155552671, jane.doe@example.com',
    });
    expect(res.status).toBe(500);
    expect(res.json).toEqual({ error: { code: 'internal', message: expect.any(String) } });
    expect(res.text).not.toContain('jane.doe');
    await received;
    const all = envelopes.join('\n');
    expect(all).toContain('"exception"');
    expect(all).toMatch(/"frames":\[\{/);
    for (const secret of [
      'jane.doe@example.com',
      'jane.doe%40example.com',
      '+14155552671',
      '415-555-2671',
      '%2B14155552671',
    ]) {
      expect(all).not.toContain(secret);
    }
    const cookieValue = sessionCookie.split('=').slice(1).join('=');
    expect(cookieValue.length).toBeGreaterThan(10);
    expect(all).not.toContain(cookieValue);
    expect(all).not.toContain('Call Jane');
  });
});
