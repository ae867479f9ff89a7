import { ExportRepository } from '../../../server/src/modules/exports/export.repository';
import { Pipeline, startPipeline } from '../../support/pipeline';
import { expectProblem } from '../../support/problem';
import { KOTA_METRO, METRO_PUSAT } from '../../support/regions';
import { waitFor } from '../../support/wait';

interface ExportItem {
  id: string;
  theme: string;
  kind: string;
  format: string;
  query: Record<string, string>;
  status: string;
  progress: number;
  rows: number;
  createdAt: string;
  expiresAt: string | null;
}

describe('the list of my exports', () => {
  let p: Pipeline;
  let opd: string;

  const list = async (auth: string, query: Record<string, string> = {}) =>
    (await p.t.http().get('/api/exports').query(query).set('Authorization', auth).expect(200)).body as { items: ExportItem[]; nextCursor: string | null };

  const create = async (auth: string, body: Record<string, unknown>): Promise<string> =>
    (await p.t.http().post('/api/exports').set('Authorization', auth).send(body).expect(202)).body.id as string;

  beforeAll(async () => {
    p = await startPipeline({}, { backend: 'in-process' });
    opd = (await p.t.as('opd', KOTA_METRO)).auth;
  });
  afterAll(() => p.close());

  it('never starts again an export that is done or failed (its job delivered a second time)', async () => {
    const other = (await p.t.as('opd', KOTA_METRO)).auth;
    const id = await create(other, { theme: 'covid-harian', kind: 'aggregates', format: 'csv', query: { period: 'month' } });
    await waitFor('the export to finish', async () => (await list(other)).items.find((item) => item.id === id)?.status === 'done');
    const exports = new ExportRepository(p.t.db);
    expect(await exports.start(id)).toBe(false);
    await p.t.db.query(`UPDATE export_job SET status = 'failed' WHERE id = $1`, [id]);
    expect(await exports.start(id)).toBe(false);
    await p.t.db.query(`UPDATE export_job SET status = 'queued' WHERE id = $1`, [id]);
    expect(await exports.start(id)).toBe(true);
  });

  it('shows only my own exports, newest first, with what each one is and how far it got', async () => {
    const first = await create(opd, { theme: 'covid-harian', kind: 'aggregates', format: 'csv', query: { period: 'month' } });
    const second = await create(opd, { theme: 'covid-harian', kind: 'aggregates', format: 'xlsx', query: { period: 'day', region: METRO_PUSAT } });
    await waitFor('both exports to finish', async () => (await list(opd)).items.every((item) => item.status === 'done'));
    const { items, nextCursor } = await list(opd);
    expect(items.map((item) => item.id)).toEqual([second, first]);
    expect(nextCursor).toBeNull();
    expect(items[0]).toEqual(
      expect.objectContaining({ theme: 'covid-harian', kind: 'aggregates', format: 'xlsx', query: { period: 'day', region: METRO_PUSAT }, status: 'done', progress: 1 }),
    );
    expect(new Date(items[0].expiresAt!).getTime()).toBeGreaterThan(Date.now());

    const someoneElse = (await p.t.as('opd', KOTA_METRO)).auth;
    expect((await list(someoneElse)).items).toEqual([]);
  });

  it('pages newest first', async () => {
    const all = (await list(opd)).items.map((item) => item.id);
    const page1 = await list(opd, { limit: '1' });
    const page2 = await list(opd, { limit: '1', cursor: page1.nextCursor! });
    expect([...page1.items, ...page2.items].map((item) => item.id)).toEqual(all.slice(0, 2));
    expectProblem(await p.t.http().get('/api/exports').query({ cursor: 'bm90LWEtdXVpZA' }).set('Authorization', opd), 400, 'INVALID_CURSOR');
  });

  it('hides exports whose file is past its time or removed, and failed ones older than the keeping time', async () => {
    const expired = await create(opd, { theme: 'covid-harian', kind: 'aggregates', format: 'json' });
    const removed = await create(opd, { theme: 'covid-harian', kind: 'aggregates', format: 'csv' });
    const oldFailure = await create(opd, { theme: 'covid-harian', kind: 'aggregates', format: 'csv' });
    await waitFor('the exports to finish', async () => (await list(opd)).items.every((item) => item.status === 'done'));
    const before = (await list(opd)).items.map((item) => item.id);
    expect(before).toEqual(expect.arrayContaining([expired, removed, oldFailure]));

    await p.t.db.query(`UPDATE export_job SET expires_at = now() - interval '1 second' WHERE id = $1`, [expired]);
    await p.t.db.query(`UPDATE export_job SET file_removed_at = now() WHERE id = $1`, [removed]);
    await p.t.db.query(`UPDATE export_job SET status = 'failed', expires_at = NULL, created_at = now() - interval '25 hours' WHERE id = $1`, [oldFailure]);
    const after = (await list(opd)).items.map((item) => item.id);
    expect(after).toEqual(before.filter((id) => ![expired, removed, oldFailure].includes(id)));
  });
});
