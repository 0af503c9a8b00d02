import http from 'node:http';

export type ReceivedWebhook = { headers: Record<string, string>; body: string; status: number };

/**
 * A local HTTP endpoint for outbound webhooks: records every request and answers with `respond()`'s status
 * (200 unless a test changes it).
 */
export async function startWebhookReceiver() {
  const received: ReceivedWebhook[] = [];
  const state = { respond: (_n: number): number => 200 };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const status = state.respond(received.length);
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
      received.push({ headers, body: Buffer.concat(chunks).toString('utf8'), status });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    port,
    received,
    state,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
