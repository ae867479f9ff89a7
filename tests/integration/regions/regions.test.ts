import { subtreeCondition } from '../../../server/src/modules/regions/region.repository';
import { createTestApp, TestApp } from '../../support/test-app';
import { expectProblem } from '../../support/problem';

interface RegionItem {
  code: string;
  name: string;
  level: string;
  parentCode: string | null;
}

describe('regions', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp();
    admin = (await t.as('admin', '18.72')).auth;
  });
  afterAll(() => t.close());

  const children = async (auth: string, parent?: string): Promise<RegionItem[]> => {
    const query = parent === undefined ? '' : `parent=${parent}&`;
    const response = await t.http().get(`/api/regions?${query}limit=1000`).set('Authorization', auth).expect(200);
    return response.body.items as RegionItem[];
  };
  const addRegion = (auth: string, body: Record<string, unknown>) => t.http().post('/api/regions').set('Authorization', auth).send(body);

  it('lists the five kecamatan of Kota Metro with their Kemendagri codes', async () => {
    const response = await t.http().get('/api/regions?parent=18.72').set('Authorization', admin).expect(200);
    expect(response.body.items.map((r: { code: string; name: string }) => `${r.code} ${r.name}`)).toEqual([
      '18.72.01 Metro Pusat',
      '18.72.02 Metro Utara',
      '18.72.03 Metro Barat',
      '18.72.04 Metro Timur',
      '18.72.05 Metro Selatan',
    ]);
    expect(response.body.items[0]).toEqual({ code: '18.72.01', name: 'Metro Pusat', level: 'kecamatan', parentCode: '18.72' });
    expect(response.body.nextCursor).toBeNull();
  });

  it('starts the tree at Lampung, and Kota Metro sits under it', async () => {
    expect(await children(admin)).toEqual([{ code: '18', name: 'Lampung', level: 'provinsi', parentCode: null }]);
    expect(await children(admin, '18')).toEqual([{ code: '18.72', name: 'Kota Metro', level: 'kota', parentCode: '18' }]);
  });

  it('holds 22 kelurahan under 18.72, 5 + 4 + 4 + 5 + 4 by kecamatan', async () => {
    const kader = (await t.as('kader', '18.72.05.1001')).auth;
    const counts: number[] = [];
    const kelurahan: RegionItem[] = [];
    for (const kecamatan of await children(kader, '18.72')) {
      const items = await children(kader, kecamatan.code);
      counts.push(items.length);
      kelurahan.push(...items);
    }
    expect(counts).toEqual([5, 4, 4, 5, 4]);
    expect(kelurahan).toHaveLength(22);
    for (const item of kelurahan) {
      expect(item.level).toBe('kelurahan');
      expect(item.code).toMatch(/^18\.72\.0[1-5]\.10\d\d$/);
    }
    expect(kelurahan.find((r) => r.code === '18.72.05.1001')?.name).toBe('Rejomulyo');
  });

  it('pages through children with limit and cursor', async () => {
    const first = await t.http().get('/api/regions?parent=18.72.01&limit=2').set('Authorization', admin).expect(200);
    const second = await t.http().get(`/api/regions?parent=18.72.01&limit=2&cursor=${first.body.nextCursor}`).set('Authorization', admin).expect(200);
    const third = await t.http().get(`/api/regions?parent=18.72.01&limit=2&cursor=${second.body.nextCursor}`).set('Authorization', admin).expect(200);
    const codes = [...first.body.items, ...second.body.items, ...third.body.items].map((r: RegionItem) => r.code);
    expect(codes).toEqual(['18.72.01.1001', '18.72.01.1002', '18.72.01.1003', '18.72.01.1004', '18.72.01.1005']);
    expect(third.body.nextCursor).toBeNull();
  });

  it('answers one region with its path of ancestors, top first', async () => {
    const response = await t.http().get('/api/regions/18.72.05.1001').set('Authorization', admin).expect(200);
    expect(response.body).toEqual({
      code: '18.72.05.1001',
      name: 'Rejomulyo',
      level: 'kelurahan',
      parentCode: '18.72.05',
      path: [
        { code: '18', name: 'Lampung', level: 'provinsi', parentCode: null },
        { code: '18.72', name: 'Kota Metro', level: 'kota', parentCode: '18' },
        { code: '18.72.05', name: 'Metro Selatan', level: 'kecamatan', parentCode: '18.72' },
      ],
    });
    expect((await t.http().get('/api/regions/18').set('Authorization', admin).expect(200)).body.path).toEqual([]);
  });

  it('answers 404 for a region that does not exist, and 401 without a token', async () => {
    expectProblem(await t.http().get('/api/regions/18.72.09').set('Authorization', admin), 404);
    expectProblem(await t.http().get('/api/regions/bukan-kode').set('Authorization', admin), 404);
    expectProblem(await t.http().get('/api/regions/18.72.05.1001'), 401);
  });

  it('lets an admin add RW, RT and dasawisma with generated, hierarchical codes', async () => {
    const rw = await addRegion(admin, { name: 'RW 01', level: 'rw', parentCode: '18.72.05.1004' }).expect(201);
    expect(rw.body).toEqual({ code: '18.72.05.1004.001', name: 'RW 01', level: 'rw', parentCode: '18.72.05.1004' });
    const rt = await addRegion(admin, { name: 'RT 01', level: 'rt', parentCode: rw.body.code }).expect(201);
    expect(rt.body).toEqual({ code: '18.72.05.1004.001.001', name: 'RT 01', level: 'rt', parentCode: '18.72.05.1004.001' });
    const dasawisma = await addRegion(admin, { name: 'Dasawisma Melati', level: 'dasawisma', parentCode: rt.body.code }).expect(201);
    expect(dasawisma.body).toEqual({ code: '18.72.05.1004.001.001.001', name: 'Dasawisma Melati', level: 'dasawisma', parentCode: '18.72.05.1004.001.001' });
    const rw2 = await addRegion(admin, { name: 'RW 02', level: 'rw', parentCode: '18.72.05.1004' }).expect(201);
    expect(rw2.body.code).toBe('18.72.05.1004.002');
    const rt2 = await addRegion(admin, { name: 'RT 01', level: 'rt', parentCode: rw2.body.code }).expect(201);
    expect(rt2.body.code).toBe('18.72.05.1004.002.001');

    expect((await children(admin, '18.72.05.1004')).map((r) => `${r.code} ${r.name}`)).toEqual(['18.72.05.1004.001 RW 01', '18.72.05.1004.002 RW 02']);
    const withPath = await t.http().get(`/api/regions/${dasawisma.body.code}`).set('Authorization', admin).expect(200);
    expect(withPath.body.path.map((r: RegionItem) => r.name)).toEqual(['Lampung', 'Kota Metro', 'Metro Selatan', 'Margodadi', 'RW 01', 'RT 01']);
  });

  it('keeps codes stable: a new sibling never reuses or renumbers an existing code', async () => {
    const a = (await addRegion(admin, { name: 'RW A', level: 'rw', parentCode: '18.72.05.1002' }).expect(201)).body.code as string;
    const b = (await addRegion(admin, { name: 'RW B', level: 'rw', parentCode: '18.72.05.1002' }).expect(201)).body.code as string;
    const c = (await addRegion(admin, { name: 'RW C', level: 'rw', parentCode: '18.72.05.1002' }).expect(201)).body.code as string;
    expect([a, b, c]).toEqual(['18.72.05.1002.001', '18.72.05.1002.002', '18.72.05.1002.003']);
    expect((await t.http().get(`/api/regions/${a}`).set('Authorization', admin).expect(200)).body.name).toBe('RW A');
  });

  it.each([
    ['an RT directly under a kelurahan', { level: 'rt', parentCode: '18.72.05.1003' }],
    ['a dasawisma directly under a kelurahan', { level: 'dasawisma', parentCode: '18.72.05.1003' }],
    ['an RW under a kecamatan', { level: 'rw', parentCode: '18.72.05' }],
    ['an RW under Kota Metro', { level: 'rw', parentCode: '18.72' }],
  ])('answers 400 INVALID_REGION_LEVEL for %s, and adds nothing', async (_label, body) => {
    expectProblem(await addRegion(admin, { name: 'Salah Tingkat', ...body }), 400, 'INVALID_REGION_LEVEL');
    const [{ count }] = (await t.db.query(`SELECT count(*)::int AS count FROM region WHERE name = 'Salah Tingkat'`)) as { count: number }[];
    expect(count).toBe(0);
  });

  it('refuses Kemendagri levels and unknown fields: 400 with the field named', async () => {
    const level = expectProblem(await addRegion(admin, { name: 'Kelurahan Baru', level: 'kelurahan', parentCode: '18.72.05' }), 400);
    expect(level.errors?.map((e) => e.path)).toEqual(['/level']);
    const unknown = expectProblem(await addRegion(admin, { name: 'RW', level: 'rw', parentCode: '18.72.05.1001', code: '18.72.05.1001.999' }), 400);
    expect(unknown.errors?.map((e) => e.path)).toEqual(['/code']);
  });

  it('answers 404 for a parent that does not exist inside the scope', async () => {
    expectProblem(await addRegion(admin, { name: 'RW', level: 'rw', parentCode: '18.72.05.1999' }), 404, 'REGION_OUT_OF_SCOPE');
  });

  it('keeps a kelurahan admin to that kelurahan: adding under another one answers 404', async () => {
    const kelurahan = (await t.as('admin', '18.72.04.1001')).auth;
    const own = await addRegion(kelurahan, { name: 'RW 01', level: 'rw', parentCode: '18.72.04.1001' }).expect(201);
    await addRegion(kelurahan, { name: 'RT 01', level: 'rt', parentCode: own.body.code }).expect(201);
    expectProblem(await addRegion(kelurahan, { name: 'RW 01', level: 'rw', parentCode: '18.72.04.1002' }), 404, 'REGION_OUT_OF_SCOPE');
    expectProblem(await addRegion(kelurahan, { name: 'RW 01', level: 'rw', parentCode: '18.72.04' }), 404, 'REGION_OUT_OF_SCOPE');
    expect(await children(admin, '18.72.04.1002')).toEqual([]);
  });

  it('refuses kader and OPD: 403', async () => {
    for (const role of ['kader', 'opd'] as const) {
      const { auth } = await t.as(role, '18.72.05.1001');
      expectProblem(await addRegion(auth, { name: 'RW', level: 'rw', parentCode: '18.72.05.1001' }), 403, 'FORBIDDEN');
    }
  });

  it('gives 10 RWs created at once under one kelurahan 10 distinct, consecutive codes', async () => {
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => addRegion(admin, { name: `RW serentak ${i + 1}`, level: 'rw', parentCode: '18.72.03.1002' })),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(201));
    const codes = answers.map((a) => a.body.code as string).sort();
    expect(codes).toEqual(Array.from({ length: 10 }, (_, i) => `18.72.03.1002.${String(i + 1).padStart(3, '0')}`));
    expect((await children(admin, '18.72.03.1002')).map((r) => r.code)).toEqual(codes);
  });

  it('answers subtree queries in one range on the code: the users of a region and everything below it', async () => {
    const rw = (await addRegion(admin, { name: 'RW 05', level: 'rw', parentCode: '18.72.02.1003' }).expect(201)).body.code as string;
    const rt = (await addRegion(admin, { name: 'RT 02', level: 'rt', parentCode: rw }).expect(201)).body.code as string;
    const atRt = await t.makeUser('kader', rt);
    const atRw = await t.makeUser('kader', rw);
    const atKelurahan = await t.makeUser('kader', '18.72.02.1003');
    const sibling = await t.makeUser('kader', '18.72.02.1004');

    const ids = async (region: string) =>
      ((await t.http().get(`/api/users?region=${region}&limit=1000`).set('Authorization', admin).expect(200)).body.items as { id: string }[]).map((u) => u.id).sort();
    expect(await ids(rt)).toEqual([atRt.id]);
    expect(await ids(rw)).toEqual([atRt.id, atRw.id].sort());
    expect(await ids('18.72.02.1003')).toEqual([atRt.id, atRw.id, atKelurahan.id].sort());
    expect(await ids('18.72.02')).toEqual(expect.arrayContaining([atRt.id, atRw.id, atKelurahan.id, sibling.id]));
    // 18.72.02.10031 would start with the same characters; a range on "code." keeps it out.
    expect(await ids('18.72.02.100')).toEqual([]);

    // With sequential scans priced out, the planner still picks one unless an index can serve the range.
    const plan = await t.db.transaction(async (manager) => {
      await manager.query('SET LOCAL enable_seqscan = off');
      return (await manager.query(
        `EXPLAIN SELECT code FROM region WHERE ${subtreeCondition('code', '$1')}`,
        ['18.72.02'],
      )) as { 'QUERY PLAN': string }[];
    });
    expect(plan.map((row) => row['QUERY PLAN']).join('\n')).not.toMatch(/Seq Scan on region/);
  });
});
