import type { ErrorEvent } from '@sentry/node';
import { describe, expect, it } from 'vitest';
import { scrubBreadcrumb, scrubEvent, stripQuery } from './scrub-event';

describe('stripQuery', () => {
  it.each([
    ['https://a.test/x?token=1#frag', 'https://a.test/x'],
    ['https://a.test/x#frag?no', 'https://a.test/x'],
    ['/api/leads', '/api/leads'],
    ['?only=query', ''],
  ])('%s', (url, expected) => expect(stripQuery(url)).toBe(expected));
});

describe('scrubEvent', () => {
  const event: ErrorEvent = {
    type: undefined,
    message: 'lead jane@example.com',
    request: {
      url: 'https://app.test/leads/jane@example.com?token=abc',
      method: 'POST',
      data: { phone: '+14155552671' },
      cookies: { ds_session: 'secret' },
      headers: { authorization: 'Bearer abc', 'user-agent': 'x' },
      query_string: 'token=abc',
      env: { REMOTE_ADDR: '203.0.113.9' },
    },
    user: { id: 'usr_1', ip_address: '203.0.113.9', email: 'jane@example.com', username: 'jane' },
    exception: {
      values: [
        {
          type: 'Error',
          value: 'no answer from (415) 555-2671',
          stacktrace: {
            frames: [
              {
                filename: '/app/src/app/place-call.ts',
                function: 'placeCall',
                lineno: 12,
                colno: 5,
                vars: { lead: { phone: '+14155552671' } },
                pre_context: ['const to = "+14155552671";'],
                context_line: 'throw new Error(`no answer from ${to}`)',
                post_context: ['// jane@example.com'],
              },
            ],
          },
          mechanism: { type: 'generic', handled: true, data: { url: 'mailto:jane@example.com' } },
        },
      ],
    },
    extra: { password: 'p', note: 'call +14155552671' },
    contexts: { lead: { email: 'jane@example.com', status: 'new' }, runtime: { name: 'node', version: 'v20' } },
    tags: { route: '/api/leads/:id', who: 'jane@example.com' },
    breadcrumbs: [
      {
        category: 'http',
        message: 'GET /x?email=jane%40example.com',
        data: { url: '/x?email=jane%40example.com', 'http.query': 'email=jane%40example.com', method: 'GET' },
      },
    ],
    transaction: 'GET /leads/jane@example.com',
  };

  const out = scrubEvent(event);

  it('keeps only the path of the request, without body, cookies, headers, query or environment', () => {
    expect(out.request).toEqual({ url: 'https://app.test/leads/[email]', method: 'POST' });
  });

  it('keeps only the opaque user id', () => {
    expect(out.user).toEqual({ id: 'usr_1' });
    expect(scrubEvent({ type: undefined, user: { ip_address: '203.0.113.9' } }).user).toBeUndefined();
  });

  it('scrubs messages and exception values, keeps frames, drops local variables', () => {
    expect(out.message).toBe('lead [email]');
    const ex = out.exception?.values?.[0];
    expect(ex?.value).toBe('no answer from [phone]');
    expect(ex?.stacktrace?.frames?.[0]).toEqual({
      filename: '/app/src/app/place-call.ts',
      function: 'placeCall',
      lineno: 12,
      colno: 5,
      pre_context: ['const to = "[phone]";'],
      context_line: 'throw new Error(`no answer from ${to}`)',
      post_context: ['// [email]'],
    });
    expect(ex?.mechanism).toEqual({ type: 'generic', handled: true, data: { url: 'mailto:[email]' } });
  });

  it('scrubs extra, contexts, tags, breadcrumbs and the transaction name', () => {
    expect(out.extra).toEqual({ note: 'call [phone]' });
    expect(out.contexts).toEqual({
      lead: { email: '[email]', status: 'new' },
      runtime: { name: 'node', version: 'v20' },
    });
    expect(out.tags).toEqual({ route: '/api/leads/:id', who: '[email]' });
    expect(out.breadcrumbs).toEqual([
      { category: 'http', message: 'GET /x?email=[email]', data: { url: '/x', method: 'GET' } },
    ]);
    expect(out.transaction).toBe('GET /leads/[email]');
  });

  it('does not change the event it was given', () => {
    expect(event.request?.cookies).toEqual({ ds_session: 'secret' });
    expect(event.exception?.values?.[0]?.stacktrace?.frames?.[0]?.vars).toBeDefined();
  });
});

describe('scrubBreadcrumb', () => {
  it('strips query strings from navigation breadcrumbs too', () => {
    expect(scrubBreadcrumb({ category: 'navigation', data: { from: '/a?token=1', to: '/b?email=x%40y.com' } })).toEqual(
      {
        category: 'navigation',
        data: { from: '/a', to: '/b' },
      },
    );
  });
});
