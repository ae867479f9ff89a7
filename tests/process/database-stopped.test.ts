import { rmSync } from 'node:fs';
import { KELURAHAN_METRO, KOTA_METRO, MULYOSARI, PURWOSARI } from '../support/regions';
import { makeSubmission } from '../support/submissions';
import { runId } from '../support/test-database';
import { sleep, waitFor } from '../support/wait';
import {
  ApiProcess,
  expectNothingLost,
  insertAdmin,
  publishOverHttp,
  sendSubmission,
  startApiProcess,
  submitContinuously,
  unexpectedAnswers,
} from './support/api-process';
import { RedisServer, startRedis, stopChild } from './support/processes';
import { startThrowawayPostgres, ThrowawayPostgres } from './support/throwaway-postgres';

const SLUG = 'uji-basis-data-mati';
const OUTAGE_MS = 10_000;

/**
 * The PostgreSQL server itself (one of the test's own) is stopped for ten seconds and started again
 * while submissions keep arriving; the API is not restarted.
 */
describe('fault: the PostgreSQL server is down for 10 s while submissions keep arriving', () => {
  let postgres: ThrowawayPostgres;
  let redis: RedisServer;
  let api: ApiProcess | null = null;
  const dataDir = `/tmp/${runId()}_pgstop_${process.pid}`;

  beforeAll(async () => {
    [postgres, redis] = await Promise.all([startThrowawayPostgres(), startRedis()]);
    api = await startApiProcess({ databaseUrl: postgres.url, redisUrl: redis.url, redisPrefix: `${runId()}:pgstop`, dataDir });
    const db = await postgres.connect();
    await insertAdmin(db, 'admin.uji', KOTA_METRO);
    await db.end();
  }, 120_000);
  afterAll(async () => {
    await stopChild(api?.child);
    await postgres?.remove();
    await redis?.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses with 503 RETRYABLE while it is down, names it in health, and carries on by itself when it is back', async () => {
    const auth = await api!.login('admin.uji');
    await publishOverHttp(api!, auth, SLUG);
    const pid = api!.child.process.pid;
    const load = submitContinuously(api!, auth, SLUG, [KELURAHAN_METRO, PURWOSARI, MULYOSARI]);
    await sleep(1500);

    await postgres.stop();
    const down = Date.now();
    const health = await waitFor(
      'health to name the database as down',
      async () => {
        const response = await api!.http('/api/health');
        const body = (await response.json()) as { down: string[] };
        return response.status === 503 && body.down.includes('database') ? body : null;
      },
      { timeoutMs: OUTAGE_MS - 1000, intervalMs: 250 },
    );
    await sleep(Math.max(0, OUTAGE_MS - (Date.now() - down)));
    const duringOutage = load.sent.length;
    await postgres.start();

    const after = await waitFor(
      'a submission stored after the database came back',
      async () => {
        const answer = await sendSubmission(api!, auth, SLUG, makeSubmission(KELURAHAN_METRO, { jumlah: 2, kategori: 'c' }, { period: '2026-11-22' }));
        return answer.status === 201 ? answer : null;
      },
      { timeoutMs: 20_000, intervalMs: 250, explain: () => api!.child.output().slice(-3000) },
    );
    await load.stop();

    expect(health.down).toEqual(['database']);
    expect((await api!.http('/api/health')).status).toBe(200);
    expect(api!.child.process.pid).toBe(pid);
    expect(api!.child.process.exitCode).toBeNull();

    expect(unexpectedAnswers(load.sent)).toEqual([]);
    const refused = load.sent.filter((s) => s.status === 503);
    // Submissions kept arriving through the ten seconds, and were refused in a way the phone retries.
    expect(refused.length).toBeGreaterThan(10);
    expect(load.sent.length).toBeGreaterThan(duringOutage - 1);

    const db = await postgres.connect();
    try {
      await expectNothingLost(api!, auth, db, SLUG, load.sent, [after.body.id]);
    } finally {
      await db.end();
    }
  }, 120_000);
});
