#!/usr/bin/env node
// The `dialerseat` command: runs src/main.ts through tsx (no build step, as `npm start` does) with one of its commands.
// Configuration is the environment, read by src/config.ts; the web app must be built first (`npm run build:web`).
import { spawn } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const COMMANDS = ['serve', 'worker', 'migrate', 'rebuild-rollups'];

export const USAGE = `Usage: dialerseat [serve | worker | migrate | rebuild-rollups]

  serve            (the default) the web app, the API, the provider webhooks and,
                   unless JOBS_IN_PROCESS=false, the background jobs
  worker           only the background jobs (beside web nodes that set JOBS_IN_PROCESS=false)
  migrate          apply the database migrations and exit
  rebuild-rollups  recompute the reports' call rollups from the calls, print how many
                   hourly buckets and daily rows disagreed before, and exit (safe while serving)

Settings come from environment variables; README.md lists them.`;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * V8's memory-saving mode for the long-running server and worker processes. Left alone, V8 lets the heap grow to
 * about three times what is live before a full collection: a web node taking a lead-drip burst reached 360 MB
 * resident with about 80 MB live. This mode collects sooner (bench:ingest: 161 MB) without a hard ceiling — a fixed
 * old-space budget of 176 MB did the same for the drip but made a 1,000,000-row workbook import run out of memory
 * (its shared-strings table alone needs ~300 MB). bench:ingest starts the app with the same flags.
 */
export const HEAP_FLAGS = ['--optimize-for-size'];

/** The node flags of a long-running command's process (none for the one-off commands). */
export function heapFlags(command) {
  return command === 'serve' || command === 'worker' ? [...HEAP_FLAGS] : [];
}

/**
 * What these arguments ask for: the usage text (with the exit code) or the node arguments that run the command.
 * Anything else is refused rather than served: src/main.ts would treat an unknown word as `serve`.
 */
export function plan(args) {
  const [command = 'serve', ...rest] = args;
  if (command === '--help' || command === '-h' || command === 'help') return { kind: 'usage', exitCode: 0 };
  if (!COMMANDS.includes(command))
    return { kind: 'usage', exitCode: 2, error: `dialerseat: unknown command "${command}"` };
  if (rest.length > 0)
    return { kind: 'usage', exitCode: 2, error: `dialerseat ${command}: takes no arguments (got "${rest.join(' ')}")` };
  const tsxCli = createRequire(import.meta.url).resolve('tsx/cli');
  return { kind: 'run', nodeArgs: [tsxCli, ...heapFlags(command), path.join(root, 'src', 'main.ts'), command] };
}

function main() {
  const p = plan(process.argv.slice(2));
  if (p.kind === 'usage') {
    if (p.error) console.error(`${p.error}\n`);
    (p.exitCode === 0 ? console.log : console.error)(USAGE);
    process.exit(p.exitCode);
  }
  const child = spawn(process.execPath, p.nodeArgs, { stdio: 'inherit' });
  // The server shuts down cleanly on SIGINT/SIGTERM: pass them on and leave with the child's exit status.
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

// Run only as the command (npm links it from node_modules/.bin), not when a test imports plan().
if (process.argv[1] && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url))) main();
