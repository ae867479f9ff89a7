// Run on demand (never part of `npm test`):
//   npx ts-node --transpile-only bench/export.ts
// Needs PostgreSQL, Redis and psql on this machine (BENCH_PG_URL, default
// postgres://postgres@127.0.0.1:5432/postgres; REDIS_URL, default redis://127.0.0.1:6379). Builds the
// server first (npm run build:server): the export runs in a worker process started from dist/, as in
// production, so its memory is the worker's own and not ts-node's.
//
// BENCH_SUBMISSIONS (1,000,000) record submissions of a UMKM-like theme (about 350 bytes a row) are
// loaded, then in one run:
// (a) psql: `\copy (SELECT * FROM submission WHERE theme_id = …) TO STDOUT` of those rows (best of 3);
// (b) CSV: POST /api/exports through the API (loopback HTTP); the worker's job streams it with COPY into
//     DATA_DIR in an export process of its own, then the file is downloaded through the API. Rows/s
//     from the POST to the job's end, and the export process's peak RSS (VmHWM, sampled while it runs;
//     the worker's own beside it). Target: ≥ 0.5 × psql's rows/s, peak RSS ≤ 150 MB;
// (c) XLSX: the same rows through a cursor into ExcelJS's streaming writer. Target ≥ 50,000 rows/s.
import 'reflect-metadata';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { hashPassword } from '../server/src/modules/auth/auth.service';
import type { ThemeDefinition } from '../schemas/theme-definition';
import { Bench, fmt, publish, ROOT, setUp, startWorkers, tearDown, workerNodeOptions } from './support';

const SUBMISSIONS = Number(process.env.BENCH_SUBMISSIONS ?? 1_000_000);
const PASSWORD = 'bench-kata-sandi-1';

const theme: ThemeDefinition = {
  slug: 'bench-ekspor',
  title: 'Bench ekspor',
  unit: 'record',
  regionLevel: 'kelurahan',
  period: 'month',
  sensitivity: 'personal',
  personalFields: ['/nama_pemilik', '/nik_pemilik'],
  schema: {
    type: 'object',
    required: ['nama_usaha', 'sektor', 'tenaga_kerja'],
    additionalProperties: false,
    properties: {
      nama_usaha: { type: 'string', maxLength: 100 },
      nama_pemilik: { type: 'string', maxLength: 100 },
      nik_pemilik: { type: 'string', pattern: '^[0-9]{16}$' },
      sektor: { type: 'string', enum: ['kuliner', 'kerajinan', 'jasa', 'perdagangan'] },
      tenaga_kerja: { type: 'integer', minimum: 0, maximum: 1000 },
      omzet_tahunan: { type: 'number', minimum: 0 },
      memiliki_nib: { type: 'boolean' },
      alamat: { type: 'string', maxLength: 200 },
    },
  },
  aggregations: [{ key: 'jumlah_umkm', title: 'Jumlah UMKM', op: 'count' }],
};

/** Peak RSS of a process since it was last reset, in MB. */
function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

function currentRssMb(pid: number): number {
  return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
}

/** Peak RSS of the worker's child processes (the export process), the highest seen so far; 0 when none runs. */
function childrenPeakMb(pid: number): number {
  let peak = 0;
  for (const child of readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean)) {
    try {
      peak = Math.max(peak, peakRssMb(Number(child)));
    } catch {
      // It ended between the two reads.
    }
  }
  return peak;
}

/** Resets the peak RSS the kernel keeps for the process, so the next reading is this phase's alone. */
function resetPeak(pid: number): void {
  writeFileSync(`/proc/${pid}/clear_refs`, '5');
}

