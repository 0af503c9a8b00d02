/**
 * SignalWire's webhook signature (the Compatibility API's, Twilio-shaped):
 * base64(HMAC-SHA1(signingKey, fullUrl + concat(sorted(name + value)))), sent in X-SignalWire-Signature.
 * The simulator signs with this too, so webhooks take one code path whichever carrier is configured.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { WebhookToVerify } from '../../ports/telephony';

export function signSignalWireRequest(
  signingKey: string,
  url: string,
  params: Readonly<Record<string, string>>,
): string {
  // Default sort = UTF-16 code-unit order, the order SignalWire's own validator uses.
  const data = Object.keys(params)
    .sort()
    .reduce((acc, name) => acc + name + params[name], url);
  return createHmac('sha1', signingKey).update(data, 'utf8').digest('base64');
}

export function verifySignalWireRequest(signingKey: string, { url, params, signature }: WebhookToVerify): boolean {
  if (signature === undefined || signature === '') return false;
  const given = Buffer.from(signature);
  let valid = false;
  for (const candidate of defaultPortVariants(url)) {
    const expected = Buffer.from(signSignalWireRequest(signingKey, candidate, params));
    // Length is public (a SHA-1 digest); only the content comparison needs to be constant-time.
    if (given.length === expected.length && timingSafeEqual(given, expected)) valid = true;
  }
  return valid;
}

const AUTHORITY = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)(.*)$/is;
const HOST_PORT = /^((?:[^@]*@)?(?:\[[^\]]*\]|[^:]*))(?::(\d*))?$/s;

/**
 * The URL as given plus its twin with the scheme's default port added or removed: providers are inconsistent
 * about which form they sign. A non-default port is never dropped (SignalWire's SDK drops any port; we stay strict).
 */
export function defaultPortVariants(url: string): string[] {
  const m = AUTHORITY.exec(url);
  if (!m) return [url];
  const [, scheme = '', authority = '', rest = ''] = m;
  const defaultPort = ({ http: '80', https: '443' } as Record<string, string>)[scheme.toLowerCase()];
  const hp = HOST_PORT.exec(authority);
  if (defaultPort === undefined || !hp) return [url];
  const [, host = '', port] = hp;
  if (port === undefined || port === '') return [url, `${scheme}://${host}:${defaultPort}${rest}`];
  if (port === defaultPort) return [url, `${scheme}://${host}${rest}`];
  return [url];
}
