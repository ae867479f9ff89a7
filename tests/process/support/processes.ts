import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import Redis from 'ioredis';
import { OutboxRelay } from '../../../server/src/modules/jobs/outbox-relay';
import { REPO_ROOT } from '../../support/paths';
import { createTestApp, TestApp } from '../../support/test-app';
import { waitFor } from '../../support/wait';

/**
 * Real processes for the process tier, on loopback only: a redis-server of the test's own on a spare
 * port, and the worker (and API) as child processes started from the TypeScript sources, exactly as
 * `npm run start:worker` / `start:api` start them, so they can be killed for real.
 */

export async function sparePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface RedisServer {
  port: number;
  url: string;
  /** Stops the server the hard way; with `--save ''` its data is gone. */
  kill(): Promise<void>;
  /** Starts it again on the same port, empty. */
  start(): Promise<void>;
}

export async function startRedis(): Promise<RedisServer> {
  const port = await sparePort();
  let child: ChildProcess | null = null;
  const ping = async () => {
    const client = new Redis(port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 500 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      return (await client.ping()) === 'PONG';
    } finally {
      client.disconnect();
    }
  };
  const server: RedisServer = {
    port,
    url: `redis://127.0.0.1:${port}`,
    async start() {
      child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
      await waitFor(`redis-server on port ${port}`, ping, 10_000);
    },
    async kill() {
      const running = child;
      child = null;
      if (!running || running.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
      running.kill('SIGKILL');
      await exited;
    },
  };
  await server.start();
  return server;
}

export interface Child {
  process: ChildProcess;
  /** Everything the child printed, for failure messages. */
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal: NodeJS.Signals): void;
}

/** Runs a server entry point (`server/src/worker.ts`, `server/src/main.ts`) with ts-node. */
export function spawnEntry(entry: string, env: Record<string, string>, ready: RegExp, timeoutMs = 60_000): Promise<Child> {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', entry], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', TS_NODE_PROJECT: join(REPO_ROOT, 'tsconfig.json'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const append = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    if (output.length > 200_000) output = output.slice(-100_000);
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const handle: Child = {
    process: child,
    output: () => output,
    exited,
    kill: (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
  };
  return new Promise<Child>((resolve, reject) => {
    const timer = setTimeout(() => {
      handle.kill('SIGKILL');
      reject(new Error(`${entry} did not become ready within ${timeoutMs} ms:\n${output.slice(-4000)}`));
    }, timeoutMs);
    const check = () => {
      if (ready.test(output)) {
        clearTimeout(timer);
        resolve(handle);
      }
    };
    child.stdout!.on('data', check);
    child.stderr!.on('data', check);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`${entry} exited (${code ?? signal}) before it was ready:\n${output.slice(-4000)}`));
    });
  });
}

/** The worker as `npm run start:worker` runs it, with short lock and sweep times so tests are quick. */
export function spawnWorker(env: Record<string, string>): Promise<Child> {
  return spawnEntry('server/src/worker.ts', { LOG_LEVEL: 'log', ...FAST_JOBS, ...env }, /Worker started/);
}

export async function stopChild(child: Child | null | undefined): Promise<void> {
  if (!child || child.process.exitCode !== null || child.process.signalCode !== null) return;
  child.kill('SIGKILL');
  await child.exited;
}

/** Seconds instead of the production half minute: a killed worker's job is retried after JOBS_LOCK_DURATION_MS. */
export const FAST_JOBS: Record<string, string> = {
  JOBS_LOCK_DURATION_MS: '3000',
  JOBS_STALLED_INTERVAL_MS: '1000',
  JOBS_STALE_AFTER_MS: '3000',
  JOBS_SWEEP_INTERVAL_MS: '1000',
  AGGREGATION_DEBOUNCE_MS: '50',
};

/** Applies FAST_JOBS to this process (the in-process API reads them when it is built). */
function useFastJobs(): () => void {
  const saved = Object.fromEntries(Object.keys(FAST_JOBS).map((key) => [key, process.env[key]]));
  Object.assign(process.env, FAST_JOBS);
  return () => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
}

/**
 * The API in this test process, with its outbox relay started and FAST_JOBS applied, on a
 * redis-server of the test's own: the test can stop Redis, and start and kill workers against it.
 */
export interface ApiOnOwnRedis {
  t: TestApp;
  redis: RedisServer;
  /** What a worker needs to join this API: its database, Redis and key prefix. */
  workerEnv(extra?: Record<string, string>): Record<string, string>;
  /** Closes the API and stops Redis; stop the workers first. */
  close(): Promise<void>;
}