async function api(base: string, method: string, path: string, auth: string | null, body?: unknown): Promise<Response> {
  return fetch(`${base}${path}`, {
    method,
    headers: { ...(auth && { Authorization: auth }), ...(body !== undefined && { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

interface Measured {
  rows: number;
  jobMs: number;
  downloadMs: number;
  bytes: number;
  /** The export process (the worker's child that streams the rows), and the worker beside it. */
  peakMb: number;
  workerPeakMb: number;
}

/** One export through the API: POST, poll until done, download; the worker's peak RSS meanwhile. */
async function exportThroughApi(bench: Bench, base: string, auth: string, format: 'csv' | 'xlsx'): Promise<Measured> {
  const worker = bench.workers[0].pid!;
  resetPeak(worker);
  const t0 = performance.now();
  const created = await api(base, 'POST', '/api/exports', auth, { theme: theme.slug, kind: 'submissions', format, query: {} });
  if (created.status !== 202) throw new Error(`POST /api/exports answered ${created.status}: ${await created.text()}`);
  const { id } = (await created.json()) as { id: string };
  let status: { status: string; rows: number; error?: string };
  let peakMb = 0;
  for (;;) {
    peakMb = Math.max(peakMb, childrenPeakMb(worker));
    status = (await (await api(base, 'GET', `/api/exports/${id}`, auth)).json()) as typeof status;
    if (status.status === 'done' || status.status === 'failed') break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const jobMs = performance.now() - t0;
  if (status.status !== 'done') throw new Error(`export failed: ${status.error}`);
  const workerPeakMb = peakRssMb(worker);
  const t1 = performance.now();
  const file = await api(base, 'GET', `/api/exports/${id}/file`, auth);
  let bytes = 0;
  for await (const chunk of file.body as unknown as AsyncIterable<Uint8Array>) bytes += chunk.length;
  return { rows: status.rows, jobMs, downloadMs: performance.now() - t1, bytes, peakMb, workerPeakMb };
}

async function main(): Promise<void> {
  console.log('building the server (dist/) for the worker…');
  execFileSync('npm', ['run', 'build:server'], { cwd: ROOT, stdio: 'ignore' });
  console.log(`\nexport: ${SUBMISSIONS.toLocaleString('en')} submissions`);
  const bench = await setUp();
  try {
    const themeId = await publish(bench, theme);
    let t0 = performance.now();
    await bench.db.query(
      `INSERT INTO submission (id, theme_id, version, is_test, is_report, region_code, period_key, data, request_hash, root_id, revision, current, status, submitted_by)
       SELECT id, $1, 1, false, false, k[1 + g % 22], to_char(date '2025-01-01' + (g % 24) * interval '1 month', 'YYYY-MM'),
              jsonb_build_object(
                'nama_usaha', 'Usaha ' || (ARRAY['Keripik', 'Batik', 'Laundry', 'Toko Kelontong'])[1 + g % 4] || ' Nomor ' || g,
                'nama_pemilik', (ARRAY['Siti', 'Budi', 'Ani', 'Joko'])[1 + g % 4] || ' ' || (ARRAY['Rahayu', 'Santoso', 'Lestari', 'Wibowo'])[1 + (g / 4) % 4],
                'nik_pemilik', lpad((1872050000000000 + g)::text, 16, '0'),
                'sektor', (ARRAY['kuliner', 'kerajinan', 'jasa', 'perdagangan'])[1 + g % 4],
                'tenaga_kerja', g % 17,
                'omzet_tahunan', (g % 997) * 125000.5,
                'memiliki_nib', g % 3 = 0,
                'alamat', 'Jl. Jenderal Sudirman No. ' || (g % 300) || ', RT ' || (g % 20) || ' RW ' || (g % 8)),
              'bench', id, 1, true, 'submitted', $3
       FROM (SELECT gen_random_uuid() AS id, g, (SELECT array_agg(code ORDER BY code) FROM region WHERE level = 'kelurahan') AS k
             FROM generate_series(1, $2::int) AS g) s`,
      [themeId, SUBMISSIONS, bench.userId],
    );
    await bench.db.query('VACUUM ANALYZE submission');
    const [{ bytes }] = (await bench.db.query(`SELECT avg(pg_column_size(s.*))::int AS bytes FROM submission s WHERE theme_id = $1`, [themeId])) as { bytes: number }[];
    console.log(`  loaded in ${fmt(performance.now() - t0)}; ${bytes} bytes a row on average`);

    // (a) psql moving the same rows, best of three (the first warms the cache).
    const copy = `\\copy (SELECT * FROM submission WHERE theme_id = '${themeId}') TO STDOUT`;
    let psqlMs = Infinity;
    let psqlBytes = 0;
    for (let i = 0; i < 3; i++) {
      t0 = performance.now();
      const run = spawnSync('bash', ['-c', 'set -o pipefail; psql "$BENCH_URL" -X -q -c "$BENCH_COPY" | wc -c'], { env: { ...process.env, BENCH_URL: bench.url, BENCH_COPY: copy } });
      if (run.status !== 0) throw new Error(`psql failed: ${run.stderr.toString()}`);
      psqlMs = Math.min(psqlMs, performance.now() - t0);
      psqlBytes = Number(run.stdout.toString().trim());
    }
    const psqlRate = SUBMISSIONS / (psqlMs / 1000);
    console.log(`  (a) psql \\copy … TO STDOUT: ${fmt(psqlMs)} for ${(psqlBytes / 1e6).toFixed(0)} MB, ${Math.round(psqlRate).toLocaleString('en')} rows/s (best of 3)`);

    // BENCH_WORKER_NODE_OPTIONS (e.g. --cpu-prof) goes to the worker alone.
    await startWorkers(bench, 1, { JOBS_CONCURRENCY: '1', ...(process.env.BENCH_WORKER_NODE_OPTIONS && { NODE_OPTIONS: process.env.BENCH_WORKER_NODE_OPTIONS }) }, true);
    const worker = bench.workers[0].pid!;
    await bench.db.query(`UPDATE app_user SET password_hash = $1 WHERE id = $2`, [await hashPassword(PASSWORD), bench.userId]);
    await bench.app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(bench.app.getHttpServer().address() as AddressInfo).port}`;
    const login = (await (await api(base, 'POST', '/api/auth/login', null, { username: 'bench', password: PASSWORD })).json()) as { accessToken: string };
    const auth = `Bearer ${login.accessToken}`;
    console.log(`  worker (dist/, ${['node', ...workerNodeOptions()].join(' ')}, 1 job at a time) idle RSS: ${currentRssMb(worker).toFixed(0)} MB`);

    // (b) CSV through the API, twice (the first warms the worker).
    const runs: Measured[] = [];
    for (let i = 0; i < 2; i++) runs.push(await exportThroughApi(bench, base, auth, 'csv'));
    const csv = runs.reduce((best, run) => (run.jobMs < best.jobMs ? run : best));
    const csvRate = csv.rows / (csv.jobMs / 1000);
    console.log(
      `  (b) CSV export through the API: ${csv.rows.toLocaleString('en')} rows, ${(csv.bytes / 1e6).toFixed(0)} MB, POST → done ${fmt(csv.jobMs)} = ${Math.round(csvRate).toLocaleString('en')} rows/s` +
        ` (${(csvRate / psqlRate).toFixed(2)} × psql; target ≥ 0.5), download ${fmt(csv.downloadMs)};` +
        ` export process peak RSS ${Math.max(...runs.map((r) => r.peakMb)).toFixed(0)} MB (target ≤ 150), the worker beside it ${Math.max(...runs.map((r) => r.workerPeakMb)).toFixed(0)} MB`,
    );

    // (c) XLSX of the same rows.
    const xlsx = await exportThroughApi(bench, base, auth, 'xlsx');
    const xlsxRate = xlsx.rows / (xlsx.jobMs / 1000);
    console.log(
      `  (c) XLSX export through the API: ${xlsx.rows.toLocaleString('en')} rows, ${(xlsx.bytes / 1e6).toFixed(0)} MB, POST → done ${fmt(xlsx.jobMs)} = ${Math.round(xlsxRate).toLocaleString('en')} rows/s` +
        ` (target ≥ 50,000), download ${fmt(xlsx.downloadMs)}; export process peak RSS ${xlsx.peakMb.toFixed(0)} MB, the worker beside it ${xlsx.workerPeakMb.toFixed(0)} MB`,
    );
  } finally {
    await tearDown(bench);
    spawnSync('rm', ['-rf', bench.dataDir]);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
