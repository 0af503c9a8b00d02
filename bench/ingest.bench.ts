// Lead-drip throughput. LEADS generated leads (mixed field names as vendors send them, mixed phone formats, consent
// fields on some, 1 % repeated numbers, 1 % invalid phones) are posted to a campaign's drip URL of a running
// DialerSeat — its own process, started as `dialerseat serve` starts it, real HTTP, the real route — in requests of
// 1,000 leads by 8 concurrent senders. Baseline, in the same run: PostgreSQL COPY FROM STDIN of the leads the drip
// should create, already normalised, into an identical table (what bench:import compares with). At the end the
// database must hold exactly the leads sent minus the deliberate repeats and invalid ones, and each answer's counts
// must say the same. Targets: rows/s ≥ 0.5 × baseline; peak RSS of the app process ≤ 300 MB.
//
// Run: npm run bench:ingest (1,000,000 leads) · npm run bench:ingest:small (100,000) · or
//      npx tsx bench/ingest.bench.ts <leads>. DATABASE_URL set: that server instead of an embedded one.
//      BENCH_APP_NODE_ARGS: extra node flags for the app process (e.g. --trace-gc; its output is then shown).

import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { heapFlags } from '../bin/dialerseat.mjs';
import { enableLeadDrip } from '../src/app/campaigns/manage-lead-drip';
import type { AppDeps } from '../src/app/deps';
import { cleanCell, storableLead } from '../src/core/imports/rows';
import { normaliseRow } from '../src/core/leads';
import { jsonLeadCells } from '../src/core/leads/json-lead';
import { freePort } from '../src/db/embedded';
import { copyBaseline, copyLine } from './copy-baseline';
import { AREAS, insertBenchCampaign, openLeadBench } from './lead-bench-setup';

const LEADS = Number(process.argv[2] ?? 1_000_000);
const PER_REQUEST = 1000;
const SENDERS = 8;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// ——— the leads: a pure function of their index, so the baseline and the senders make the same ones ———

