// Run on demand: npx ts-node --transpile-only bench/ingest.ts   (never part of the test command)
//
// HTTP submissions per second of the real API — 64 keep-alive connections, a new submission (new
// UUID) per request to the record tematik `umkm`: authenticated, validated, stored, outbox written —
// against the ceiling (bench/ingest-ceiling.ts): a bare node:http handler in a process of its own that
// reads and JSON.parses the same body, INSERTs the submission row with plain pg and answers 201. Each
// server has its own process, so neither shares an event loop or a CPU count with the other.
// Rounds alternate (bare, api, bare, api, …) in one run; target: api ≥ 0.15 × bare.
// Then the load generator drops every open connection mid-load (TCP reset) and the API must answer
// GET /api/health 200 and a new submission 201 within a few seconds, with no PostgreSQL session of
// its database left `idle in transaction`.
//
// The API runs as `npm run start:api` does: with the outbox relay (RELAY=false leaves it out).
// Needs the same PostgreSQL and Redis as the tests (TEST_DATABASE_URL / TEST_REDIS_URL); creates its
// own database and Redis prefix and removes both. Settings: ROUNDS (default 4 per side),
// ROUND_SECONDS (10), CONNECTIONS (64), RELAY (true).
import 'reflect-metadata';
import { ChildProcess, fork } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { createApi, prepareDatabase } from '../server/src/api';
import { loadConfig } from '../server/src/config/app-config';
import { hashPassword } from '../server/src/modules/auth/auth.service';
import { withCalculatedFields } from '../server/src/modules/submissions/calculated-fields';
import type { ThemeDefinition } from '../schemas/theme-definition';
import type { CeilingMessage, CeilingSettings } from './ingest-ceiling';
import { createDatabase, databaseUrl, dropDatabase, TEST_REDIS_URL, withAdminClient } from '../tests/support/test-database';

const ROUNDS = Number(process.env.ROUNDS ?? 4);
const ROUND_MS = Number(process.env.ROUND_SECONDS ?? 10) * 1000;
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 64);
const RELAY = process.env.RELAY !== 'false';
const WARMUP_MS = 2000;
const THEME = 'umkm';
const REGION = '18.72.05.1001';
const PASSWORD = 'bench-kata-sandi-123';

/** What the parent asks the load generator (a child process, so it never shares the API's event loop). */
interface LoadJob {
  url: string;
  path: string;
  headers: Record<string, string>;
  /** The request body with `__ID__` where each request's new UUID goes. */
  template: string;
  durationMs: number;
  connections: number;
  /** Destroy every socket (TCP reset) this many ms into the load, then stop. */
  dropAfterMs?: number;
}

interface LoadResult {
  ok: number;
  failed: number;
  statuses: Record<string, number>;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
}

// ---------------------------------------------------------------------------------------------
// The load generator (child process).

async function runLoad(job: LoadJob): Promise<LoadResult> {
  const target = new URL(job.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: job.connections, maxFreeSockets: job.connections });
  const [before, after] = job.template.split('__ID__');
  const statuses: Record<string, number> = {};
  const latencies: number[] = [];
  let ok = 0;
  let failed = 0;
  let stopped = false;
  const started = performance.now();
  const deadline = started + job.durationMs;

  const once = () =>
    new Promise<void>((resolve) => {
      const body = `${before}${randomUUID()}${after}`;
      const sent = performance.now();
      const request = http.request(
        {
          host: target.hostname,
          port: target.port,
          path: job.path,
          method: 'POST',
          agent,
          headers: { ...job.headers, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
        },
        (response) => {
          response.resume();
          response.on('end', () => {
            const status = String(response.statusCode);
            statuses[status] = (statuses[status] ?? 0) + 1;
            if (response.statusCode === 201) {
              ok += 1;
              latencies.push(performance.now() - sent);
            } else failed += 1;
            resolve();
          });
          response.on('error', () => resolve());
        },
      );
      request.on('error', (error: NodeJS.ErrnoException) => {
        if (!stopped) {
          failed += 1;
          statuses[error.code ?? 'error'] = (statuses[error.code ?? 'error'] ?? 0) + 1;
        }
        resolve();
      });
      request.end(body);
    });

  const loop = async () => {
    while (!stopped && performance.now() < deadline) await once();
  };
  if (job.dropAfterMs !== undefined) {
    setTimeout(() => {
      stopped = true;
      // Abrupt: RST on every socket, busy or idle, as a crashing client or a dropped network would.
      for (const sockets of [...Object.values(agent.sockets), ...Object.values(agent.freeSockets)]) {
        for (const socket of sockets ?? []) socket.resetAndDestroy();
      }
      agent.destroy();
    }, job.dropAfterMs);
  }
  await Promise.all(Array.from({ length: job.connections }, loop));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const quantile = (q: number) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] : NaN);
  return { ok, failed, statuses, seconds, perSecond: ok / seconds, p50: quantile(0.5), p99: quantile(0.99) };
}

