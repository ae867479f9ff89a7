import { rmSync } from 'node:fs';
import { Client } from 'pg';
import { BANJARSARI, KELURAHAN_METRO, KOTA_METRO, MARGODADI } from '../support/regions';
import { makeSubmission } from '../support/submissions';
import { createDatabase, databaseUrl, dropDatabase, runId, templateDatabase, withAdminClient } from '../support/test-database';
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

const SLUG = 'uji-koneksi-putus';

/**
 * Every PostgreSQL session of the API is terminated (`pg_terminate_backend`, from an admin session
 * of the test's own), again and again for two seconds, while submissions keep arriving.
 */
describe('fault: every database connection of the API is killed under load', () => {
  const name = `${runId()}_pgkill_${process.pid}`;
  let redis: RedisServer;
  let api: ApiProcess | null = null;
  let db: Client;

  beforeAll(async () => {
    redis = await startRedis();
    await createDatabase(name, templateDatabase());
    db = new Client({ connectionString: databaseUrl(name) });
    await db.connect();
    await insertAdmin(db, 'admin.uji', KOTA_METRO);
    api = await startApiProcess({ databaseUrl: databaseUrl(name), redisUrl: redis.url, redisPrefix: `${runId()}:pgkill`, dataDir: `/tmp/${name}` });
  }, 120_000);
  afterAll(async () => {
    await stopChild(api?.child);
    await db.end();
    await dropDatabase(name);
    await redis.kill();
    rmSync(`/tmp/${name}`, { recursive: true, force: true });
  });

  it('answers 201 or 503 RETRYABLE with Retry-After, loses no stored submission and recovers without a restart', async () => {
    const auth = await api!.login('admin.uji');
    await publishOverHttp(api!, auth, SLUG);
    const pid = api!.child.process.pid;

    const load = submitContinuously(api!, auth, SLUG, [KELURAHAN_METRO, BANJARSARI, MARGODADI]);
    await sleep(1500);
    let killed = 0;
    await withAdminClient(async (admin) => {
      for (let round = 0; round < 20; round++) {
        const result = await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid() AND application_name LIKE 'wakuncar%'`, [name]);
        killed += result.rowCount ?? 0;
        await sleep(100);
      }
    });
    await sleep(1500);
    await load.stop();

    // The API heals itself: same process, a new submission stored, health up.
    const after = await waitFor(
      'a submission stored after the kills',
      async () => {
        const answer = await sendSubmission(api!, auth, SLUG, makeSubmission(KELURAHAN_METRO, { jumlah: 1, kategori: 'b' }, { period: '2026-11-21' }));
        return answer.status === 201 ? answer : null;
      },
      { timeoutMs: 20_000, intervalMs: 250, explain: () => api!.child.output().slice(-3000) },
    );
    expect((await api!.http('/api/health')).status).toBe(200);
    expect(api!.child.process.pid).toBe(pid);
    expect(api!.child.process.exitCode).toBeNull();

    expect(killed).toBeGreaterThan(0);
    expect(unexpectedAnswers(load.sent)).toEqual([]);
    const refused = load.sent.filter((s) => s.status === 503);
    // The kills met requests in flight, so some were refused: that is the case under test.
    expect(refused.length).toBeGreaterThan(0);
    expect(api!.child.output()).not.toMatch(/INTERNAL_ERROR|ERROR \[ExceptionsHandler\]/);

    await expectNothingLost(api!, auth, db, SLUG, load.sent, [after.body.id]);
  }, 120_000);
});
