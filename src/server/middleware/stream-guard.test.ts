import { connect, type AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppEnv } from '../context';
import { guardStreamedBody } from './stream-guard';

// A stream that fails after its first chunk, the way a page query failing mid-export does.
function failingStream(secret: string) {
  let sent = false;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (!sent) {
        sent = true;
        controller.enqueue(new TextEncoder().encode('Call ID,Placed\n'));
      } else controller.error(new Error(`select * from calls where created_at >= $1 -- ${secret}`));
    },
  });
}

const reported: unknown[] = [];
// An event stream that stays open until the client goes away; `sourceCancelled` settles when the server lets go of it.
let sourceCancelled: Promise<void>;
let markCancelled: () => void = () => {};
let server: ReturnType<typeof serve>;
beforeAll(async () => {
  const app = new Hono<AppEnv>();
  app.use(
    '*',
    guardStreamedBody((err) => reported.push(err)),
  );
  app.get('/export.csv', (c) => c.body(failingStream('params: 4155550100'), 200, { 'Content-Type': 'text/csv' }));
  app.get('/early.csv', (c) => {
    const s = new ReadableStream<Uint8Array>({
      pull: (controller) => controller.error(new Error('select secret_column from x')),
    });
    return c.body(s, 200, { 'Content-Type': 'text/csv' });
  });
  app.get('/events', (c) => {
    sourceCancelled = new Promise((resolve) => (markCancelled = resolve));
    const s = new ReadableStream<Uint8Array>({
      start: (controller) => controller.enqueue(new TextEncoder().encode('data: hello\n\n')),
      cancel: () => markCancelled(),
    });
    return c.body(s, 200, { 'Content-Type': 'text/event-stream' });
  });
  server = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Every byte the server writes for `path`, read from the raw socket (a fetch client hides bytes after a cut). */
function readAll(path: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect((server.address() as AddressInfo).port, '127.0.0.1', () => {
      socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
    });
    const chunks: Buffer[] = [];
    socket.on('data', (d: Buffer) => chunks.push(d));
    socket.on('error', () => {});
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

describe('guardStreamedBody', () => {
  it('cuts the connection when a stream fails, writing nothing of the error to the client', async () => {
    const before = reported.length;
    const text = await readAll('/export.csv');
    expect(text).not.toContain('select');
    expect(text).not.toContain('4155550100');
    expect(text).not.toContain('Error');
    expect(reported.length).toBe(before + 1);
  });

  it('does the same when the stream fails before its first byte', async () => {
    const text = await readAll('/early.csv');
    expect(text).not.toContain('secret_column');
    expect(text).not.toContain('Error');
  });

  it('reports nothing when the client goes away from an open stream', async () => {
    const before = reported.length;
    await new Promise<void>((resolve) => {
      const socket = connect((server.address() as AddressInfo).port, '127.0.0.1', () => {
        socket.write('GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
      });
      socket.on('error', () => {});
      socket.once('data', () => {
        socket.destroy();
        resolve();
      });
    });
    await sourceCancelled;
    // The guard's read under way settles in the microtasks after the cancel; let them all run before looking.
    await new Promise((resolve) => setImmediate(resolve));
    expect(reported.length).toBe(before);
  });
});
