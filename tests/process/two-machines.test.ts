import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { Client } from 'pg';
import { schedulerId } from '../../server/src/modules/reminders/reminders.service';
import { KELURAHAN_METRO, KOTA_METRO } from '../support/regions';
import { makeSubmission } from '../support/submissions';
import { TEST_PASSWORD } from '../support/test-app';
import { createDatabase, databaseUrl, dropDatabase, runId, templateDatabase } from '../support/test-database';
import { sleep, waitFor } from '../support/wait';
import { ApiProcess, insertAdmin, PROCESS_JWT_SECRET, publishOverHttp, sendSubmission, startApiProcess } from './support/api-process';
import { Child, FAST_JOBS, RedisServer, spawnEntry, startRedis, stopChild } from './support/processes';

/**
 * More than one machine: two API processes and two worker processes on one PostgreSQL database and
 * one Redis key prefix, as a city deployment behind a load balancer runs them. Uploaded files are on
 * disk under DATA_DIR today, so the two APIs share one DATA_DIR (a shared volume in production).
 */
describe('two APIs and two workers on one database and one Redis', () => {
  const name = `${runId()}_two_${process.pid}`;
  const prefix = `${runId()}:two`;
  const dataDir = `/tmp/${name}`;
  let redis: RedisServer;
  let db: Client;
  let apis: ApiProcess[] = [];
  let workers: Child[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    await createDatabase(name, templateDatabase());
    db = new Client({ connectionString: databaseUrl(name) });
    await db.connect();
    await insertAdmin(db, 'admin.satu', KOTA_METRO);
    await insertAdmin(db, 'admin.dua', KOTA_METRO);
    const api = () => startApiProcess({ databaseUrl: databaseUrl(name), redisUrl: redis.url, redisPrefix: prefix, dataDir });
    // Production lock times for the workers: a job is not taken over by the other worker just because
    // a busy test machine was slow to renew its lock.
    const worker = () =>
      spawnEntry(
        'server/src/worker.ts',
        { LOG_LEVEL: 'log', ...FAST_JOBS, DATABASE_URL: databaseUrl(name), REDIS_URL: redis.url, REDIS_PREFIX: prefix, JWT_SECRET: PROCESS_JWT_SECRET, DATA_DIR: dataDir, JOBS_LOCK_DURATION_MS: '30000' },
        /Worker started/,
        150_000,
      );
    // Two at a time: four processes compiling the server at once starve a small test machine.
    apis = await Promise.all([api(), api()]);
    workers = await Promise.all([worker(), worker()]);
  }, 300_000);
  afterAll(async () => {
    await Promise.all([...apis.map((api) => stopChild(api.child)), ...workers.map(stopChild)]);
    await db.end();
    await dropDatabase(name);
    await redis.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('counts failed logins through either API against the same account', async () => {
    const [api1, api2] = apis;
    const wrong = (api: ApiProcess) =>
      api.http('/api/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'admin.dua', password: 'bukan-sandinya' }) });
    // Six wrong passwords, three through each API: more than either would allow on its own count.
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 6; attempt++) statuses.push((await wrong(attempt % 2 === 0 ? api1 : api2)).status);
    expect(statuses.every((status) => status === 401 || status === 429)).toBe(true);
    // Now even the right password is held back, on both.
    for (const api of [api1, api2]) {
      const response = await api.http('/api/auth/login', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: 'admin.dua', password: TEST_PASSWORD }),
      });
      expect(response.status).toBe(429);
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    }
  });

  it('refuses through one API a token logged out through the other', async () => {
    const [api1, api2] = apis;
    const auth = await api1.login('admin.satu');
    expect((await api2.http('/api/auth/me', { headers: { Authorization: auth } })).status).toBe(200);
    expect((await api1.http('/api/auth/logout', { method: 'POST', headers: { Authorization: auth } })).status).toBe(204);
    expect((await api2.http('/api/auth/me', { headers: { Authorization: auth } })).status).toBe(401);
    expect((await api1.http('/api/auth/me', { headers: { Authorization: auth } })).status).toBe(401);
  });

  it('stores a submission sent to both APIs at once (same id) once', async () => {
    const [api1, api2] = apis;
    const auth = await api1.login('admin.satu');
    await publishOverHttp(api1, auth, 'uji-dua-mesin');
    const bodies = Array.from({ length: 10 }, (_, i) => makeSubmission(KELURAHAN_METRO, { jumlah: i, kategori: 'a' }, { period: '2026-11-03' }));
    for (const body of bodies) {
      const answers = await Promise.all([sendSubmission(api1, auth, 'uji-dua-mesin', body), sendSubmission(api2, auth, 'uji-dua-mesin', body)]);
      // One stores it (201), the other answers the stored submission (200, a replay).
      expect(answers.map((answer) => answer.status).sort()).toEqual([200, 201]);
    }
    const ids = bodies.map((body) => body.id);
    const [{ n }] = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM submission WHERE id = ANY($1::uuid[])`, [ids])).rows;
    expect(n).toBe(ids.length);
  });

  it('reads through one API a file uploaded through the other', async () => {
    const [api1, api2] = apis;
    const auth = await api1.login('admin.satu');
    const pdf = Buffer.from(`%PDF-1.4\n% ${randomUUID()}\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n`, 'latin1');
    const form = new FormData();
    form.append('file', new Blob([pdf], { type: 'application/pdf' }), 'surat.pdf');
    const uploaded = await api1.http('/api/files', { method: 'POST', headers: { Authorization: auth }, body: form });
    expect(uploaded.status).toBe(201);
    const { id } = (await uploaded.json()) as { id: string };
    const read = await api2.http(`/api/files/${id}`, { headers: { Authorization: auth } });
    expect(read.status).toBe(200);
    expect(Buffer.from(await read.arrayBuffer()).equals(pdf)).toBe(true);
  });

  it('runs a reminder schedule once per tick across both workers', async () => {
    const [{ id: themeId }] = (await db.query<{ id: string }>(`SELECT id FROM theme WHERE slug = 'posyandu'`)).rows;
    const scheduler = schedulerId(themeId, 'kader-awal-bulan');
    const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
    const queue = new Queue('reminders', { connection, prefix });
    const runs = () => workers.reduce((sum, worker) => sum + (worker.output().match(/Reminder posyandu\/kader-awal-bulan /g) ?? []).length, 0);
    try {
      // Both workers synced the schedules at start; there is one scheduler and one next run waiting.
      const nextRun = () =>
        waitFor(
          'the next run of the schedule',
          async () => {
            const delayed = (await queue.getDelayed()).filter((job) => job.repeatJobKey === scheduler);
            return delayed.length === 1 ? delayed[0] : null;
          },
          { timeoutMs: 30_000, intervalMs: 250, explain: async () => `delayed: ${JSON.stringify((await queue.getDelayed()).map((job) => job.id))}` },
        );
      expect((await queue.getJobSchedulers(0, -1)).filter((entry) => entry.key === scheduler || entry.id === scheduler)).toHaveLength(1);
      expect(runs()).toBe(0);

      // Two ticks: each time the tick comes (the waiting run is made due now), one worker runs it.
      for (let tick = 1; tick <= 2; tick++) {
        await (await nextRun()).promote();
        await waitFor(`run ${tick}`, async () => runs() >= tick, { timeoutMs: 30_000, explain: () => workers.map((w) => w.output().slice(-1500)).join('\n---\n') });
      }
      await sleep(2000);
      expect(runs()).toBe(2);
      expect((await queue.getJobSchedulers(0, -1)).filter((entry) => entry.key === scheduler || entry.id === scheduler)).toHaveLength(1);
    } finally {
      await queue.close();
      connection.disconnect();
    }
  }, 90_000);
});