/** A small hash → [0, 1): the same number for the same (index, salt) on every run. */
function unit(i: number, salt: number) {
  let x = Math.imul(i ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(salt, 0xc2b2ae35);
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  return ((x ^ (x >>> 16)) >>> 0) / 4294967296;
}
const pickAt = <T>(xs: readonly T[], i: number, salt: number) => xs[Math.floor(unit(i, salt) * xs.length)]!;

const FIRST = ['James', 'Mary', 'Robert', 'Patricia', 'José', 'María', 'Zoë', 'Renée', 'Wei', 'Aaliyah'];
const LAST = ['Smith', 'Johnson', 'García', "O'Brien", 'Nguyen', 'Müller', 'van der Berg'];
const SOURCES = ['Facebook form', 'Google ads', 'Partner list', 'Web form'];

type Kind = 'new' | 'repeat' | 'invalid';
const kindOf = (i: number): Kind => {
  const r = unit(i, 1);
  return r < 0.01 ? 'invalid' : r < 0.02 && i > 0 ? 'repeat' : 'new';
};

/** The number a 'new' lead at this index has: distinct for every index (area by index, then exchange and line). */
function numberOf(i: number): [string, string, string] {
  const area = AREAS[i % AREAS.length]!;
  const rest = Math.floor(i / AREAS.length);
  return [area[0], String(200 + Math.floor(rest / 10000)), String(rest % 10000).padStart(4, '0')];
}

/** An earlier 'new' lead whose number a repeat sends again (possibly in the same request, possibly in another). */
function repeatedIndex(i: number): number {
  let j = i - 1 - Math.floor(unit(i, 2) * 3000);
  if (j < 0) j = 0;
  while (j > 0 && kindOf(j) !== 'new') j--;
  return j;
}

function formatPhone([area, exch, line]: [string, string, string], i: number): string {
  switch (Math.floor(unit(i, 3) * 6)) {
    case 0:
      return `(${area}) ${exch}-${line}`;
    case 1:
      return `${area}-${exch}-${line}`;
    case 2:
      return `+1 ${area} ${exch} ${line}`;
    case 3:
      return `1${area}${exch}${line}`;
    case 4:
      return `+1${area}${exch}${line}`;
    default:
      return `${area}.${exch}.${line}`;
  }
}

/**
 * The JSON lead at index i, in one of the shapes vendors send (the drip's aliases map them). A repeat is the earlier
 * lead again with its number written another way, so whichever of the two the database takes first, it stores the
 * same lead with the same consent (concurrent requests may finish in any order).
 */
function leadAt(i: number): Record<string, unknown> {
  const kind = kindOf(i);
  const number = numberOf(kind === 'repeat' ? repeatedIndex(i) : i);
  const phone = kind === 'invalid' ? pickAt(['555-12', '12345', 'n/a', '000-000-0000'], i, 4) : formatPhone(number, i);
  return shapedLead(kind === 'repeat' ? repeatedIndex(i) : i, phone, number);
}

function shapedLead(i: number, phone: string, number: [string, string, string]): Record<string, unknown> {
  const area = AREAS.find((a) => a[0] === number[0])!;
  const first = pickAt(FIRST, i, 5);
  const last = pickAt(LAST, i, 6);
  const email = `${first.toLowerCase().replace(/[^a-z]/g, '')}.${i}@example.com`;
  const zip = `${area[2]}${String(i % 100).padStart(2, '0')}`;
  const consent =
    unit(i, 7) < 0.3
      ? {
          consent_date: '2026-11-30T14:05:00Z',
          trustedform_cert_url: `https://cert.trustedform.com/${(i * 2654435761).toString(16).padStart(12, '0')}`,
        }
      : {};
  switch (i % 3) {
    case 0:
      return { first_name: first, last_name: last, phone, email, state: area[1], zip, tags: ['drip', 'bench'] };
    case 1:
      return {
        'Full Name': `${first} ${last}`,
        Mobile: phone,
        'E-mail': email,
        State: area[1],
        'Postal Code': zip,
        'Lead Source': pickAt(SOURCES, i, 8),
        ...consent,
      };
    default:
      return {
        firstName: first,
        lastName: last,
        cell: phone,
        emailAddress: email,
        zip_code: zip,
        custom: { score: Math.floor(unit(i, 9) * 100), campaign_ref: `ref-${i % 97}` },
        ...consent,
      };
  }
}
const hasConsent = (i: number) => i % 3 !== 0 && unit(i, 7) < 0.3;

/** The request body of request r: an array, or the array under "leads", as vendors do both. */
function requestBody(r: number): string {
  const leads: Record<string, unknown>[] = [];
  for (let i = r * PER_REQUEST; i < Math.min(LEADS, (r + 1) * PER_REQUEST); i++) leads.push(leadAt(i));
  return JSON.stringify(r % 2 === 0 ? leads : { leads });
}

// ——— the baseline's input: what the drip should store, normalised as it normalises ———

async function writeBaseline(file: string, zonesFor: (e164: string) => readonly string[]) {
  const out = createWriteStream(file);
  const expected = { created: 0, duplicate: 0, invalid: 0, consents: 0 };
  let buf = '';
  for (let i = 0; i < LEADS; i++) {
    const kind = kindOf(i);
    if (kind !== 'new') {
      expected[kind === 'repeat' ? 'duplicate' : 'invalid']++;
      continue;
    }
    const lead = leadAt(i);
    delete lead.consent_date;
    delete lead.trustedform_cert_url;
    const { cells, mapping } = jsonLeadCells(lead);
    const n = normaliseRow(
      cells.map((c) => cleanCell(c)),
      mapping,
      { defaultCountry: 'US', zonesFor },
    );
    if (!n.ok) throw new Error(`generator made lead ${i} invalid by mistake: ${JSON.stringify(lead)}`);
    buf += copyLine(storableLead(n.lead));
    expected.created++;
    if (hasConsent(i)) expected.consents++;
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await new Promise<void>((r) => out.once('drain', () => r()));
      buf = '';
    }
  }
  out.end(buf);
  await finished(out);
  return expected;
}

// ——— the app, in its own process ———

