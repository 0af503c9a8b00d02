// Lead import throughput. Generates ROWS realistic lead rows (mixed phone formats, quoted
// cells with commas and line breaks, 2 % repeated numbers, 1 % invalid phones, custom columns) and
// imports them through the app's own code path: the streaming upload (sniff, scan, write to disk),
// then the import job (parse, normalise, dedupe, DNC, staging table + merge per batch with its
// cursor). Baseline, in the same run: PostgreSQL COPY FROM STDIN of the already-normalised,
// de-duplicated rows into an identical table (same columns, same unique and other indexes).
// Targets: rows/s ≥ 0.5 × baseline (aim 0.8 ×); peak RSS ≤ 300 MB and flat with file size.
//
// Run: npm run bench:import  (1,000,000 rows) · npm run bench:import:small (50,000) · or
//      npx tsx bench/import.bench.ts <rows>. DATABASE_URL set: that server instead of an embedded one.

import { createReadStream, createWriteStream, statSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { spawnSync } from 'node:child_process';
import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { createLocalImportFiles } from '../src/adapters/local-files/local-import-files';
import { createGeoCarrierPhoneZones } from '../src/adapters/phone-zones/geo-carrier';
import type { AppDeps } from '../src/app/deps';
import { runImport } from '../src/app/leads/imports/run-import';
import { startImport } from '../src/app/leads/imports/start-import';
import { uploadImport } from '../src/app/leads/imports/upload-import';
import { normaliseRow, proposeMapping } from '../src/core/leads';
import { copyBaseline, copyLine } from './copy-baseline';
import { AREAS, insertBenchCampaign, openLeadBench } from './lead-bench-setup';

const GENERATE = process.argv[2] === '--generate';
const ROWS = Number((GENERATE ? process.argv[3] : process.argv[2]) ?? 1_000_000);
const BATCH_ROWS = 5000;

// ——— realistic rows ———

// mulberry32: small, fast, and the same rows on every run.
let seed = 42;
function rand() {
  seed = (seed + 0x6d2b79f5) | 0;
  let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
  return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
const FIRST = [
  'James',
  'Mary',
  'Robert',
  'Patricia',
  'John',
  'Jennifer',
  'Michael',
  'Linda',
  'David',
  'Elizabeth',
  'José',
  'María',
  'Zoë',
  'Renée',
  'Wei',
  'Aaliyah',
];
const LAST = [
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Jones',
  'García',
  'Miller',
  'Davis',
  "O'Brien",
  'Nguyen',
  'Müller',
  'van der Berg',
];
const CITIES = ['Springfield', 'Riverside', 'Fairview', 'Madison', 'Georgetown', 'Salem', 'Clinton', 'Franklin'];
const SOURCES = ['Web form', 'Referral', 'Trade show', 'Cold list', 'Partner'];
const NOTES = [
  '',
  '',
  '',
  'Asked for a call back',
  '"Left msg, will retry"',
  '"Spoke to assistant,\nask for the owner"',
  'Interested in Q3',
];

function formatPhone(area: string, exch: string, line: string): string {
  switch (Math.floor(rand() * 8)) {
    case 0:
      return `(${area}) ${exch}-${line}`;
    case 1:
      return `${area}-${exch}-${line}`;
    case 2:
      return `${area}.${exch}.${line}`;
    case 3:
      return `+1 ${area} ${exch} ${line}`;
    case 4:
      return `1${area}${exch}${line}`;
    case 5:
      return `${area}${exch}${line}`;
    case 6:
      return `+1${area}${exch}${line}`;
    default:
      return `"(${area}) ${exch}-${line} x${Math.floor(rand() * 900) + 100}"`;
  }
}

const HEADER = 'First Name,Last Name,Phone,Email,Address,City,State,Zip,Lead Source,Score,Notes';

/** Writes the CSV (what users upload) and the baseline's input: the same rows normalised, as COPY text. */
async function generate(csvPath: string, copyPath: string, zonesFor: (e: string) => readonly string[]) {
  const csv = createWriteStream(csvPath);
  const copy = createWriteStream(copyPath);
  const mapping = proposeMapping(HEADER.split(','), []);
  const seen = new Set<string>();
  const recent: [string, string, string][] = [];
  let baselineRows = 0;
  let csvBuf = `${HEADER}\r\n`;
  let copyBuf = '';
  for (let i = 0; i < ROWS; i++) {
    const r = rand();
    let phone: string;
    let area = pick(AREAS);
    if (r < 0.01) phone = pick(['555-12', '12345', 'n/a', '000-000-0000', '+1 (999) 555-0100']);
    else if (r < 0.03 && recent.length > 0) {
      const [a, e, l] = pick(recent);
      area = AREAS.find((x) => x[0] === a) ?? area;
      phone = formatPhone(a, e, l);
    } else {
      const exch = String(200 + Math.floor(rand() * 800));
      const line = String(Math.floor(rand() * 10000)).padStart(4, '0');
      phone = formatPhone(area[0], exch, line);
      if (recent.length < 5000) recent.push([area[0], exch, line]);
      else recent[Math.floor(rand() * 5000)] = [area[0], exch, line];
    }
    const first = pick(FIRST);
    const last = pick(LAST);
    const cells = [
      first,
      last,
      phone,
      rand() < 0.8 ? `${first.toLowerCase().replace(/[^a-z]/g, '')}.${i}@example.com` : '',
      `"${100 + Math.floor(rand() * 9000)} ${pick(['Main St', 'Oak Ave', 'Pine Rd'])}, Apt ${1 + Math.floor(rand() * 40)}"`,
      pick(CITIES),
      area[1],
      `${area[2]}${String(Math.floor(rand() * 100)).padStart(2, '0')}`,
      pick(SOURCES),
      String(Math.floor(rand() * 100)),
      pick(NOTES),
    ];
    csvBuf += `${cells.join(',')}\r\n`;

    // The baseline gets exactly the leads the import will create, already normalised.
    const plain = cells.map((c) => (c.startsWith('"') ? c.slice(1, -1).replace(/""/g, '"') : c));
    const n = normaliseRow(plain, mapping, { defaultCountry: 'US', zonesFor });
    if (n.ok && !seen.has(n.lead.phone)) {
      seen.add(n.lead.phone);
      copyBuf += copyLine(n.lead);
      baselineRows++;
    }
    if (csvBuf.length > 1 << 20) {
      if (!csv.write(csvBuf)) await new Promise<void>((r) => csv.once('drain', () => r()));
      if (!copy.write(copyBuf)) await new Promise<void>((r) => copy.once('drain', () => r()));
      csvBuf = '';
      copyBuf = '';
    }
  }
  csv.end(csvBuf);
  copy.end(copyBuf);
  await Promise.all([finished(csv), finished(copy)]);
  return baselineRows;
}

// ——— run ———

function rssSampler() {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  return () => {
    clearInterval(timer);
    return Math.max(peak, process.memoryUsage().rss);
  };
}

async function main() {
  const bench = await openLeadBench('import');
  const { dir, database, pool, phoneZones } = bench;
  try {
    const csvPath = path.join(dir, 'leads.csv');
    const copyPath = path.join(dir, 'leads.copy');
    let t = performance.now();
    // Generated in a child process, so this process's peak RSS is the import's alone.
    const child = spawnSync(
      process.execPath,
      [...process.execArgv, fileURLToPath(import.meta.url), '--generate', String(ROWS), csvPath, copyPath],
      { encoding: 'utf8' },
    );
    if (child.status !== 0) throw new Error(`generator failed: ${child.stderr}`);
    const baselineRows = Number(child.stdout.trim().split('\n').at(-1));
    const bytes = statSync(csvPath).size;
    console.log(
      `generated ${ROWS} rows, ${(bytes / 1e6).toFixed(0)} MB in ${((performance.now() - t) / 1000).toFixed(1)} s; ${baselineRows} distinct valid leads`,
    );

    const { scope, campaignId } = await insertBenchCampaign(pool);
    const deps = {
      db: database.db,
      clock: { now: () => new Date() },
      log: { info() {}, warn() {}, error: (o: unknown, m?: string) => console.error(m, o), debug() {} },
      queue: { send: async () => {} },
      importFiles: createLocalImportFiles(path.join(dir, 'imports')),
      phoneZones,
      imports: { maxFileBytes: 4 * 1024 ** 3, batchRows: BATCH_ROWS },
    } as unknown as AppDeps;

    // Ours: upload (stream to disk with sniff + scan), then the import job, as the app runs them.
    global.gc?.();
    const baseRss = process.memoryUsage().rss / 1024 / 1024;
    const stopRss = rssSampler();
    t = performance.now();
    const upload = await uploadImport(deps, scope, {
      campaignId,
      fileName: 'leads.csv',
      declaredBytes: bytes,
      body: Readable.toWeb(createReadStream(csvPath, { highWaterMark: 256 * 1024 })) as ReadableStream<Uint8Array>,
    });
    if (!upload.ok) throw new Error(`upload refused: ${upload.message}`);
    const uploadS = (performance.now() - t) / 1000;
    await startImport(deps, scope, upload.import.id, { mapping: upload.import.mapping, duplicatePolicy: 'skip' });
    t = performance.now();
    const run = await runImport(deps, { importId: upload.import.id });
    const importS = (performance.now() - t) / 1000;
    const peakRss = stopRss() / 1024 / 1024;
    if (run.outcome !== 'done') throw new Error(`import ${run.outcome}: ${run.detail}`);
    const result = (
      await pool.query('select rows_done, imported, duplicates, invalid, dnc from imports where id = $1', [
        upload.import.id,
      ])
    ).rows[0];
    const oursS = uploadS + importS;
    const rowsPerS = ROWS / oursS;
    console.log(
      `ours: upload ${uploadS.toFixed(1)} s + import ${importS.toFixed(1)} s = ${oursS.toFixed(1)} s → ${Math.round(rowsPerS).toLocaleString('en-US')} rows/s; peak RSS ${peakRss.toFixed(0)} MB (${baseRss.toFixed(0)} MB before the upload)`,
    );
    console.log(`      ${JSON.stringify(result)}`);
    if (Number(result.imported) !== baselineRows)
      throw new Error(`imported ${result.imported}, expected ${baselineRows}`);

    // Baseline: COPY of the normalised rows into an identical table with the same indexes.
    const baseline = await copyBaseline(pool, scope.teamId, campaignId, copyPath);
    const baselineS = baseline.seconds;
    const copied = baseline.rows;
    if (copied !== baselineRows) throw new Error(`baseline copied ${copied}, expected ${baselineRows}`);
    const baselinePerS = ROWS / baselineS;
    console.log(
      `baseline COPY: ${copied.toLocaleString('en-US')} rows in ${baselineS.toFixed(1)} s → ${Math.round(baselinePerS).toLocaleString('en-US')} input rows/s`,
    );
    console.log(
      JSON.stringify({
        bench: 'import',
        rows: ROWS,
        rows_per_s: Math.round(rowsPerS),
        baseline_rows_per_s: Math.round(baselinePerS),
        ratio: Math.round((rowsPerS / baselinePerS) * 100) / 100,
        peak_rss_mb: Math.round(peakRss),
      }),
    );
  } finally {
    await bench.close();
  }
}

async function generateOnly() {
  const phoneZones = await createGeoCarrierPhoneZones();
  console.log(await generate(process.argv[4]!, process.argv[5]!, (e) => phoneZones.zonesFor(e)));
}

(GENERATE ? generateOnly() : main()).catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
