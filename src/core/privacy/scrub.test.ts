import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSensitiveKey, placeholders, scrubText, scrubValue } from './scrub';

describe('scrubText: phone numbers', () => {
  it.each([
    '+14155552671',
    '(415) 555-2671',
    '415-555-2671',
    '415.555.2671',
    '415 555 2671',
    '1-415-555-2671',
    '1 (415) 555-2671',
    '+1 (415) 555-2671',
    '+1-415-555-2671',
    '+442071838750',
    '%2B14155552671',
  ])('replaces %s', (phone) => {
    expect(scrubText(`dialing ${phone} now`)).toBe('dialing [phone] now');
    expect(scrubText(phone)).toBe('[phone]');
  });

  it('replaces phones next to punctuation and inside key/value text', () => {
    expect(scrubText('lead=+14155552671,')).toBe('lead=[phone],');
    expect(scrubText('to:(415) 555-2671.')).toBe('to:[phone].');
    expect(scrubText('"phone":"415-555-2671"')).toBe('"phone":"[phone]"');
  });

  it.each([
    '    at foo (/app/src/x.ts:123:45)',
    '    at async Promise.all (index 0)',
    '    at processTicksAndRejections (node:internal/process/task_queues:95:5)',
    '    at Object.<anonymous> (file:///app/src/session.ts:12:5)',
    'connect ECONNREFUSED 127.0.0.1:5432',
    'request took 1200ms (timeout 30000ms)',
    'listening on port 8080',
    'invoice for 2026 and 2027',
    'lead a1b2c3 not found',
    'call 123e4567-e89b-12d3-a456-426614174000 failed',
    'at 2026-05-20T13:46:31.123Z and 2026-05-20 13:46:31',
    'timestamp 1716200000 / 1716200000123',
    'offset +0530',
    'installed lodash@4.17.21 and node_modules/@sentry/core/build/esm/client.js',
    'TokenExpiredError: jwt expired',
    'SessionError: session not found',
    'HTTP 500 after 3 of 5 attempts; retry in 250 ms',
    'version 1.13.16, build 20260520.1',
    'amount 4155 cents, 555 seconds, 2671 rows',
    'id 100-200-3000',
  ])('leaves ordinary text intact: %s', (text) => {
    expect(scrubText(text)).toBe(text);
  });

  it('never leaves the digits of a formatted NANP number in surrounding noise', () => {
    const digit = fc.integer({ min: 0, max: 9 }).map(String);
    const lead = fc.integer({ min: 2, max: 9 }).map(String);
    const nanp = fc
      .tuple(lead, digit, digit, lead, digit, digit, digit, digit, digit, digit)
      .map((d) => ({ area: d.slice(0, 3).join(''), exchange: d.slice(3, 6).join(''), line: d.slice(6).join('') }));
    const format = fc.constantFrom(
      (p: { area: string; exchange: string; line: string }) => `+1${p.area}${p.exchange}${p.line}`,
      (p: { area: string; exchange: string; line: string }) => `(${p.area}) ${p.exchange}-${p.line}`,
      (p: { area: string; exchange: string; line: string }) => `${p.area}-${p.exchange}-${p.line}`,
      (p: { area: string; exchange: string; line: string }) => `${p.area}.${p.exchange}.${p.line}`,
      (p: { area: string; exchange: string; line: string }) => `1-${p.area}-${p.exchange}-${p.line}`,
    );
    const noise = fc.string({ unit: fc.constantFrom('a', 'Z', ' ', ',', ';', '\n', ':', '=', '/'), maxLength: 12 });
    fc.assert(
      fc.property(nanp, format, noise, noise, (p, fmt, before, after) => {
        const out = scrubText(`${before} ${fmt(p)} ${after}`);
        expect(out).toContain('[phone]');
        expect(out).not.toContain(`${p.exchange}${p.line}`);
        expect(out).not.toContain(p.line);
      }),
    );
  });
});

describe('scrubText: e-mail addresses', () => {
  it.each([
    ['write to jane.doe@example.com today', 'write to [email] today'],
    ['<jane+leads@mail.example.co.uk>', '<[email]>'],
    ['mailto:ops@dialerseat.com', 'mailto:[email]'],
    ['?email=jane.doe%40example.com&page=2', '?email=[email]&page=2'],
    ['"email":"J.Doe@Example.COM"', '"email":"[email]"'],
  ])('%s', (input, expected) => {
    expect(scrubText(input)).toBe(expected);
  });
});

