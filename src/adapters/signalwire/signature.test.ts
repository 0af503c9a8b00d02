import { createHmac } from 'node:crypto';
import { RestClient } from '@signalwire/compatibility-api';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultPortVariants, signSignalWireRequest, verifySignalWireRequest } from './signature';

// SignalWire's own validator (from @signalwire/compatibility-api) is the oracle for our implementation.
const sdkValidates = (key: string, signature: string, url: string, params: Record<string, string>) =>
  RestClient.validateRequest(key, signature, url, params, true);

const word = fc.stringMatching(/^[a-z][a-z0-9]{0,7}$/);
const url = fc
  .record({
    scheme: fc.constantFrom('http', 'https'),
    host: fc.oneof(
      fc.constantFrom('127.0.0.1', 'localhost'),
      fc.tuple(word, word).map(([a, b]) => `${a}.${b}.com`),
    ),
    port: fc.constantFrom('none', 'default'),
    path: fc.array(word, { maxLength: 3 }),
    query: fc.array(fc.tuple(word, fc.stringMatching(/^[A-Za-z0-9_-]{0,8}$/)), { maxLength: 3 }),
  })
  .map(({ scheme, host, port, path, query }) => {
    const p = port === 'default' ? (scheme === 'https' ? ':443' : ':80') : '';
    const q = query.length === 0 ? '' : `?${query.map(([k, v]) => `${k}=${v}`).join('&')}`;
    return `${scheme}://${host}${p}/${path.join('/')}${q}`;
  });
const params = fc.dictionary(fc.stringMatching(/^[A-Z][A-Za-z]{0,11}$/), fc.string({ maxLength: 24 }), { maxKeys: 12 });
const key = fc.string({ minLength: 1, maxLength: 40 });

describe('SignalWire webhook signature', () => {
  it('what we sign, SignalWire’s validator accepts, and so do we', () => {
    fc.assert(
      fc.property(key, url, params, (k, u, p) => {
        const signature = signSignalWireRequest(k, u, p);
        expect(sdkValidates(k, signature, u, p)).toBe(true);
        expect(verifySignalWireRequest(k, { url: u, params: p, signature })).toBe(true);
      }),
    );
  });

  it('agrees with SignalWire’s validator on genuine, re-targeted, re-keyed and tampered signatures', () => {
    fc.assert(
      fc.property(key, key, url, url, params, fc.nat(), (k, otherKey, u, otherUrl, p, pick) => {
        const candidates = [
          signSignalWireRequest(k, u, p),
          ...defaultPortVariants(u).map((v) => signSignalWireRequest(k, v, p)),
          signSignalWireRequest(otherKey, u, p),
          signSignalWireRequest(k, otherUrl, p),
          signSignalWireRequest(k, u, { ...p, Extra: 'x' }),
          'AAAAAAAAAAAAAAAAAAAAAAAAAAA=',
        ];
        const signature = candidates[pick % candidates.length] ?? '';
        expect(verifySignalWireRequest(k, { url: u, params: p, signature })).toBe(sdkValidates(k, signature, u, p));
      }),
    );
  });

  it('sorts parameter names and concatenates name+value after the URL', () => {
    const expected = createHmac('sha1', 'k').update('https://x.com/h?q=1A1B2').digest('base64');
    expect(signSignalWireRequest('k', 'https://x.com/h?q=1', { B: '2', A: '1' })).toBe(expected);
  });

  it('tries the default port both ways but never drops a real port', () => {
    expect(defaultPortVariants('https://a.example.com/x?y=1')).toEqual([
      'https://a.example.com/x?y=1',
      'https://a.example.com:443/x?y=1',
    ]);
    expect(defaultPortVariants('http://a.example.com:80/x')).toEqual([
      'http://a.example.com:80/x',
      'http://a.example.com/x',
    ]);
    expect(defaultPortVariants('https://a.example.com:8443/x')).toEqual(['https://a.example.com:8443/x']);
    expect(defaultPortVariants('https://user:pw@[::1]:443/x')).toEqual([
      'https://user:pw@[::1]:443/x',
      'https://user:pw@[::1]/x',
    ]);
    expect(defaultPortVariants('not a url')).toEqual(['not a url']);
  });

  it('rejects a missing or empty signature without computing anything useful to an attacker', () => {
    expect(verifySignalWireRequest('k', { url: 'https://x.com/h', params: {}, signature: undefined })).toBe(false);
    expect(verifySignalWireRequest('k', { url: 'https://x.com/h', params: {}, signature: '' })).toBe(false);
  });
});
