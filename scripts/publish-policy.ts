// npm run policy:publish -- --version 2027-01 --effective 2027-01-05 --summary "What changes, in a sentence or two"
// Publishes a privacy-policy version (effective ≥ 30 days ahead) and e-mails every registered user.
// Against the embedded database, stop the server first (or use the Operator page in the app instead).
import { parseArgs } from 'node:util';
import {
  NOTIFY_POLICY_JOB,
  policyVersionSchema,
  publishPolicyVersion,
} from '../src/app/privacy/publish-policy-version';
import { loadConfig } from '../src/config';
import { jobs } from '../src/jobs/registry';
import { drainQueue } from '../src/jobs/runner';
import { startDialerSeat } from '../src/main';

const { values } = parseArgs({
  options: { version: { type: 'string' }, effective: { type: 'string' }, summary: { type: 'string' } },
});
const input = policyVersionSchema.safeParse({
  version: values.version,
  summary: values.summary,
  effectiveAt: values.effective,
});
if (!input.success) {
  console.error('Usage: npm run policy:publish -- --version 2027-01 --effective YYYY-MM-DD --summary "…"');
  console.error(input.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'));
  process.exit(2);
}
const config = { ...loadConfig(), JOBS_IN_PROCESS: false, LOG_LEVEL: 'warn' as const };
const running = await startDialerSeat(config, { listen: false }).catch((err: unknown) => {
  console.error(`Could not open the database (${err instanceof Error ? err.message : String(err)}).`);
  console.error('If the server is running on the embedded database, use Operator → Privacy policy in the app instead.');
  process.exit(1);
});
try {
  const v = await publishPolicyVersion(running.deps, input.data);
  const def = jobs.find((j) => j.id === NOTIFY_POLICY_JOB)!;
  await drainQueue(running.jobs!.boss, running.deps, def);
  console.log(`Published ${v.version}, effective ${v.effectiveAt.toISOString().slice(0, 10)}; users notified.`);
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
} finally {
  await running.stop();
}
