// The product as a child process of a test (for kill -9 tests), configured from the environment like `npm start`,
// with its clock shifted by argv[2] milliseconds so that the test can run it inside calling hours at any real hour.
import { loadConfig } from '../../src/config';
import { startDialerSeat } from '../../src/main';

const offsetMs = Number(process.argv[2] ?? '0');
if (!Number.isFinite(offsetMs))
  throw new Error(`clock offset must be a number of milliseconds, got ${process.argv[2]}`);
await startDialerSeat(loadConfig(), { clock: { now: () => new Date(Date.now() + offsetMs) } });
