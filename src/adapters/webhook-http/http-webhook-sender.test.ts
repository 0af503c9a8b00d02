import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpWebhookSender } from './http-webhook-sender';

let server: http.Server;
let port: number;
let hits = 0;

beforeAll(async () => {
  server = http.createServer((_req, res) => {
    hits++;
    res.writeHead(204).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('http webhook sender', () => {
  it('posts to a local receiver when private addresses are allowed (development, tests)', async () => {
    const sender = createHttpWebhookSender({ allowPrivate: true });
    expect(await sender.checkUrl(`http://127.0.0.1:${port}/x`)).toBeNull();
    expect(await sender.post(`http://127.0.0.1:${port}/x`, {}, '{}', 5000)).toEqual({ status: 204, error: null });
  });

  it('refuses loopback at delivery time, for IP literals and for names resolving to it', async () => {
    const sender = createHttpWebhookSender({ allowPrivate: false });
    const before = hits;
    const literal = await sender.post(`https://127.0.0.1:${port}/x`, {}, '{}', 5000);
    expect(literal.status).toBeNull();
    expect(literal.error).toMatch(/private, loopback or reserved/);
    // The name passes the URL check's syntax; the socket's own lookup refuses the address it resolves to.
    const named = await sender.post(`https://localhost:${port}/x`, {}, '{}', 5000);
    expect(named.status).toBeNull();
    expect(named.error).toMatch(/private, loopback or reserved/);
    expect(hits).toBe(before);
  });

  it('checks URLs before they are saved', async () => {
    const sender = createHttpWebhookSender({ allowPrivate: false });
    expect(await sender.checkUrl('http://8.8.8.8/hooks')).toMatch(/https/);
    expect(await sender.checkUrl('https://192.168.0.10/hooks')).toMatch(/private/);
    expect(await sender.checkUrl('https://localhost/hooks')).toMatch(/resolves to/);
    expect(await sender.checkUrl('https://8.8.8.8/hooks')).toBeNull();
  });
});
