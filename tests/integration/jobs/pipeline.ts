import type { INestApplicationContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { BullMqBackend } from '../../../server/src/modules/jobs/bullmq-backend';
import { JOB_BACKEND, JobBackend } from '../../../server/src/modules/jobs/job-backend';
import { OutboxRelay } from '../../../server/src/modules/jobs/outbox-relay';
import { createWorker } from '../../../server/src/worker-bootstrap';
import { createTestApp, TestApp } from '../../support/test-app';

/**
 * The whole pipeline in one test process, against the real PostgreSQL and Redis: the API (with its
 * outbox relay and sweeps started, as `npm run start:api` does) and a worker (processors only, as
 * `npm run start:worker` does), both on the test app's database and Redis prefix.
 */
export interface Pipeline {
  t: TestApp;
  worker: INestApplicationContext | null;
  startWorker(): Promise<void>;
  stopWorker(): Promise<void>;
  /** Waits until the outbox, the dirty marks and the queues are empty (two checks in a row). */
  settle(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startPipeline(env: Record<string, string> = {}, options: { worker?: boolean } = {}): Promise<Pipeline> {
  const t = await createTestApp(env);
  const relay = t.app.get(OutboxRelay);
  relay.start();
  const backend = t.app.get<JobBackend>(JOB_BACKEND);
  const pipeline: Pipeline = {
    t,
    worker: null,
    async startWorker() {
      pipeline.worker ??= await createWorker(t.config, t.config.databaseUrl!);
    },
    async stopWorker() {
      await pipeline.worker?.close();
      pipeline.worker = null;
    },
    async settle(timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      let quiet = 0;
      let last = '';
      while (Date.now() < deadline) {
        const [row] = (await t.db.query(
          `SELECT (SELECT count(*) FROM outbox)::int AS outbox,
                  (SELECT count(*) FROM aggregate_dirty_cell)::int AS cells,
                  (SELECT count(*) FROM aggregate_dirty_rollup)::int AS rollups`,
        )) as { outbox: number; cells: number; rollups: number }[];
        const counts = await backend.counts();
        // Reminder schedulers always hold their next run as a delayed job: only running work counts.
        const busy = Object.entries(counts).reduce((sum, [queue, c]) => sum + c.waiting + c.active + (queue === 'reminders' ? 0 : c.delayed), 0);
        last = JSON.stringify({ ...row, jobs: busy });
        if (row.outbox + row.cells + row.rollups + busy === 0) {
          if (++quiet >= 2) return;
        } else {
          quiet = 0;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`Pipeline did not settle within ${timeoutMs} ms; still pending: ${last}`);
    },
    async close() {
      await relay.stop();
      await pipeline.stopWorker();
      if (backend instanceof BullMqBackend) {
        for (const queue of backend.queues()) await queue.obliterate({ force: true }).catch(() => undefined);
      }
      await t.close();
    },
  };
  if (options.worker !== false) await pipeline.startWorker();
  return pipeline;
}

/** A theme definition for aggregation tests: every op, groupBy, where, ratio and overTime. */
export function aggregationTheme(slug: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    slug,
    title: 'Uji agregasi',
    unit: 'record',
    regionLevel: 'kelurahan',
    period: 'day',
    sensitivity: 'public',
    schema: {
      type: 'object',
      required: ['jumlah', 'kategori'],
      additionalProperties: false,
      properties: {
        jumlah: { type: 'integer', title: 'Jumlah', minimum: 0, maximum: 1000 },
        tinggi: { type: 'number', title: 'Tinggi', minimum: 0, maximum: 300 },
        kategori: { type: 'string', title: 'Kategori', enum: ['a', 'b', 'c'] },
        aktif: { type: 'boolean', title: 'Aktif' },
        stok: { type: 'integer', title: 'Stok', minimum: 0, maximum: 1000 },
      },
    },
    aggregations: [
      { key: 'banyak', title: 'Banyak catatan', op: 'count' },
      { key: 'per_kategori', title: 'Menurut kategori', op: 'count', groupBy: '/kategori' },
      { key: 'jumlah', title: 'Jumlah', op: 'sum', field: '/jumlah' },
      { key: 'rata_tinggi', title: 'Rata-rata tinggi', op: 'avg', field: '/tinggi' },
      { key: 'min_tinggi', title: 'Tinggi terendah', op: 'min', field: '/tinggi' },
      { key: 'max_tinggi', title: 'Tinggi tertinggi', op: 'max', field: '/tinggi' },
      { key: 'besar', title: 'Catatan dengan jumlah ≥ 5', op: 'count', where: { '/jumlah': { gte: 5 } } },
      { key: 'ab', title: 'Kategori a atau b', op: 'count', where: { '/kategori': { in: ['a', 'b'] } } },
      { key: 'persen_aktif', title: 'Aktif (%)', op: 'ratio', numerator: { where: { '/aktif': { eq: true } } }, denominator: {}, scale: 100 },
      { key: 'jumlah_per_tinggi', title: 'Jumlah per tinggi', op: 'ratio', numerator: { field: '/jumlah' }, denominator: { field: '/tinggi' } },
      { key: 'stok', title: 'Stok (terakhir)', op: 'sum', field: '/stok', overTime: 'last' },
      { key: 'stok_rata', title: 'Stok (rata-rata per hari)', op: 'sum', field: '/stok', overTime: 'avg' },
      { key: 'aktif_per_kategori', title: 'Aktif menurut kategori (%)', op: 'ratio', groupBy: '/kategori', numerator: { where: { '/aktif': { eq: true } } }, denominator: {}, scale: 100 },
    ],
    ...overrides,
  };
}

/** Creates and publishes a theme as an admin of Kota Metro; answers the theme id. */
export async function publishTheme(t: TestApp, admin: string, definition: Record<string, unknown>): Promise<string> {
  const created = await t.http().post('/api/themes').set('Authorization', admin).send(definition);
  if (created.status !== 201) throw new Error(`create theme answered ${created.status}: ${created.text}`);
  const published = await t.http().post(`/api/themes/${definition.slug as string}/publish`).set('Authorization', admin);
  if (published.status !== 201) throw new Error(`publish answered ${published.status}: ${published.text}`);
  const [row] = (await t.db.query(`SELECT id FROM theme WHERE slug = $1`, [definition.slug])) as { id: string }[];
  return row.id;
}

export async function submit(t: TestApp, auth: string, slug: string, regionCode: string, period: string, data: Record<string, unknown>, id = randomUUID()): Promise<string> {
  const response = await t.http().post(`/api/themes/${slug}/submissions`).set('Authorization', auth).send({ id, regionCode, period, data });
  if (response.status !== 201) throw new Error(`submission answered ${response.status}: ${response.text}`);
  return id;
}

export async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 20_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown = null;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
}