if (process.argv.includes('--load-generator')) {
  process.on('message', (job: LoadJob) => {
    void runLoad(job).then((result) => process.send?.(result));
  });
} else {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}

// ---------------------------------------------------------------------------------------------
// The bench (parent process): the real API and the bare handler, side by side.

function generator(): { run(job: LoadJob): Promise<LoadResult>; stop(): void } {
  const child: ChildProcess = fork(__filename, ['--load-generator'], { execArgv: ['-r', 'ts-node/register/transpile-only'] });
  return {
    run: (job) =>
      new Promise((resolve, reject) => {
        const onError = (error: Error) => {
          child.off('message', onMessage);
          reject(error);
        };
        const onMessage = (result: unknown) => {
          child.off('error', onError);
          resolve(result as LoadResult);
        };
        child.once('message', onMessage);
        child.once('error', onError);
        child.send(job);
      }),
    stop: () => child.kill(),
  };
}

/**
 * What computing a theme's calculated fields adds to storing one submission, measured in this process
 * on the built-in stunting theme (its 8 calculations, 3 of them WHO z-scores) — the work the submission
 * path does before validating. The HTTP rounds use `umkm`, which has no calculations, so their figure
 * stays comparable with earlier runs. Median of 5 batches, in µs per submission.
 */
function calculationCost(): { microseconds: number; calculations: number } {
  const read = (path: string): unknown => JSON.parse(readFileSync(join(__dirname, path), 'utf8'));
  const definition = read('../schemas/themes/stunting.json') as ThemeDefinition;
  const data = read('../tests/fixtures/themes/stunting.valid.json') as Record<string, unknown>;
  const batch = 20_000;
  let sink = 0;
  const batches: number[] = [];
  for (let round = 0; round < 6; round += 1) {
    const started = process.hrtime.bigint();
    for (let index = 0; index < batch; index += 1) sink += Object.keys(withCalculatedFields(definition, { ...data, berat_badan_kg: 8 + (index % 20) / 10 })).length;
    // The first batch warms the JIT and parses the expressions (kept per version afterwards).
    if (round > 0) batches.push(Number(process.hrtime.bigint() - started) / 1000 / batch);
  }
  if (sink === 0) throw new Error('calculations computed nothing');
  batches.sort((a, b) => a - b);
  return { microseconds: batches[Math.floor(batches.length / 2)], calculations: definition.calculations?.length ?? 0 };
}

/** The comparison point, forked: bench/ingest-ceiling.ts. */
async function startCeiling(settings: CeilingSettings): Promise<{ url: string; cpuMicros(): Promise<number>; stop(): void }> {
  const child = fork(join(__dirname, 'ingest-ceiling.ts'), ['--ceiling'], {
    execArgv: ['-r', 'ts-node/register/transpile-only'],
    env: { ...process.env, CEILING_SETTINGS: JSON.stringify(settings) },
  });
  const next = (type: CeilingMessage['type']) =>
    new Promise<CeilingMessage>((resolve, reject) => {
      const onMessage = (message: CeilingMessage) => {
        if (message.type !== type) return;
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(message);
      };
      const onExit = (code: number | null) => reject(new Error(`the ceiling process exited (${code})`));
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  const listening = (await next('listening')) as Extract<CeilingMessage, { type: 'listening' }>;
  return {
    url: `http://127.0.0.1:${listening.port}`,
    cpuMicros: async () => {
      const answer = next('cpu');
      child.send('cpu');
      return ((await answer) as Extract<CeilingMessage, { type: 'cpu' }>).micros;
    },
    stop: () => child.kill(),
  };
}

function baseUrl(server: http.Server): string {
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function fetchJson(url: string, init: RequestInit = {}): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, init);
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : null };
}

