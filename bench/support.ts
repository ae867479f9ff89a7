// Shared by the benchmarks in bench/ (run on demand, never part of `npm test`): a fresh database with
// the API on it, worker processes, and the clean-up. Loopback only: PostgreSQL and Redis on this machine.
import 'reflect-metadata';
import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createApi, prepareDatabase } from '../server/src/api';
import { loadConfig } from '../server/src/config/app-config';
import { BullMqBackend } from '../server/src/modules/jobs/bullmq-backend';
import { JOB_BACKEND, JobBackend } from '../server/src/modules/jobs/job-backend';
import type { ThemeDefinition } from '../schemas/theme-definition';
import { ThemesService } from '../server/src/modules/themes/themes.service';

export const ROOT = join(__dirname, '..');
export const PG = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const KEEP = process.env.BENCH_KEEP === '1';
const JWT_SECRET = 'b'.repeat(48);

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

export interface Bench {
  name: string;
  url: string;
  app: Awaited<ReturnType<typeof createApi>>;
  db: DataSource;
  prefix: string;
  dataDir: string;
  userId: string;
  workers: ChildProcess[];
}

export async function setUp(env: Record<string, string> = {}): Promise<Bench> {
  const name = `wk_bench_${Date.now().toString(36)}`;
  const admin = new Client({ connectionString: PG });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(PG);
  url.pathname = `/${name}`;
  const prefix = `${name}`;
  const dataDir = `/tmp/${name}`;
  const config = loadConfig({ DATABASE_URL: url.toString(), REDIS_URL: REDIS, REDIS_PREFIX: prefix, JWT_SECRET, SEED_DEMO: 'false', LOG_LEVEL: 'warn', DATA_DIR: dataDir, ...env });
  const app = await createApi(config, url.toString(), { relay: true });
  await prepareDatabase(app);
  await app.init();
  const db = app.get(DataSource);
  const [{ id: userId }] = (await db.query(
    `INSERT INTO app_user (username, password_hash, display_name, role, region_code) VALUES ('bench', 'x', 'Bench', 'admin', '18.72') RETURNING id`,
  )) as { id: string }[];
  return { name, url: url.toString(), app, db, prefix, dataDir, userId, workers: [] };
}

/** The node options `npm run start:worker` gives the worker (package.json), for a bench that runs it as production does. */
export function workerNodeOptions(): string[] {
  const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  return scripts['start:worker'].split(/\s+/).filter((part) => part.startsWith('--'));
}

/**
 * Starts worker processes on the bench's database, Redis prefix and DATA_DIR: from the TypeScript
 * sources, or (`built`) from dist/ with the node options of `npm run start:worker`, as production runs them.
 */
export async function startWorkers(bench: Bench, count: number, env: Record<string, string> = {}, built = false): Promise<void> {
  const args = built ? [...workerNodeOptions(), 'dist/server/src/worker.js'] : ['-r', 'ts-node/register/transpile-only', 'server/src/worker.ts'];
  for (let i = 0; i < count; i++) {
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: bench.url, REDIS_URL: REDIS, REDIS_PREFIX: bench.prefix, JWT_SECRET, DATA_DIR: bench.dataDir, LOG_LEVEL: 'log', JOBS_CONCURRENCY: '4', ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('Worker started')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`worker exited ${code}`)));
    });
    bench.workers.push(child);
  }
}

export async function tearDown(bench: Bench): Promise<void> {
  for (const worker of bench.workers) worker.kill('SIGTERM');
  await Promise.all(bench.workers.map((worker) => new Promise((resolve) => (worker.exitCode !== null ? resolve(null) : worker.once('exit', resolve)))));
  const backend = bench.app.get<JobBackend>(JOB_BACKEND);
  if (backend instanceof BullMqBackend) for (const queue of backend.queues()) await queue.obliterate({ force: true }).catch(() => undefined);
  await bench.app.close();
  if (KEEP) return console.log(`  (kept database ${bench.name})`);
  const admin = new Client({ connectionString: PG });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${bench.name}" WITH (FORCE)`);
  await admin.end();
}

export async function publish(bench: Bench, definition: ThemeDefinition): Promise<string> {
  await bench.db.query(`INSERT INTO theme (slug, owner_region_code, draft, draft_updated_at) VALUES ($1, '18.72', $2, now())`, [definition.slug, JSON.stringify(definition)]);
  await bench.app.get(ThemesService).publish(null, definition.slug);
  const [{ id }] = (await bench.db.query(`SELECT id FROM theme WHERE slug = $1`, [definition.slug])) as { id: string }[];
  return id;
}