export async function startApiOnOwnRedis(env: Record<string, string> = {}): Promise<ApiOnOwnRedis> {
  const restore = useFastJobs();
  const redis = await startRedis();
  const t = await createTestApp({ REDIS_URL: redis.url, ...env });
  t.app.get(OutboxRelay).start();
  return {
    t,
    redis,
    workerEnv: (extra = {}) => ({ DATABASE_URL: t.config.databaseUrl!, REDIS_URL: redis.url, REDIS_PREFIX: t.config.redisPrefix, JWT_SECRET: t.config.jwtSecret, OUTBOUND_ALLOW_HOSTS: t.config.outbound.allowHosts.join(','), ...extra }),
    close: async () => {
      await t.close();
      await redis.kill();
      restore();
    },
  };
}

interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

/**
 * Differences between the stored aggregates of a theme made by `aggregationTheme` (kelurahan, day)
 * and a hand-written GROUP BY over the submissions table: per kelurahan and day, per kecamatan and
 * ISO week, per kota and month, the count and the sum of `jumlah`. Empty when the results are exact.
 */
export async function mismatches(db: Queryable, themeId: string): Promise<string[]> {
  const result = await db.query(
    `WITH counted AS (
       SELECT region_code, period_key, (data->>'jumlah')::numeric AS jumlah FROM submission
       WHERE theme_id = $1 AND current AND NOT is_test AND status <> 'rejected'
     ),
     truth AS (
       SELECT 'kelurahan' AS level, 'day' AS granularity, region_code AS r, period_key AS p, count(*)::numeric AS n, sum(jumlah) AS jumlah
       FROM counted GROUP BY 3, 4
       UNION ALL
       SELECT 'kecamatan', 'week', left(region_code, 8), to_char(period_key::date, 'IYYY-"W"IW'), count(*), sum(jumlah) FROM counted GROUP BY 3, 4
       UNION ALL
       SELECT 'kota', 'month', left(region_code, 5), left(period_key, 7), count(*), sum(jumlah) FROM counted GROUP BY 3, 4
     ),
     got AS (
       SELECT level, granularity, region_code AS r, period_key AS p,
              max(n) FILTER (WHERE measure = 'banyak') AS n, max(value_sum) FILTER (WHERE measure = 'jumlah') AS jumlah
       FROM aggregate_cell
       WHERE theme_id = $1 AND (level, granularity) IN (('kelurahan', 'day'), ('kecamatan', 'week'), ('kota', 'month'))
       GROUP BY 1, 2, 3, 4
     )
     SELECT concat_ws(' ', coalesce(t.level, g.level), coalesce(t.granularity, g.granularity), coalesce(t.r, g.r), coalesce(t.p, g.p),
                      'expected', t.n, t.jumlah, 'stored', g.n, g.jumlah) AS line
     FROM truth t FULL JOIN got g ON g.level = t.level AND g.granularity = t.granularity AND g.r = t.r AND g.p = t.p
     WHERE t.n IS DISTINCT FROM g.n OR t.jumlah IS DISTINCT FROM g.jumlah
     ORDER BY 1 LIMIT 20`,
    [themeId],
  );
  // A TypeORM DataSource answers the rows, a pg Client a result holding them.
  const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { line: string }[];
  return rows.map((row) => row.line);
}

/**
 * Writes `count` submissions of an `aggregationTheme` theme and their outbox rows in one transaction,
 * as the API commits them, spread over the 22 kelurahan of Kota Metro and the `days` days up to 2026-11-27.
 */
export async function bulkSubmissions(db: Queryable, themeId: string, count: number, days = 20, seed = 0): Promise<void> {
  await db.query(
    `WITH rows AS (
       SELECT gen_random_uuid() AS id, g,
              (SELECT array_agg(code ORDER BY code) FROM region WHERE level = 'kelurahan' AND code LIKE '18.72.%')[1 + (g * 7 + $4) % 22] AS region_code,
              to_char(date '2026-11-27' - ((g * 13 + $4) % $3), 'YYYY-MM-DD') AS period_key
       FROM generate_series(1, $2::int) AS g
     ),
     inserted AS (
       INSERT INTO submission (id, theme_id, version, is_test, is_report, region_code, period_key, data, request_hash, root_id, revision, current, status, submitted_by)
       SELECT id, $1, 1, false, false, region_code, period_key,
              jsonb_build_object('jumlah', (g * 31 + $4) % 97, 'kategori', (ARRAY['a','b','c'])[1 + g % 3], 'tinggi', 50 + g % 100),
              'bulk', id, 1, true, 'submitted', (SELECT id FROM app_user ORDER BY created_at LIMIT 1)
       FROM rows
       RETURNING id, region_code, period_key
     )
     INSERT INTO outbox (topic, payload)
     SELECT 'submission.changed', jsonb_build_object('themeId', $1::text, 'regionCode', region_code, 'periodKey', period_key, 'submissionId', id) FROM inserted`,
    [themeId, count, days, seed],
  );
}
