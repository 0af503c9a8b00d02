import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync, inflateSync } from 'node:zlib';
import { getClient } from '@sentry/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSentryReporter } from './sentry-reporter';
import type { SentryReporter } from './sentry-reporter';

// Personal data and credentials a failing dial could carry; none of it may reach Sentry in any form.
const PHONE = '+14155552671';
const PHONE_FORMATTED = '(415) 555-2671';
const EMAIL = 'jane.doe@example.com';
const BEARER_VALUE = 'ya29.a0AfH6SMBx-bearer-secret-value';
const SESSION_VALUE = 's3ss10nV4lue.c2lnbmF0dXJl';
const DS_SESSION_VALUE = 'ds-session-secret-77';
const QUERY_TOKEN = 'qs-token-secret-42';
const COOKIE_HEADER = `better-auth.session_token=${SESSION_VALUE}; ds_session=${DS_SESSION_VALUE}`;
const LEAKS = [
  '4155552671',
  '415) 555',
  '555-2671',
  'jane.doe',
  BEARER_VALUE,
  SESSION_VALUE,
  DS_SESSION_VALUE,
  QUERY_TOKEN,
];

type Envelope = {
  headers: IncomingHttpHeaders;
  raw: string;
  items: { header: Record<string, unknown>; payload: unknown }[];
};

/** A stand-in for Sentry's ingest endpoint: records every envelope, raw, as it arrived. */
class FakeSentry {
  readonly envelopes: Envelope[] = [];
  private server: Server | undefined;
  private waiters: { test: (e: Envelope) => boolean; resolve: (e: Envelope) => void }[] = [];

  async start(): Promise<number> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        const encoding = req.headers['content-encoding'];
        const decoded = encoding === 'gzip' ? gunzipSync(body) : encoding === 'deflate' ? inflateSync(body) : body;
        this.record({
          headers: req.headers,
          raw: decoded.toString('utf8'),
          items: parseEnvelope(decoded.toString('utf8')),
        });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return (this.server.address() as AddressInfo).port;
  }

  /** Resolves with the first envelope (already received or still to come) that passes `test`. */
  next(test: (e: Envelope) => boolean): Promise<Envelope> {
    const seen = this.envelopes.find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ test, resolve }));
  }

  stop(): Promise<void> {
    return new Promise((resolve, reject) => this.server?.close((err) => (err ? reject(err) : resolve())) ?? resolve());
  }

  private record(envelope: Envelope): void {
    this.envelopes.push(envelope);
    this.waiters = this.waiters.filter((w) => (w.test(envelope) ? (w.resolve(envelope), false) : true));
  }
}

/** Envelope = header line, then (item header line, payload line)*; payloads here are JSON. */
function parseEnvelope(text: string): Envelope['items'] {
  const lines = text.split('\n').filter((l) => l !== '');
  const items: Envelope['items'] = [];
  for (let i = 1; i + 1 < lines.length; i += 2) {
    items.push({ header: JSON.parse(lines[i] as string), payload: JSON.parse(lines[i + 1] as string) });
  }
  return items;
}

const isEvent = (e: Envelope) => e.items.some((item) => item.header.type === 'event');

type SentryEvent = {
  exception: {
    values: { type: string; value: string; stacktrace: { frames: { filename?: string; function?: string }[] } }[];
  };
  extra: Record<string, unknown>;
  tags: Record<string, string>;
  breadcrumbs: { category: string; message?: string; data?: Record<string, unknown> }[];
  request?: unknown;
  user?: unknown;
};

function failWhileDialingLead(): Error {
  try {
    throw new Error(
      `Dial failed for ${PHONE} (${PHONE_FORMATTED}), lead ${EMAIL}, auth Bearer ${BEARER_VALUE}, cookie ${COOKIE_HEADER}`,
    );
  } catch (err) {
    return err as Error;
  }
}