async function startApp(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    process.execPath,
    [
      // The V8 flags `dialerseat serve` gives the app (bin/dialerseat.mjs).
      ...heapFlags('serve'),
      ...(process.env.BENCH_APP_NODE_ARGS ?? '').split(' ').filter(Boolean),
      '--import',
      'tsx',
      path.join(root, 'src', 'main.ts'),
      'serve',
    ],
    {
      cwd: root,
      env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', PUBLIC_BASE_URL: url },
      stdio: ['ignore', process.env.BENCH_APP_NODE_ARGS ? 'inherit' : 'ignore', 'inherit'],
    },
  );
  let exited = false;
  child.once('exit', () => (exited = true));
  // Ready when /healthz answers (polled; the process may take a few seconds to load the phone-zone tables).
  for (;;) {
    if (exited) throw new Error('the app process exited before it was ready');
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { child, url };
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The peak resident set of a process so far (Linux: VmHWM). */
function peakRssMb(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

// ——— run ———

async function main() {
  const bench = await openLeadBench('ingest');
  const { dir, databaseUrl, database, pool, phoneZones } = bench;
  let app: ChildProcess | null = null;
  try {
    const copyPath = path.join(dir, 'leads.copy');
    let t = performance.now();
    const expected = await writeBaseline(copyPath, (e) => phoneZones.zonesFor(e));
    console.log(
      `generated ${LEADS.toLocaleString('en-US')} leads in ${((performance.now() - t) / 1000).toFixed(1)} s: ` +
        `${expected.created} new, ${expected.duplicate} repeated numbers, ${expected.invalid} invalid, ${expected.consents} with consent`,
    );

    const { scope, campaignId } = await insertBenchCampaign(pool);
    const { teamId } = scope;
    const drip = await enableLeadDrip(
      { db: database.db, clock: { now: () => new Date() }, settings: { publicBaseUrl: '' } } as unknown as AppDeps,
      scope,
      campaignId,
    );
    const dripPath = drip.url; // '/ingest/leads/<token>' (no base URL given)

    const started = await startApp({
      DATABASE_URL: databaseUrl,
      DATA_DIR: path.join(dir, 'app'),
      LOG_LEVEL: 'warn',
      // A web node: background jobs run elsewhere.
      JOBS_IN_PROCESS: 'false',
      // One vendor pushing a million leads: the per-URL limit is raised for the run, as a team would ask for.
      DRIP_RATE_LIMIT_PER_MINUTE: '1000000',
    });
    app = started.child;
    const idleRss = peakRssMb(app.pid!);

    // 8 senders take the next request number until all are sent; each answer's counts are added up.
    const requests = Math.ceil(LEADS / PER_REQUEST);
    const got = { created: 0, updated: 0, duplicate: 0, invalid: 0, dnc: 0 };
    let next = 0;
    t = performance.now();
    await Promise.all(
      Array.from({ length: SENDERS }, async () => {
        for (let r = next++; r < requests; r = next++) {
          const res = await fetch(`${started.url}${dripPath}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: requestBody(r),
          });
          const text = await res.text();
          if (res.status !== 200) throw new Error(`request ${r}: ${res.status} ${text.slice(0, 300)}`);
          const counts = (JSON.parse(text) as { counts: typeof got }).counts;
          for (const k of Object.keys(got) as (keyof typeof got)[]) got[k] += counts[k];
        }
      }),
    );
    const oursS = (performance.now() - t) / 1000;
    const peakRss = peakRssMb(app.pid!);
    const rowsPerS = LEADS / oursS;
    console.log(
      `drip: ${requests} requests × ${PER_REQUEST} leads by ${SENDERS} senders in ${oursS.toFixed(1)} s → ${Math.round(rowsPerS).toLocaleString('en-US')} leads/s; app peak RSS ${peakRss.toFixed(0)} MB (${idleRss.toFixed(0)} MB when ready)`,
    );
    console.log(`      answers: ${JSON.stringify(got)}`);

    const stored = await pool.query<{ leads: number; consents: number; deliveries: number }>(
      `select (select count(*)::int from leads where campaign_id = $1) as leads,
              (select count(*)::int from lead_consents where team_id = $2) as consents,
              (select count(*)::int from lead_drip_deliveries where campaign_id = $1 and status = 200) as deliveries`,
      [campaignId, teamId],
    );
    const s = stored.rows[0]!;
    const problems = [
      s.leads !== expected.created && `database holds ${s.leads} leads, expected ${expected.created}`,
      got.created !== expected.created && `answers say ${got.created} created, expected ${expected.created}`,
      got.duplicate !== expected.duplicate && `answers say ${got.duplicate} duplicates, expected ${expected.duplicate}`,
      got.invalid !== expected.invalid && `answers say ${got.invalid} invalid, expected ${expected.invalid}`,
      s.consents !== expected.consents && `database holds ${s.consents} consent records, expected ${expected.consents}`,
      s.deliveries !== requests && `drip log holds ${s.deliveries} deliveries, expected ${requests}`,
    ].filter(Boolean);
    if (problems.length > 0) throw new Error(problems.join('; '));
    console.log(`      database: ${s.leads} leads, ${s.consents} consent records, ${s.deliveries} logged deliveries ✓`);

    app.kill('SIGTERM');
    await new Promise((r) => app!.once('exit', r));
    app = null;

    // Baseline: COPY of the leads the drip created, normalised, into an identical table with the same indexes.
    const baseline = await copyBaseline(pool, teamId, campaignId, copyPath);
    if (baseline.rows !== expected.created)
      throw new Error(`baseline copied ${baseline.rows}, expected ${expected.created}`);
    const baselinePerS = LEADS / baseline.seconds;
    console.log(
      `baseline COPY: ${baseline.rows.toLocaleString('en-US')} rows in ${baseline.seconds.toFixed(1)} s → ${Math.round(baselinePerS).toLocaleString('en-US')} input rows/s`,
    );
    console.log(
      JSON.stringify({
        bench: 'ingest',
        leads: LEADS,
        rows_per_s: Math.round(rowsPerS),
        baseline_rows_per_s: Math.round(baselinePerS),
        ratio: Math.round((rowsPerS / baselinePerS) * 100) / 100,
        peak_rss_mb: Math.round(peakRss),
      }),
    );
  } finally {
    if (app) {
      app.kill('SIGTERM');
      await new Promise((r) => app!.once('exit', r));
    }
    await bench.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