describe('scrubText: credentials', () => {
  const jwt =
    'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkphbmUifQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';

  it.each([
    ['Authorization: Bearer abc.DEF-123_x==', 'Authorization: [token]'],
    ['sent Bearer abc.DEF-123_x== to the API', 'sent Bearer [token] to the API'],
    ['Authorization: Basic dXNlcjpwYXNzd29yZA==', 'Authorization: [token]'],
    ['Cookie: ds_session=abc; theme=dark', 'Cookie: [token]'],
    [`token ${jwt} rejected`, 'token [token] rejected'],
    ['key sk_live_51HxYzAbCdEfGh is invalid', 'key [token] is invalid'],
    ['key sk_test_4eC39HqLyjWDarjtT1zdp7dc', 'key [token]'],
    ['rk_live_abc123 and pk_test_xyz', '[token] and [token]'],
    ['secret whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'secret [token]'],
    ['SignalWire PT0123456789abcdef0123456789abcdef01234567 and PSK_abc123XYZ', 'SignalWire [token] and [token]'],
  ])('%s', (input, expected) => {
    expect(scrubText(input)).toBe(expected);
  });

  it('masks session cookies by name, leaving other cookies', () => {
    expect(
      scrubText(
        'better-auth.session_token=abc.def%3D; theme=dark; ds_session=xyz; __Secure-better-auth.session_data=q1; connect.sid=s%3Aabc',
      ),
    ).toBe(
      'better-auth.session_token=[token]; theme=dark; ds_session=[token]; __Secure-better-auth.session_data=[token]; connect.sid=[token]',
    );
  });

  it('masks sensitive query parameters and e-mails in URLs, keeping the rest', () => {
    expect(scrubText('GET /leads?email=jane.doe%40example.com&token=abc123&page=2&sessionId=s1')).toBe(
      'GET /leads?email=[email]&token=[token]&page=2&sessionId=[token]',
    );
  });

  it('masks sensitive keys in JSON and util.inspect output, keeping the others', () => {
    expect(scrubText('{"password":"hunter2","name":"ok","apiKey":"k-1"}')).toBe(
      '{"password":"[token]","name":"ok","apiKey":"[token]"}',
    );
    expect(scrubText("{ accessToken: 'abc', authorization: 'Bearer x', other: 'y' }")).toBe(
      "{ accessToken: '[token]', authorization: '[token]', other: 'y' }",
    );
    expect(scrubText('password: hunter2')).toBe('password: [token]');
  });

  it('is idempotent', () => {
    const samples = [
      `Bearer ${jwt} for +14155552671 <jane.doe@example.com> ds_session=abc`,
      '    at foo (/app/src/x.ts:123:45)',
    ];
    for (const s of samples) expect(scrubText(scrubText(s))).toBe(scrubText(s));
  });
});

describe('scrubText: cost on hostile input', () => {
  // No wall-clock assertion: a catastrophic pattern would blow the test timeout by orders of magnitude.
  it('handles long random strings over the characters the patterns care about', () => {
    const unit = fc.constantFrom(
      'a',
      'Z',
      '1',
      '5',
      '-',
      '.',
      ' ',
      '(',
      ')',
      '+',
      '@',
      '%',
      '4',
      '0',
      '=',
      ';',
      ':',
      '"',
      "'",
      '_',
      'e',
      'y',
      'J',
    );
    fc.assert(
      fc.property(fc.string({ unit, minLength: 1000, maxLength: 20_000 }), (s) => {
        expect(typeof scrubText(s)).toBe('string');
      }),
      { numRuns: 50 },
    );
  });

  it.each([
    ['letters', 'a'.repeat(200_000)],
    ['e-mail local part without domain', 'a.b'.repeat(70_000) + '@'],
    ['url-encoded at signs', 'a%40'.repeat(50_000)],
    ['digit groups', '415-555-'.repeat(25_000)],
    ['open quotes', 'token:"'.repeat(30_000)],
    ['jwt prefixes', 'eyJa.'.repeat(40_000)],
    ['cookie names', 'session_token'.repeat(15_000) + '='],
    ['plus digits', '+1234567'.repeat(25_000)],
  ])('%s', (_name, input) => {
    expect(scrubText(input).length).toBeGreaterThan(0);
  });
});

describe('scrubValue', () => {
  it('drops credential keys, masks personal-data keys, scrubs strings, and leaves the input alone', () => {
    const input = {
      route: '/api/calls',
      password: 'hunter2',
      headers: { authorization: 'Bearer x', 'set-cookie': ['a=b'], Cookie: 'c=d', 'x-api-key': 'k', accept: 'json' },
      lead: { phone: '4155552671', email: 'jane@example.com', firstName: 'Jane', status: 'new', attempts: 2 },
      card: { last4: '4242' },
      cvc: '123',
      apiKey: 'k',
      note: 'called +14155552671',
      list: ['jane.doe@example.com', 42, true, null],
    };
    const snapshot = structuredClone(input);
    expect(scrubValue(input)).toEqual({
      route: '/api/calls',
      headers: { accept: 'json' },
      lead: { phone: '[phone]', email: '[email]', firstName: '[redacted]', status: 'new', attempts: 2 },
      note: 'called [phone]',
      list: ['[email]', 42, true, null],
    });
    expect(input).toEqual(snapshot);
  });

  it('survives cycles and limits depth', () => {
    const a: Record<string, unknown> = { name: 'a' };
    a.self = a;
    a.list = [a];
    expect(scrubValue(a)).toEqual({ name: 'a', self: '[circular]', list: ['[circular]'] });
    expect(scrubValue({ x: { y: { z: 1 } } }, 2)).toEqual({ x: { y: '[truncated]' } });
  });

  it('shows an object reached twice through siblings both times', () => {
    const shared = { n: 1 };
    expect(scrubValue({ a: shared, b: shared })).toEqual({ a: { n: 1 }, b: { n: 1 } });
  });

  it('turns errors, dates, maps, sets and odd primitives into plain scrubbed data', () => {
    const err = Object.assign(new Error('no answer from +14155552671'), { code: 'E_NO_ANSWER', token: 't' });
    const out = scrubValue({
      err,
      at: new Date('2026-05-20T00:00:00Z'),
      m: new Map([['email', 'jane@example.com']]),
      s: new Set(['ok']),
      big: 10n,
      fn: () => 1,
    }) as Record<string, Record<string, unknown>>;
    expect(out.err).toMatchObject({ name: 'Error', message: 'no answer from [phone]', code: 'E_NO_ANSWER' });
    expect(out.err).not.toHaveProperty('token');
    expect(String(out.err?.stack)).not.toContain('4155552671');
    expect(out.at).toBe('2026-05-20T00:00:00.000Z');
    expect(out.m).toEqual({ email: '[email]' });
    expect(out.s).toEqual(['ok']);
    expect(out.big).toBe('10');
    expect(out).not.toHaveProperty('fn');
  });
});

describe('isSensitiveKey', () => {
  it.each([
    'password',
    'token',
    'accessToken',
    'client_secret',
    'Authorization',
    'cookie',
    'set-cookie',
    'session',
    'sessionId',
    'card',
    'cvc',
    'apiKey',
    'x-api-key',
    '__Secure-foo',
    'better-auth.session_token',
  ])('%s is sensitive', (key) => expect(isSensitiveKey(key)).toBe(true));
  it.each(['name', 'author', 'discard', 'status', 'route', 'trace_id', 'leadId', 'duration'])('%s is not', (key) =>
    expect(isSensitiveKey(key)).toBe(false),
  );
});

it('exposes stable placeholders', () => {
  expect(placeholders).toEqual({ phone: '[phone]', email: '[email]', token: '[token]', redacted: '[redacted]' });
});

describe('query parameters in database errors', () => {
  it('drops the bound values drizzle appends to a failed query, keeping the SQL', () => {
    const msg =
      'Failed query: update "users" set "name" = $1 where "users"."id" = $2\nparams: Call Jane Roe at home,abc123';
    const out = scrubText(msg);
    expect(out).toContain('update "users" set "name" = $1');
    expect(out).not.toContain('Jane Roe');
    expect(out).toContain('params: [redacted]');
  });
});
