import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { ipLiteral, isPublicAddress } from '../../core/webhooks/address';
import type { WebhookSender, WebhookSendResult } from '../../ports/webhook-sender';

const REFUSED = 'the address is private, loopback or reserved; webhooks go only to public internet addresses';

/**
 * Outbound webhooks over node:http(s). With `allowPrivate` false (production) a URL whose host is, or resolves to, a
 * non-public address is refused: literal IPs before connecting, names inside the socket's own DNS lookup, so the
 * address checked is the address connected to (a name that resolves to a public address when saved and a private one
 * later is still refused). Redirects are not followed: a 3xx is the endpoint's answer.
 */
export function createHttpWebhookSender(opts: { allowPrivate: boolean }): WebhookSender {
  const guardedLookup: LookupFunction = (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      const list = addresses as dns.LookupAddress[];
      const bad = list.find((a) => !isPublicAddress(a.address));
      if (bad || list.length === 0)
        return callback(Object.assign(new Error(`${hostname}: ${REFUSED}`), { code: 'EWEBHOOKPRIVATE' }), '', 0);
      if (options.all) return callback(null, list);
      const first = list[0]!;
      return callback(null, first.address, first.family);
    });
  };

  async function checkUrl(raw: string): Promise<string | null> {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return 'That is not a valid URL';
    }
    if (opts.allowPrivate) return null;
    if (url.protocol !== 'https:') return 'Use an https:// address';
    const literal = ipLiteral(url.hostname);
    if (literal) return isPublicAddress(literal) ? null : `${url.hostname}: ${REFUSED}`;
    try {
      const addresses = await dns.promises.lookup(url.hostname, { all: true });
      const bad = addresses.find((a) => !isPublicAddress(a.address));
      return bad ? `${url.hostname} resolves to ${bad.address}: ${REFUSED}` : null;
    } catch {
      return `${url.hostname} does not resolve to an address`;
    }
  }

  function post(raw: string, headers: Record<string, string>, body: string, timeoutMs: number) {
    return new Promise<WebhookSendResult>((resolve) => {
      let url: URL;
      try {
        url = new URL(raw);
      } catch {
        return resolve({ status: null, error: 'invalid URL' });
      }
      const literal = ipLiteral(url.hostname);
      if (!opts.allowPrivate && literal && !isPublicAddress(literal))
        return resolve({ status: null, error: `${url.hostname}: ${REFUSED}` });
      if (!opts.allowPrivate && url.protocol !== 'https:') return resolve({ status: null, error: 'not https' });
      const client = url.protocol === 'https:' ? https : http;
      const req = client.request(
        url,
        {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
          timeout: timeoutMs,
          agent: false,
          ...(opts.allowPrivate ? {} : { lookup: guardedLookup }),
        },
        (res) => {
          // The body is not needed; draining it frees the socket.
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0, error: null }));
          res.on('error', () => resolve({ status: res.statusCode ?? 0, error: null }));
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no answer within ${Math.round(timeoutMs / 1000)} s`)));
      req.on('error', (err) => resolve({ status: null, error: err.message.slice(0, 300) }));
      req.end(body);
    });
  }

  return { checkUrl, post };
}
