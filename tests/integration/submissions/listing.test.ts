import { createTestApp, publishTheme, TestApp } from '../../support/test-app';
import { expectProblem } from '../../support/problem';
import { KOTA_METRO, MARGOREJO, REJOMULYO } from '../../support/regions';
import { makeSubmission, postSubmission } from '../../support/submissions';
import { makeTheme } from '../../support/themes';

describe('submissions: listing', () => {
  let t: TestApp;
  let admin: string;
  let slug: string;
  const ids: string[] = [];
  beforeAll(async () => {
    t = await createTestApp();
    admin = (await t.as('admin', KOTA_METRO)).auth;
    ({ slug } = await publishTheme(t, admin, makeTheme()));
    for (let i = 0; i < 7; i++) {
      const body = makeSubmission(i % 2 ? MARGOREJO : REJOMULYO, { nama: `Catatan ${i}`, jumlah: i });
      await postSubmission(t, admin, slug, body).expect(201);
      ids.push(body.id);
    }
  });
  afterAll(() => t.close());

  async function pages(query: string): Promise<string[]> {
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 20; page++) {
      const response = await t.http().get(`/api/themes/${slug}/submissions?${query}${cursor ? `&cursor=${cursor}` : ''}`).set('Authorization', admin).expect(200);
      seen.push(...(response.body.items as { id: string }[]).map((item) => item.id));
      cursor = response.body.nextCursor as string | null;
      if (!cursor) return seen;
    }
    throw new Error('pagination did not end');
  }

  it('pages through every submission exactly once, newest first', async () => {
    expect(await pages('limit=2')).toEqual([...ids].reverse());
  });

  it('pages exactly even when submissions were made within the same millisecond', async () => {
    // Timestamps keep microseconds; concurrent submissions often share a millisecond.
    const stamps = ['.123900', '.123700', '.123500', '.123300', '.123100', '.122000', '.121000'];
    for (const [index, id] of [...ids].reverse().entries()) {
      await t.db.query(`UPDATE submission SET created_at = $2::timestamptz WHERE id = $1`, [id, `2026-01-05T01:02:03${stamps[index]}Z`]);
    }
    const all = await pages('limit=50');
    expect(all).toHaveLength(7);
    for (const limit of [1, 2, 3]) expect(await pages(`limit=${limit}`)).toEqual(all);
  });

  it('filters by region inside the caller’s subtree', async () => {
    const margorejo = await pages(`region=${MARGOREJO}&limit=2`);
    expect(margorejo.sort()).toEqual(ids.filter((_, i) => i % 2).sort());
  });

  it('answers a cursor it did not issue with 400, never 500', async () => {
    for (const forged of ['x|y', '2026-01-01T00:00:00.000Z|bukan-uuid', 'bukan-tanggal|3f2a9c1e-7b4d-4e8a-9c2f-1a2b3c4d5e6f', 'tanpa-pemisah']) {
      const cursor = Buffer.from(forged).toString('base64url');
      expectProblem(await t.http().get(`/api/themes/${slug}/submissions?cursor=${cursor}`).set('Authorization', admin), 400, 'INVALID_CURSOR');
    }
    expectProblem(await t.http().get(`/api/themes/${slug}/submissions?limit=0`).set('Authorization', admin), 400);
    expectProblem(await t.http().get(`/api/themes/${slug}/submissions?limit=1001`).set('Authorization', admin), 400);
  });
});