/** Polls until `check` is true; the elapsed milliseconds, or null after `limitMs`. */
async function within(limitMs: number, check: () => Promise<boolean>): Promise<number | null> {
  const started = Date.now();
  while (Date.now() - started < limitMs) {
    try {
      if (await check()) return Date.now() - started;
    } catch {
      // not yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return null;
}

async function main(): Promise<void> {
  const name = `wk_bench_${Date.now().toString(36)}_${process.pid}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'wakuncar-bench-'));
  await createDatabase(name);
  const load = generator();
  const cleanups: (() => Promise<void> | void)[] = [() => load.stop()];
  const interrupt = () => void Promise.all(cleanups.map((c) => c())).finally(() => dropDatabase(name).finally(() => process.exit(130)));
  process.once('SIGINT', interrupt);
  try {
    const config = loadConfig({
      DATABASE_URL: databaseUrl(name),
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: name,
      JWT_SECRET: randomBytes(32).toString('hex'),
      DATA_DIR: dataDir,
      SEED_DEMO: 'false',
      LOG_LEVEL: 'error',
      CLIENT_DIR: join(dataDir, 'no-client'),
    });
    const app = await createApi(config, databaseUrl(name), { relay: RELAY });
    await app.init();
    await prepareDatabase(app);
    await app.listen(0, '127.0.0.1');
    cleanups.unshift(() => app.close());
    const apiUrl = baseUrl(app.getHttpServer() as http.Server);
    const db = app.get(DataSource);

    // A kader of Rejomulyo and their token, through the real login.
    await db.query(`INSERT INTO app_user (username, password_hash, display_name, role, region_code) VALUES ($1, $2, $1, 'kader', $3)`, [
      'bench.kader',
      await hashPassword(PASSWORD),
      REGION,
    ]);
    const login = await fetchJson(`${apiUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'bench.kader', password: PASSWORD }),
    });
    const token = (login.body as { accessToken: string }).accessToken;
    const headers = { Authorization: `Bearer ${token}` };

    // The valid umkm fixture, without its photo (a file id must name an uploaded file).
    const data = JSON.parse(readFileSync(join(__dirname, '../tests/fixtures/themes/umkm.valid.json'), 'utf8')) as Record<string, unknown>;
    delete data.foto;
    const template = JSON.stringify({ id: '__ID__', regionCode: REGION, data });
    const path = `/api/themes/${THEME}/submissions`;
    const probe = await fetchJson(`${apiUrl}${path}`, {
      method: 'POST',
      headers: { ...headers, 'Content-Type': 'application/json' },
      body: template.replace('__ID__', randomUUID()),
    });
    if (probe.status !== 201) throw new Error(`a single ${THEME} submission answered ${probe.status}: ${JSON.stringify(probe.body)}`);
    // The ceiling stores rows like the probe's: same theme, region, period and author.
    const [stored] = (await db.query(`SELECT theme_id, region_code, period_key, submitted_by FROM submission LIMIT 1`)) as {
      theme_id: string;
      region_code: string;
      period_key: string;
      submitted_by: string;
    }[];
    const ceiling = await startCeiling({
      databaseUrl: databaseUrl(name),
      themeId: stored.theme_id,
      userId: stored.submitted_by,
      regionCode: stored.region_code,
      periodKey: stored.period_key,
    });
    cleanups.unshift(() => ceiling.stop());

    const job = (url: string, durationMs: number): LoadJob => ({ url, path, headers, template, durationMs, connections: CONNECTIONS });
    console.log(`ingest: ${CONNECTIONS} keep-alive connections, ${ROUNDS} × ${ROUND_MS / 1000} s per side, body ${Buffer.byteLength(template)} B, theme ${THEME}`);
    await load.run(job(ceiling.url, WARMUP_MS));
    await load.run(job(apiUrl, WARMUP_MS));

    const rows: { round: string; result: LoadResult; cpuMsPerRequest: number }[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      for (const [side, url] of [['bare', ceiling.url], ['api', apiUrl]] as const) {
        // CPU of the server's own process (the load generator is another one; this one holds the API).
        const serverCpu = async () => {
          if (side === 'bare') return ceiling.cpuMicros();
          const usage = process.cpuUsage();
          return usage.user + usage.system;
        };
        const cpuBefore = await serverCpu();
        const result = await load.run(job(url, ROUND_MS));
        const cpuMsPerRequest = ((await serverCpu()) - cpuBefore) / 1000 / Math.max(1, result.ok);
        rows.push({ round: `${side} ${round}`, result, cpuMsPerRequest });
        console.log(
          `  ${`${side} ${round}`.padEnd(7)} ${result.perSecond.toFixed(0).padStart(7)} req/s  p50 ${result.p50.toFixed(1)} ms  p99 ${result.p99.toFixed(1)} ms  server CPU ${cpuMsPerRequest.toFixed(2)} ms/req  non-201 ${result.failed}`,
        );
      }
    }
    const mean = (side: string) => {
      const results = rows.filter((row) => row.round.startsWith(side)).map((row) => row.result);
      return results.reduce((sum, r) => sum + r.perSecond, 0) / results.length;
    };
    const bareRate = mean('bare');
    const apiRate = mean('api');
    const cpuPerRequest = (side: string) => {
      const sideRows = rows.filter((row) => row.round.startsWith(side));
      return sideRows.reduce((sum, row) => sum + row.cpuMsPerRequest, 0) / sideRows.length;
    };
    const failures = rows.reduce((sum, row) => sum + row.result.failed, 0);

    const [{ submissions }] = (await db.query(`SELECT count(*)::int AS submissions FROM submission WHERE request_hash <> 'ceiling'`)) as { submissions: number }[];

    // Drop every connection mid-load, then the server must answer normally.
    const dropped = await load.run({ ...job(apiUrl, 10_000), dropAfterMs: 2000 });
    const healthMs = await within(5000, async () => (await fetchJson(`${apiUrl}/api/health`)).status === 200);
    const submitMs = await within(5000, async () => {
      const answer = await fetchJson(`${apiUrl}${path}`, {
        method: 'POST',
        headers: { ...headers, 'Content-Type': 'application/json' },
        body: template.replace('__ID__', randomUUID()),
      });
      return answer.status === 201;
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const [{ pending }] = (await db.query(`SELECT count(*)::int AS pending FROM outbox`)) as { pending: number }[];
    const sessions = await withAdminClient(
      async (client) =>
        (
          await client.query<{ state: string | null; n: number }>(
            `SELECT state, count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 GROUP BY state ORDER BY state`,
            [name],
          )
        ).rows,
    );
    const idleInTransaction = sessions.filter((s) => s.state?.startsWith('idle in transaction')).reduce((sum, s) => sum + s.n, 0);

    const ratio = apiRate / bareRate;
    console.log('');
    console.log('| measure | value |');
    console.log('|---|---|');
    console.log(`| ceiling: bare node:http + pg INSERT, own process | ${bareRate.toFixed(0)} req/s |`);
    console.log(`| Wakuncar API (auth, validate, store, outbox) | ${apiRate.toFixed(0)} req/s |`);
    console.log(`| server CPU per request, bare / api | ${cpuPerRequest('bare').toFixed(2)} ms / ${cpuPerRequest('api').toFixed(2)} ms |`);
    const calculation = calculationCost();
    console.log(
      `| calculated fields per submission (stunting: ${calculation.calculations} calculations, 3 WHO z-scores; in-process) | ${calculation.microseconds.toFixed(1)} µs = ${((calculation.microseconds / 1000 / cpuPerRequest('api')) * 100).toFixed(1)} % of the API's CPU per request |`,
    );
    console.log(`| ratio api / bare (target ≥ 0.15) | **${ratio.toFixed(3)}** ${ratio >= 0.15 ? 'ok' : 'BELOW TARGET'} |`);
    console.log(`| non-201 answers during the rounds | ${failures} |`);
    console.log(`| submissions stored (rounds) / outbox rows not yet relayed (end) | ${submissions} / ${pending}${RELAY ? '' : ' (relay off)'} |`);
    console.log(`| requests completed before the drop | ${dropped.ok} (${JSON.stringify(dropped.statuses)}) |`);
    console.log(`| health 200 after the drop | ${healthMs === null ? 'NO (5 s)' : `${healthMs} ms`} |`);
    console.log(`| new submission 201 after the drop | ${submitMs === null ? 'NO (5 s)' : `${submitMs} ms`} |`);
    console.log(`| sessions idle in transaction | ${idleInTransaction} (${sessions.map((s) => `${s.state ?? 'null'}: ${s.n}`).join(', ')}) |`);
    const healthy = healthMs !== null && submitMs !== null && idleInTransaction === 0;
    if (!healthy) process.exitCode = 1;
  } finally {
    for (const cleanup of cleanups) await cleanup();
    await dropDatabase(name);
    await removeRedisKeys(name);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The relay's queues live under the bench's own prefix; nothing of the run stays in Redis. */
async function removeRedisKeys(prefix: string): Promise<void> {
  const redis = new Redis(TEST_REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
