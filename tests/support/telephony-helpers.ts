import pg from 'pg';
import { signLikeSignalWire } from './fake-signalwire';

/** Posts a form-encoded callback as the provider would, signed for `signedUrl` (defaults to the URL posted to). */
export async function postSignedCallback(
  url: string,
  params: Record<string, string>,
  opts: { signingKey: string; signedUrl?: string; signature?: string | null; header?: string },
) {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  const signature =
    opts.signature === undefined ? signLikeSignalWire(opts.signingKey, opts.signedUrl ?? url, params) : opts.signature;
  if (signature !== null) headers[opts.header ?? 'x-signalwire-signature'] = signature;
  const res = await fetch(url, { method: 'POST', headers, body: new URLSearchParams(params).toString() });
  return { status: res.status, text: await res.text() };
}

/** A LISTEN connection of the test's own on the call_changes channel, counting what was published. */
export async function listenForCallChanges(databaseUrl: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const notices: { t: string; c: string; a: string | null }[] = [];
  const waiters: { pred: () => boolean; resolve: () => void }[] = [];
  client.on('notification', (msg) => {
    if (msg.channel !== 'call_changes' || !msg.payload) return;
    notices.push(JSON.parse(msg.payload) as { t: string; c: string; a: string | null });
    for (const w of waiters.splice(0)) {
      if (w.pred()) w.resolve();
      else waiters.push(w);
    }
  });
  await client.query('LISTEN call_changes');
  return {
    notices,
    forCall: (callId: string) => notices.filter((n) => n.c === callId),
    /** Resolves once `pred` holds (checked on every notification). */
    until(pred: () => boolean): Promise<void> {
      if (pred()) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ pred, resolve }));
    },
    /**
     * Makes sure every notification sent before now has been received: NOTIFY is delivered in commit order on a
     * connection, so once our own marker arrives, everything committed before it has arrived too.
     */
    async flush(): Promise<void> {
      const marker = `flush-${Math.random()}`;
      const seen = new Promise<void>((resolve) => {
        const onMsg = (msg: pg.Notification) => {
          if (msg.channel === 'call_changes_flush' && msg.payload === marker) {
            client.off('notification', onMsg);
            resolve();
          }
        };
        client.on('notification', onMsg);
      });
      await client.query('LISTEN call_changes_flush');
      await client.query(`select pg_notify('call_changes_flush', $1)`, [marker]);
      await seen;
    },
    close: () => client.end(),
  };
}

export type SseEvent = { event: string; data: unknown };

/** Opens the team's event stream as a browser would (cookies) and collects its events. */
export async function openEventStream(url: string, cookie: string) {
  const controller = new AbortController();
  const res = await fetch(url, { headers: { cookie, accept: 'text/event-stream' }, signal: controller.signal });
  if (res.status !== 200 || !res.body) throw new Error(`event stream answered ${res.status}`);
  const events: SseEvent[] = [];
  const waiters: { pred: () => boolean; resolve: () => void }[] = [];
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  const pump = (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }) as const);
      if (done) return;
      buffer += value;
      let cut: number;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        let event = 'message';
        const data: string[] = [];
        for (const line of block.split('\n')) {
          if (line.startsWith('event:')) event = line.slice(6).trim();
          else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
        }
        if (data.length === 0) continue;
        events.push({ event, data: JSON.parse(data.join('\n')) });
        for (const w of waiters.splice(0)) {
          if (w.pred()) w.resolve();
          else waiters.push(w);
        }
      }
    }
  })();
  const stream = {
    events,
    until(pred: () => boolean): Promise<void> {
      if (pred()) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ pred, resolve }));
    },
    async close() {
      controller.abort();
      await pump;
    },
  };
  await stream.until(() => events.some((e) => e.event === 'ready'));
  return stream;
}
