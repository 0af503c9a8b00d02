// Phone normalisation throughput, the lead import's per-row bottleneck (docs/design.md, "Import").
// 1,000,000 generated lead-file phone cells, normalised by normalisePhone (NANP fast path, its
// prefix table cold at the start, so learning is included) and by libphonenumber alone (the
// baseline); both must give identical results. The mix: 90% US numbers of real area codes and
// random exchanges (~400k distinct NPA-NXX, more than a real list has) in 20 written forms, 3%
// foreign, 3% blanks and junk, 4% random digits. Foreign numbers and junk with digits take the
// library on both sides and bound the ratio (Amdahl); on NANP rows alone the gain is larger, and
// larger still once the prefix table is warm (a long-lived process keeps it between imports).
// Run: npx tsx bench/phone-normalise.bench.ts [rows]

import { normalisePhone, normalisePhoneWithLibrary } from '../src/core/leads/phone';
import type { PhoneResult } from '../src/core/leads/phone';
import { seededRandom } from '../src/adapters/simulator/random';

const ROWS = Number(process.argv[2] ?? 1_000_000);

// The simulator's seeded generator (mulberry32): a seeded generator, so every run normalises the same rows.
const random = seededRandom(20240611);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const digits = (n: number) => String(Math.floor(random() * 10 ** n)).padStart(n, '0');

// Area codes in service, asked of the library once (not timed).
const areaCodes: string[] = [];
for (let npa = 200; npa <= 999; npa++) if (normalisePhoneWithLibrary(`+1${npa}2345678`).ok) areaCodes.push(String(npa));

const forms: ReadonlyArray<(a: string, b: string, c: string) => string> = [
  (a, b, c) => `(${a}) ${b}-${c}`,
  (a, b, c) => `${a}-${b}-${c}`,
  (a, b, c) => `${a}.${b}.${c}`,
  (a, b, c) => `${a} ${b} ${c}`,
  (a, b, c) => `+1 ${a} ${b} ${c}`,
  (a, b, c) => `1-${a}-${b}-${c}`,
  (a, b, c) => `+1${a}${b}${c}`,
  (a, b, c) => `001 ${a} ${b} ${c}`,
  (a, b, c) => `${a}${b}${c}`,
  (a, b, c) => `1 (${a}) ${b}-${c}`,
  (a, b, c) => `tel:+1-${a}-${b}-${c}`,
  (a, b, c) => `${a}-${b}-${c} x123`,
  (a, b, c) => `(${a}) ${b}-${c} ext. 45`,
  (a, b, c) => ` ${a}-${b}-${c} `,
  (a, b, c) => `${a}\u00a0${b}\u00a0${c}`,
  (a, b, c) => `${a}\u2013${b}\u2013${c}`,
  (a, b, c) => `${a}/${b}-${c}`,
  (a, b, c) => `+1 (${a}) ${b}-${c}`,
  (a, b, c) => `1.${a}.${b}.${c}`,
  (a, b, c) => `${a}${b}${c}`,
];

/** A lead-file phone cell: mostly US numbers in any form, some foreign, some junk. */
function cell(): string {
  const r = random();
  if (r < 0.9) return pick(forms)(pick(areaCodes), String(200 + Math.floor(random() * 800)), digits(4));
  if (r < 0.93) return pick(['+44 20 7946 ', '+49 30 ', '+61 2 9', '+33 1 42 68 ']) + digits(4) + digits(3);
  if (r < 0.96) return pick(['', ' ', 'n/a', '555-1234', '12345']);
  return digits(10); // random digits: many unassigned area codes
}

const input = Array.from({ length: ROWS }, cell);
const prefixes = new Set(input.map((s) => s.replace(/\D/g, '').slice(-10, -4))).size;

// Rates are per CPU-second of this process (user + system): the machines this runs on are shared,
// and wall-clock time there measures the neighbours as much as the code. Wall-clock is shown too.
function run(label: string, normalise: (raw: string) => PhoneResult): { perSecond: number; results: PhoneResult[] } {
  const results = new Array<PhoneResult>(input.length);
  const wall0 = performance.now();
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < input.length; i++) results[i] = normalise(input[i] ?? '');
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const wallSeconds = (performance.now() - wall0) / 1000;
  const perSecond = Math.round(input.length / cpuSeconds);
  const wallPerSecond = Math.round(input.length / wallSeconds);
  console.log(
    `${label.padEnd(28)} ${perSecond.toLocaleString('en-US').padStart(11)} rows/CPU-s (${cpuSeconds.toFixed(2)} s)` +
      `  ${wallPerSecond.toLocaleString('en-US').padStart(11)} rows/wall-s (${wallSeconds.toFixed(2)} s)`,
  );
  return { perSecond, results };
}

// Warm the library's code up (not its answers: the fast path's table stays cold).
for (let i = 0; i < 20_000; i++) normalisePhoneWithLibrary(cell());

console.log(
  `${ROWS.toLocaleString('en-US')} phone cells, ${areaCodes.length} area codes, ~${prefixes.toLocaleString('en-US')} NPA-NXX prefixes`,
);
const baseline = run('libphonenumber alone', (raw) => normalisePhoneWithLibrary(raw));
const fast = run('normalisePhone (fast path)', (raw) => normalisePhone(raw));

let mismatches = 0;
for (let i = 0; i < input.length; i++) {
  if (JSON.stringify(baseline.results[i]) !== JSON.stringify(fast.results[i])) mismatches++;
}
const valid = fast.results.filter((r) => r.ok).length;
console.log(`valid ${valid.toLocaleString('en-US')}, results differing from the library: ${mismatches}`);
if (mismatches > 0) process.exitCode = 1;

console.log(
  JSON.stringify({
    bench: 'phone-normalise',
    rows: ROWS,
    rows_per_s: fast.perSecond,
    baseline_rows_per_s: baseline.perSecond,
    ratio: Math.round((fast.perSecond / baseline.perSecond) * 10) / 10,
  }),
);
