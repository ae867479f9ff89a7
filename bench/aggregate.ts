// Run on demand (never part of `npm test`):
//   npx ts-node --transpile-only bench/aggregate.ts [freshness] [recompute] [fanout]
// Needs PostgreSQL and Redis (BENCH_PG_URL, default postgres://postgres@127.0.0.1:5432/postgres;
// REDIS_URL, default redis://127.0.0.1:6379) and, for `fanout`, the whole-country region file
// (WILAYAH_CSV, default ../shared/data/wilayah-indonesia.csv, as `npm run regions:import` loads it).
//
// (a) freshness: a steady BENCH_RATE (1,000) submissions/s, each committed with its outbox row in its
//     own transaction exactly as the API commits them, for BENCH_SECONDS; the API's outbox relay and
//     BENCH_WORKERS worker processes (npm run start:worker) aggregate. Freshness of a commit = the
//     first moment the Kota Metro total of the day includes it. Target p95 ≤ 2 s.
// (b) recompute: a full recompute over BENCH_SUBMISSIONS (1,000,000) submissions against the
//     hand-written GROUP BY that computes the same base cells from the same table. Target ≤ 1.5×.
// (c) fanout: completeness of a daily theme over all 83,762 desa/kelurahan and a `missing` reminder
//     to one kader per desa/kelurahan (notifications and their webhook deliveries enqueued).
//     Target ≤ 10 s.
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import { AggregationEngine } from '../server/src/modules/aggregation/aggregation-engine.service';
import { CompletenessService } from '../server/src/modules/completeness/completeness.service';
import { parseRegionFile } from '../server/src/modules/regions/region-csv';
import { upsertRegions } from '../server/src/modules/regions/region.repository';
import { RemindersService } from '../server/src/modules/reminders/reminders.service';
import { periodKeyAt } from '../server/src/modules/submissions/period';
import type { ThemeDefinition } from '../schemas/theme-definition';
import { ThemesService } from '../server/src/modules/themes/themes.service';
import { fmt, percentile, publish, ROOT, setUp, startWorkers, tearDown } from './support';

const RATE = Number(process.env.BENCH_RATE ?? 1000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 2);
const SUBMISSIONS = Number(process.env.BENCH_SUBMISSIONS ?? 1_000_000);
const WILAYAH = process.env.WILAYAH_CSV ?? join(ROOT, '..', 'shared', 'data', 'wilayah-indonesia.csv');

const theme = (slug: string): ThemeDefinition => ({
  slug,
  title: 'Bench',
  unit: 'record',
  regionLevel: 'kelurahan',
  period: 'day',
  sensitivity: 'public',
  schema: {
    type: 'object',
    required: ['jumlah', 'kategori'],
    additionalProperties: false,
    properties: {
      jumlah: { type: 'integer', minimum: 0, maximum: 1000 },
      tinggi: { type: 'number', minimum: 0, maximum: 300 },
      kategori: { type: 'string', enum: ['a', 'b', 'c'] },
      aktif: { type: 'boolean' },
    },
  },
  aggregations: [
    { key: 'banyak', title: 'Banyak', op: 'count' },
    { key: 'jumlah', title: 'Jumlah', op: 'sum', field: '/jumlah' },
    { key: 'rata_tinggi', title: 'Rata-rata tinggi', op: 'avg', field: '/tinggi' },
    { key: 'besar', title: 'Jumlah ≥ 5', op: 'count', where: { '/jumlah': { gte: 5 } } },
    { key: 'persen_aktif', title: 'Aktif (%)', op: 'ratio', numerator: { where: { '/aktif': { eq: true } } }, denominator: {}, scale: 100 },
    { key: 'per_kategori', title: 'Menurut kategori', op: 'count', groupBy: '/kategori' },
    { key: 'jumlah_per_kategori', title: 'Jumlah menurut kategori', op: 'sum', field: '/jumlah', groupBy: '/kategori' },
  ],
});