describe('Sentry reporter against a local ingest server', () => {
  const sentry = new FakeSentry();
  let port = 0;
  let reporter: SentryReporter;

  beforeAll(async () => {
    port = await sentry.start();
  });
  afterAll(() => sentry.stop());
  beforeEach(() => {
    reporter = createSentryReporter({
      dsn: `http://publickey@127.0.0.1:${port}/1`,
      environment: 'test',
      release: 'dialerseat@test',
    });
  });
  afterEach(() => reporter.close(2000));

  it('sends the stack trace and nothing personal', async () => {
    const url = `https://api.example.test/v1/leads?email=${encodeURIComponent(EMAIL)}&token=${QUERY_TOKEN}&page=2`;
    reporter.addBreadcrumb({ category: 'http', message: `GET ${url}`, data: { url, method: 'GET', status_code: 200 } });
    reporter.captureException(failWhileDialingLead(), {
      route: '/api/calls/:id',
      extra: {
        lead: { phone: PHONE, display: PHONE_FORMATTED, email: EMAIL, status: 'callback' },
        note: `customer asked to be called at ${PHONE_FORMATTED} or mailed at ${EMAIL}`,
        authorization: `Bearer ${BEARER_VALUE}`,
        headerDump: `Authorization: Bearer ${BEARER_VALUE}\nCookie: ${COOKIE_HEADER}`,
        lastSeen: COOKIE_HEADER,
        attempt: 3,
      },
    });
    const arrived = sentry.next(isEvent);

    expect(await reporter.flush(5000)).toBe(true);
    const envelope = await arrived;

    for (const received of sentry.envelopes) {
      for (const leak of LEAKS) expect(received.raw).not.toContain(leak);
    }

    const event = envelope.items.find((i) => i.header.type === 'event')?.payload as SentryEvent;
    const [exception] = event.exception.values;
    expect(exception?.type).toBe('Error');
    expect(exception?.value).toContain('Dial failed for [phone] ([phone]), lead [email], auth Bearer [token]');
    const frames = exception?.stacktrace.frames ?? [];
    expect(frames.some((f) => f.filename?.endsWith('sentry.test.ts') && f.function === 'failWhileDialingLead')).toBe(
      true,
    );

    expect(event.tags.route).toBe('/api/calls/:id');
    expect(event.extra.lead).toEqual({ phone: '[phone]', display: '[phone]', email: '[email]', status: 'callback' });
    expect(event.extra.attempt).toBe(3);
    expect(event.extra).not.toHaveProperty('authorization');
    expect(event.extra.headerDump).toBe('Authorization: [token]\nCookie: [token]');
    expect(event.extra.lastSeen).toBe('better-auth.session_token=[token]; ds_session=[token]');
    expect(event.breadcrumbs).toContainEqual(
      expect.objectContaining({
        category: 'http',
        data: { url: 'https://api.example.test/v1/leads', method: 'GET', status_code: 200 },
      }),
    );
    expect(event.request).toBeUndefined();
    expect(event.user).toBeUndefined();
  });

  it('follows error causes, scrubbing each message', async () => {
    const cause = new Error(`carrier rejected ${PHONE}`);
    reporter.captureException(new Error('call could not be placed', { cause }));
    const arrived = sentry.next((e) => isEvent(e) && e.raw.includes('carrier rejected'));
    expect(await reporter.flush(5000)).toBe(true);
    const envelope = await arrived;
    expect(envelope.raw).not.toContain('4155552671');
    const event = envelope.items.find((i) => i.header.type === 'event')?.payload as SentryEvent;
    expect(event.exception.values.map((v) => v.value)).toEqual([
      'carrier rejected [phone]',
      'call could not be placed',
    ]);
  });

  it('reports thrown non-errors without their personal data', async () => {
    reporter.captureException(`unexpected reply for ${EMAIL}`);
    const arrived = sentry.next((e) => isEvent(e) && e.raw.includes('unexpected reply'));
    expect(await reporter.flush(5000)).toBe(true);
    expect((await arrived).raw).not.toContain('jane.doe');
  });

  it('stays out of the global Sentry state, so several can coexist', () => {
    expect(getClient()).toBeUndefined();
  });
});
