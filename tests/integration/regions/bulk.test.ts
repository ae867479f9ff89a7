import { createTestApp, TestApp } from '../../support/test-app';
import { expectProblem } from '../../support/problem';
import { KOTA_METRO, MARGODADI, MARGOREJO, METRO_TIMUR, YOSODADI } from '../../support/regions';

interface Created {
  row: number;
  code: string;
  name: string;
  level: string;
  parentCode: string;
}

describe('regions added in bulk from spreadsheet rows', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp();
    admin = (await t.as('admin', KOTA_METRO)).auth;
  });
  afterAll(() => t.close());

  const bulk = (auth: string, body: Record<string, unknown>) => t.http().post('/api/regions/bulk').set('Authorization', auth).send(body);
  const countUnder = async (code: string): Promise<number> => {
    const [{ count }] = (await t.db.query(`SELECT count(*)::int AS count FROM region WHERE code LIKE $1`, [`${code}.%`])) as { count: number }[];
    return count;
  };

  it('adds an RW with its RTs and a dasawisma in one go, parents named by path, codes like a single add', async () => {
    await t.http().post('/api/regions').set('Authorization', admin).send({ name: 'RW 01', level: 'rw', parentCode: MARGODADI }).expect(201);
    const rows = [
      { name: 'RW 02', level: 'rw' },
      { name: 'RT 01', level: 'rt', parent: 'RW 02' },
      { name: 'RT 02', level: 'rt', parent: 'rw  02' },
      { name: 'Dasawisma Mawar', level: 'dasawisma', parent: 'RW 02/RT 02' },
      { name: 'RT 05', level: 'rt', parent: 'RW 01' },
    ];
    const answer = await bulk(admin, { parentCode: MARGODADI, rows }).expect(201);
    expect(answer.body).toEqual({
      dryRun: false,
      created: [
        { row: 0, code: `${MARGODADI}.002`, name: 'RW 02', level: 'rw', parentCode: MARGODADI },
        { row: 1, code: `${MARGODADI}.002.001`, name: 'RT 01', level: 'rt', parentCode: `${MARGODADI}.002` },
        { row: 2, code: `${MARGODADI}.002.002`, name: 'RT 02', level: 'rt', parentCode: `${MARGODADI}.002` },
        { row: 3, code: `${MARGODADI}.002.002.001`, name: 'Dasawisma Mawar', level: 'dasawisma', parentCode: `${MARGODADI}.002.002` },
        { row: 4, code: `${MARGODADI}.001.001`, name: 'RT 05', level: 'rt', parentCode: `${MARGODADI}.001` },
      ],
    });
    const path = await t.http().get(`/api/regions/${MARGODADI}.002.002.001`).set('Authorization', admin).expect(200);
    expect(path.body.path.map((r: { name: string }) => r.name)).toEqual(['Lampung', 'Kota Metro', 'Metro Selatan', 'Margodadi', 'RW 02', 'RT 02']);

    const audit = (await t.db.query(`SELECT target_id FROM audit_log WHERE action = 'region.created' AND target_id LIKE $1 ORDER BY id`, [`${MARGODADI}.%`])) as { target_id: string }[];
    expect(audit.map((row) => row.target_id)).toEqual([`${MARGODADI}.001`, ...(answer.body.created as Created[]).map((row) => row.code)]);
  });

  it('on a dry run answers 200 with the codes it would give, and adds nothing', async () => {
    const answer = await bulk(admin, { parentCode: MARGOREJO, dryRun: true, rows: [{ name: 'RW 01', level: 'rw' }, { name: 'RT 01', level: 'rt', parent: 'RW 01' }] }).expect(200);
    expect((answer.body.created as Created[]).map((row) => row.code)).toEqual([`${MARGOREJO}.001`, `${MARGOREJO}.001.001`]);
    expect(answer.body.dryRun).toBe(true);
    expect(await countUnder(MARGOREJO)).toBe(0);
  });

  it('names every bad row and column, and adds none of the good ones', async () => {
    await t.http().post('/api/regions').set('Authorization', admin).send({ name: 'RW 07', level: 'rw', parentCode: YOSODADI }).expect(201);
    const rows = [
      { name: 'RW 08', level: 'rw' },
      { name: '', level: 'rw' },
      { name: 'RT 01', level: 'rt' },
      { name: 'RT 01', level: 'rt', parent: 'RW 99' },
      { name: 'rw 07', level: 'rw' },
      { name: 'RT 01', level: 'rt', parent: 'RW 08' },
      { name: 'RT 01', level: 'rt', parent: 'RW 08' },
      { name: 'Kelurahan Baru', level: 'kelurahan' },
      'bukan baris',
    ];
    const problem = expectProblem(await bulk(admin, { parentCode: YOSODADI, rows }), 422, 'VALIDATION_FAILED');
    expect(problem.errors?.map((error) => `${error.path} ${error.keyword}`)).toEqual([
      '/rows/1/name required',
      '/rows/2/level parentLevel',
      '/rows/3/parent parentMissing',
      '/rows/4/name duplicate',
      '/rows/6/name duplicate',
      '/rows/7/level enum',
      '/rows/8/name required',
      '/rows/8/level enum',
    ]);
    expect(problem.errors?.find((error) => error.path === '/rows/3/parent')?.message).toBe('Induk "RW 99" tidak ditemukan di bawah Yosodadi');
    expect(await countUnder(YOSODADI)).toBe(1);
  });

  it('keeps an admin inside their subtree and below kelurahan', async () => {
    const kelurahan = (await t.as('admin', YOSODADI)).auth;
    expectProblem(await bulk(kelurahan, { parentCode: MARGODADI, rows: [{ name: 'RW 09', level: 'rw' }] }), 404, 'REGION_OUT_OF_SCOPE');
    expectProblem(await bulk(admin, { parentCode: METRO_TIMUR, rows: [{ name: 'RW 09', level: 'rw' }] }), 400, 'INVALID_REGION_LEVEL');
    const kader = (await t.as('kader', YOSODADI)).auth;
    expectProblem(await bulk(kader, { parentCode: YOSODADI, rows: [{ name: 'RW 09', level: 'rw' }] }), 403, 'FORBIDDEN');
    expectProblem(await bulk(admin, { parentCode: YOSODADI, rows: [] }), 400);
  });

  it('lists children with how many children each has, when asked', async () => {
    const answer = await t.http().get(`/api/regions?parent=${MARGODADI}&counts=true`).set('Authorization', admin).expect(200);
    expect(answer.body.items).toEqual([
      { code: `${MARGODADI}.001`, name: 'RW 01', level: 'rw', parentCode: MARGODADI, childCount: 1 },
      { code: `${MARGODADI}.002`, name: 'RW 02', level: 'rw', parentCode: MARGODADI, childCount: 2 },
    ]);
    const plain = await t.http().get(`/api/regions?parent=${MARGODADI}`).set('Authorization', admin).expect(200);
    expect(plain.body.items[0]).toEqual({ code: `${MARGODADI}.001`, name: 'RW 01', level: 'rw', parentCode: MARGODADI });
  });
});
