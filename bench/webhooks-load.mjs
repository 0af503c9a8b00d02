// Load generator for bench/webhooks.bench.ts, in its own process so it does not share the server's event loop.
// Reads its job from the JSON file named by argv[2]; prints the result as one JSON line.
// Each request takes the next pre-signed callback from one shared list, so no two requests repeat an event.
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

const { url, connections, requests, amount, duration } = JSON.parse(readFileSync(process.argv[2], 'utf8'));
let next = 0;
const opts = { url, connections, pipelining: 1 };
if (requests) {
  opts.amount = requests.length;
  opts.requests = [
    {
      method: 'POST',
      setupRequest: (req) => {
        const r = requests[next++ % requests.length];
        return {
          ...req,
          method: 'POST',
          path: r.path,
          body: r.body,
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-signalwire-signature': r.signature },
        };
      },
    },
  ];
} else if (amount) {
  opts.amount = amount;
} else {
  opts.duration = duration;
}
const result = await autocannon(opts);
process.stdout.write(
  JSON.stringify({
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    durationSec: result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    rpsAverage: result.requests.average,
  }) + '\n',
);