async function freshness(): Promise<void> {
  console.log(`\n(a) freshness: ${RATE} submissions/s for ${SECONDS} s, ${WORKERS} worker process(es)`);
  const bench = await setUp();
  try {
    const themeId = await publish(bench, theme('bench-freshness'));
    await startWorkers(bench, WORKERS);
    const kelurahan = ((await bench.db.query(`SELECT code FROM region WHERE level = 'kelurahan' ORDER BY code`)) as { code: string }[]).map((r) => r.code);
    const day = periodKeyAt('day', new Date());
    const pool = new Pool({ connectionString: bench.url, max: 16 });
    const commits: { seq: number; at: number }[] = [];
    let committed = 0;
    let failed = 0;
    const insert = async (i: number) => {
      const client = await pool.connect();
      try {
        const id = randomUUID();
        const region = kelurahan[i % kelurahan.length];
        await client.query('BEGIN');
        await client.query(
          `INSERT INTO submission (id, theme_id, version, is_test, is_report, region_code, period_key, data, request_hash, root_id, revision, current, status, submitted_by)
           VALUES ($1, $2, 1, false, false, $3, $4, $5, 'bench', $1, 1, true, 'submitted', $6)`,
          [id, themeId, region, day, JSON.stringify({ jumlah: i % 17, tinggi: 50 + (i % 100), kategori: ['a', 'b', 'c'][i % 3], aktif: i % 2 === 0 }), bench.userId],
        );
        await client.query(`INSERT INTO outbox (topic, payload) VALUES ('submission.changed', $1)`, [JSON.stringify({ themeId, regionCode: region, periodKey: day, submissionId: id })]);
        await client.query('COMMIT');
        commits.push({ seq: ++committed, at: performance.now() });
      } catch (error) {
        failed++;
        await client.query('ROLLBACK').catch(() => undefined);
        if (failed < 5) console.error(error);
      } finally {
        client.release();
      }
    };

    // Poll the most rolled-up cell: Kota Metro, the day, the count.
    const seen: { at: number; value: number }[] = [];
    let polling = true;
    const poller = (async () => {
      while (polling) {
        const rows = (await bench.db.query(
          `SELECT n FROM aggregate_cell WHERE theme_id = $1 AND level = 'kota' AND granularity = 'day' AND period_key = $2 AND region_code = '18.72' AND measure = 'banyak'`,
          [themeId, day],
        )) as { n: string }[];
        seen.push({ at: performance.now(), value: rows.length ? Number(rows[0].n) : 0 });
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();

    const started = performance.now();
    const inFlight = new Set<Promise<void>>();
    let sent = 0;
    while (performance.now() - started < SECONDS * 1000) {
      const due = Math.floor(((performance.now() - started) / 1000) * RATE);
      while (sent < due) {
        const task = insert(sent++).finally(() => inFlight.delete(task));
        inFlight.add(task);
        if (inFlight.size > 200) await Promise.race(inFlight);
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await Promise.all(inFlight);
    const achieved = committed / ((performance.now() - started) / 1000);
    const deadline = performance.now() + 60_000;
    while (performance.now() < deadline && (seen[seen.length - 1]?.value ?? 0) < committed) await new Promise((resolve) => setTimeout(resolve, 50));
    polling = false;
    await poller;
    await pool.end();

    // A commit is visible at the first poll that counts at least as many submissions.
    const latencies: number[] = [];
    let j = 0;
    const warmup = started + 5000;
    for (const commit of commits) {
      while (j < seen.length && seen[j].value < commit.seq) j++;
      if (j === seen.length) break;
      if (commit.at >= warmup) latencies.push(seen[j].at - commit.at);
    }
    const never = commits.length - latencies.length - commits.filter((c) => c.at < warmup).length;
    console.log(`  committed ${committed} (${achieved.toFixed(0)}/s achieved, ${failed} failed); measured ${latencies.length} after a 5 s warm-up${never > 0 ? `, ${never} not visible within 60 s` : ''}`);
    console.log(`  freshness commit → visible in the Kota Metro total: p50 ${fmt(percentile(latencies, 50))}, p95 ${fmt(percentile(latencies, 95))}, max ${fmt(Math.max(...latencies))} (target p95 ≤ 2 s)`);
    const [check] = (await bench.db.query(`SELECT count(*)::int AS n FROM submission WHERE theme_id = $1`, [themeId])) as { n: number }[];
    console.log(`  final Kota Metro count ${seen[seen.length - 1]?.value} = submissions ${check.n}: ${seen[seen.length - 1]?.value === check.n ? 'exact' : 'MISMATCH'}`);
  } finally {
    await tearDown(bench);
  }
}

async function recompute(): Promise<void> {
  console.log(`\n(b) full recompute over ${SUBMISSIONS.toLocaleString('en')} submissions`);
  const bench = await setUp();
  try {
    const definition = theme('bench-recompute');
    const themeId = await publish(bench, definition);
    let t0 = performance.now();
    await bench.db.query(
      `INSERT INTO submission (id, theme_id, version, is_test, is_report, region_code, period_key, data, request_hash, root_id, revision, current, status, submitted_by)
       SELECT id, $1, 1, false, false, k[1 + g % 22], to_char(date '2025-11-01' + (g % 365), 'YYYY-MM-DD'),
              jsonb_build_object('jumlah', g % 17, 'tinggi', 50 + g % 100, 'kategori', (ARRAY['a','b','c'])[1 + g % 3], 'aktif', g % 2 = 0),
              'bench', id, 1, true, 'submitted', $3
       FROM (SELECT gen_random_uuid() AS id, g, (SELECT array_agg(code ORDER BY code) FROM region WHERE level = 'kelurahan') AS k
             FROM generate_series(1, $2::int) AS g) s`,
      [themeId, SUBMISSIONS, bench.userId],
    );
    await bench.db.query('ANALYZE submission');
    console.log(`  loaded in ${fmt(performance.now() - t0)}`);

    // What the engine's base cells hold, written by hand: one pass per groupBy, every measure.
    const handWritten = async () => {
      const counted = `theme_id = $1 AND current AND NOT is_test AND status <> 'rejected'`;
      const num = (field: string) => `(CASE WHEN jsonb_typeof(data -> '${field}') = 'number' THEN (data ->> '${field}')::numeric END)`;
      await bench.db.query(
        `SELECT count(*) FROM (
           SELECT region_code, period_key, count(*), sum(${num('jumlah')}), count(${num('jumlah')}), count(${num('tinggi')}), sum(${num('tinggi')}),
                  min(${num('tinggi')}), max(${num('tinggi')}), count(*) FILTER (WHERE ${num('jumlah')} >= 5),
                  count(*) FILTER (WHERE data -> 'aktif' = 'true'::jsonb)
           FROM submission WHERE ${counted} GROUP BY region_code, period_key) x`,
        [themeId],
      );
      await bench.db.query(
        `SELECT count(*) FROM (
           SELECT region_code, period_key, data -> 'kategori', count(*), sum(${num('jumlah')}), count(${num('jumlah')})
           FROM submission WHERE ${counted} GROUP BY region_code, period_key, data -> 'kategori') x`,
        [themeId],
      );
    };
    const engine = bench.app.get(AggregationEngine);
    const runs: { hand: number; engine: number }[] = [];
    await handWritten(); // warm the cache for both
    for (let i = 0; i < 3; i++) {
      t0 = performance.now();
      await handWritten();
      const hand = performance.now() - t0;
      t0 = performance.now();
      await engine.recompute(themeId, true);
      runs.push({ hand, engine: performance.now() - t0 });
    }
    const hand = percentile(runs.map((r) => r.hand), 50);
    const full = percentile(runs.map((r) => r.engine), 50);
    const [cells] = (await bench.db.query(`SELECT count(*)::int AS n FROM aggregate_cell WHERE theme_id = $1`, [themeId])) as { n: number }[];
    console.log(`  hand-written GROUP BY (base cells only, nothing written): ${fmt(hand)} (median of 3)`);
    console.log(`  full recompute (base cells, 4 coarser periods, 3 levels up, written atomically: ${cells.n.toLocaleString('en')} cells): ${fmt(full)} (median of 3)`);
    console.log(`  ratio ${(full / hand).toFixed(2)} (target ≤ 1.5)`);
  } finally {
    await tearDown(bench);
  }
}

async function fanout(): Promise<void> {
  console.log('\n(c) completeness and reminder fan-out over the whole-country tree');
  const received = { count: 0 };
  const receiver = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      received.count++;
      response.end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/wa`;
  const bench = await setUp({ REMINDER_WEBHOOK_URL: hook });
  try {
    let t0 = performance.now();
    const rows = parseRegionFile(readFileSync(WILAYAH, 'utf8'));
    await bench.db.transaction((manager) => upsertRegions(manager, rows));
    const [{ n: desa }] = (await bench.db.query(`SELECT count(*)::int AS n FROM region WHERE level = 'kelurahan'`)) as { n: number }[];
    console.log(`  imported ${rows.length.toLocaleString('en')} regions (${desa.toLocaleString('en')} desa/kelurahan) in ${fmt(performance.now() - t0)}`);
    await bench.db.query(
      `INSERT INTO app_user (username, password_hash, display_name, role, region_code)
       SELECT 'kader.' || replace(code, '.', '_'), 'x', 'Kader ' || name, 'kader', code FROM region WHERE level = 'kelurahan'
       UNION ALL
       SELECT 'admin.' || replace(code, '.', '_'), 'x', 'Admin ' || name, 'admin', code FROM region WHERE level = 'kota'`,
    );
    // The built-in COVID report is per RT, and the national region file has no RTs: the same report
    // per desa/kelurahan, as most of Indonesia would run it.
    const builtIn = JSON.parse(readFileSync(join(ROOT, 'schemas/themes/covid-harian.json'), 'utf8')) as ThemeDefinition;
    const daily: ThemeDefinition = { ...builtIn, slug: 'bench-harian', regionLevel: 'kelurahan', alerts: (builtIn.alerts ?? []).filter((rule) => rule.level !== 'rt') };
    await publish(bench, daily);
    const themes = bench.app.get(ThemesService);
    const { theme: covid, definition } = await themes.latest(daily.slug);
    const day = periodKeyAt('day', new Date(Date.now() - 24 * 3600_000));
    // 30 % of the desa/kelurahan reported.
    await bench.db.query(
      `INSERT INTO submission (id, theme_id, version, is_test, is_report, region_code, period_key, data, request_hash, root_id, revision, current, status, submitted_by)
       SELECT id, $1, 1, false, true, code, $2, '{"suspek":0,"konfirmasi_baru":1,"sembuh":0,"meninggal":0,"isolasi_mandiri":0}', 'bench', id, 1, true, 'submitted', $3
       FROM (SELECT gen_random_uuid() AS id, code, row_number() OVER (ORDER BY code) AS i FROM region WHERE level = 'kelurahan') r WHERE i % 10 < 3`,
      [covid.id, day, bench.userId],
    );
    await bench.db.query('ANALYZE');

    const completeness = bench.app.get(CompletenessService);
    t0 = performance.now();
    const missing = await completeness.missingRegions(covid.id, definition, day, null);
    const completenessMs = performance.now() - t0;
    const province = await bench.db.query(`SELECT code FROM region WHERE level = 'provinsi' ORDER BY code LIMIT 1 OFFSET 10`) as { code: string }[];
    const provinceAdmin = { id: randomUUID(), username: 'admin.prov', role: 'admin', regionCode: province[0].code } as Parameters<CompletenessService['report']>[0];
    t0 = performance.now();
    const report = await completeness.report(provinceAdmin, daily.slug, { period: day, limit: 1000 });
    const reportMs = performance.now() - t0;

    await startWorkers(bench, WORKERS, { REMINDER_WEBHOOK_URL: hook });
    const reminders = bench.app.get(RemindersService);
    t0 = performance.now();
    const outcome = await reminders.run(covid.id, 'kader-pagi', day, null);
    const fanoutMs = performance.now() - t0;
    t0 = performance.now();
    const again = await reminders.run(covid.id, 'kader-pagi', day, null);
    const againMs = performance.now() - t0;
    console.log(`  completeness of ${desa.toLocaleString('en')} desa/kelurahan for ${day}: ${missing.length.toLocaleString('en')} missing, in ${fmt(completenessMs)}`);
    console.log(`  completeness report of one province (${report.items.length} rows + ${report.rollup.length} roll-up rows): ${fmt(reportMs)}`);
    console.log(`  reminder run (missing regions + ${outcome?.recipients.toLocaleString('en')} recipients + ${outcome?.created.toLocaleString('en')} notifications + deliveries enqueued): ${fmt(fanoutMs)} (target ≤ 10 s)`);
    console.log(`  completeness + fan-out: ${fmt(completenessMs + fanoutMs)}; a second run of the same reminder created ${again?.created} in ${fmt(againMs)}`);
    const deadline = performance.now() + Number(process.env.BENCH_DELIVERY_WAIT_MS ?? 30_000);
    t0 = performance.now();
    while (performance.now() < deadline && received.count < (outcome?.created ?? 0)) await new Promise((resolve) => setTimeout(resolve, 200));
    console.log(`  webhook deliveries received: ${received.count.toLocaleString('en')} in ${fmt(performance.now() - t0)} after the run`);
  } finally {
    await tearDown(bench);
    receiver.closeAllConnections();
    receiver.close();
  }
}

async function main(): Promise<void> {
  const chosen = process.argv.slice(2);
  const all = chosen.length === 0;
  if (all || chosen.includes('freshness')) await freshness();
  if (all || chosen.includes('recompute')) await recompute();
  if (all || chosen.includes('fanout')) await fanout();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
