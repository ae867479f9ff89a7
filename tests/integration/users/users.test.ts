import { createTestApp, TestApp } from '../../support/test-app';
import { expectProblem } from '../../support/problem';
import { BANJARSARI, HADIMULYO_BARAT, IMOPURO, KELURAHAN_METRO, KOTA_METRO, LAMPUNG, MARGOREJO, METRO_BARAT, METRO_PUSAT, METRO_SELATAN, METRO_TIMUR, MULYOJATI, REJOMULYO, SUMBERSARI_BANTUL, YOSODADI } from '../../support/regions';

interface UserItem {
  id: string;
  username: string;
  role: string;
  regionCode: string;
}

let sequence = 0;
const newUser = (overrides: Record<string, unknown> = {}) => ({
  username: `pengguna.${++sequence}.${process.pid}`,
  password: 'kata-sandi-baru-123',
  displayName: 'Pengguna Baru',
  role: 'kader',
  regionCode: REJOMULYO,
  ...overrides,
});

describe('users', () => {
  let t: TestApp;
  let kota: { user: UserItem; auth: string };
  let kecamatan: { user: UserItem; auth: string };
  let kelurahan: { user: UserItem; auth: string };
  beforeAll(async () => {
    t = await createTestApp();
    kota = await t.as('admin', KOTA_METRO);
    kecamatan = await t.as('admin', METRO_SELATAN);
    kelurahan = await t.as('admin', REJOMULYO);
  });
  afterAll(() => t.close());

  const listAll = async (auth: string, query = ''): Promise<UserItem[]> => {
    const response = await t.http().get(`/api/users?limit=1000${query}`).set('Authorization', auth).expect(200);
    expect(response.body.nextCursor).toBeNull();
    return response.body.items as UserItem[];
  };

  it('lets an admin create a kader in their own subtree: 201, no password in the answer, and the kader can log in', async () => {
    const input = newUser({ regionCode: MARGOREJO, displayName: 'Kader Margorejo' });
    const response = await t.http().post('/api/users').set('Authorization', kecamatan.auth).send(input).expect(201);
    expect(response.body).toEqual({
      id: expect.any(String),
      username: input.username,
      displayName: 'Kader Margorejo',
      role: 'kader',
      regionCode: MARGOREJO,
      disabled: false,
      language: 'id',
      createdAt: expect.any(String),
    });
    expect(response.text).not.toContain(input.password as string);
    const login = await t.http().post('/api/auth/login').send({ username: input.username, password: input.password }).expect(200);
    expect(login.body.user.id).toBe(response.body.id);
    const [stored] = (await t.db.query('SELECT password_hash FROM app_user WHERE id = $1', [response.body.id])) as { password_hash: string }[];
    expect(stored.password_hash).toMatch(/^\$argon2id\$/);
  });

  it('answers 404 REGION_OUT_OF_SCOPE when a kecamatan admin creates a user in another kecamatan or above', async () => {
    for (const regionCode of [YOSODADI, METRO_TIMUR, KOTA_METRO, LAMPUNG]) {
      expectProblem(await t.http().post('/api/users').set('Authorization', kecamatan.auth).send(newUser({ regionCode })), 404, 'REGION_OUT_OF_SCOPE');
    }
  });

  it('answers 404 REGION_OUT_OF_SCOPE for a region inside the subtree that does not exist', async () => {
    expectProblem(await t.http().post('/api/users').set('Authorization', kecamatan.auth).send(newUser({ regionCode: '18.72.05.9999' })), 404, 'REGION_OUT_OF_SCOPE');
  });

  it('keeps a kelurahan admin to that kelurahan: other users answer 404 and the list shows only its subtree', async () => {
    const own = await t.makeUser('kader', REJOMULYO);
    const neighbour = await t.makeUser('kader', MARGOREJO);
    const above = await t.makeUser('opd', KOTA_METRO);

    const listed = await listAll(kelurahan.auth);
    expect(listed.map((u) => u.id)).toEqual(expect.arrayContaining([own.id, kelurahan.user.id]));
    for (const user of listed) expect(user.regionCode === REJOMULYO || user.regionCode.startsWith(`${REJOMULYO}.`)).toBe(true);

    await t.http().get(`/api/users/${own.id}`).set('Authorization', kelurahan.auth).expect(200);
    for (const other of [neighbour, above, kecamatan.user]) {
      const get = expectProblem(await t.http().get(`/api/users/${other.id}`).set('Authorization', kelurahan.auth), 404);
      const patch = expectProblem(await t.http().patch(`/api/users/${other.id}`).set('Authorization', kelurahan.auth).send({ displayName: 'diambil alih' }), 404);
      // Same answer as for a user that does not exist at all.
      const missing = expectProblem(await t.http().get('/api/users/00000000-0000-4000-8000-000000000000').set('Authorization', kelurahan.auth), 404);
      expect([get.code, patch.code]).toEqual([missing.code, missing.code]);
    }
    expectProblem(await t.http().post('/api/users').set('Authorization', kelurahan.auth).send(newUser({ regionCode: MARGOREJO })), 404, 'REGION_OUT_OF_SCOPE');
    expectProblem(await t.http().get(`/api/users?region=${METRO_SELATAN}`).set('Authorization', kelurahan.auth), 404, 'REGION_OUT_OF_SCOPE');
    // Nor can they move one of their own users out of their kelurahan.
    expectProblem(await t.http().patch(`/api/users/${own.id}`).set('Authorization', kelurahan.auth).send({ regionCode: MARGOREJO }), 404, 'REGION_OUT_OF_SCOPE');
    const unchanged = await t.http().get(`/api/users/${own.id}`).set('Authorization', kelurahan.auth).expect(200);
    expect(unchanged.body.regionCode).toBe(REJOMULYO);
  });

  it('lists users of a subtree with ?region=, including those placed below the kelurahan', async () => {
    const rw = (await t.http().post('/api/regions').set('Authorization', kota.auth).send({ name: 'RW 01', level: 'rw', parentCode: IMOPURO }).expect(201)).body.code as string;
    const inRw = await t.makeUser('kader', rw);
    const inKelurahan = await t.makeUser('kader', IMOPURO);
    const elsewhere = await t.makeUser('kader', HADIMULYO_BARAT);

    const ids = (await listAll(kota.auth, `&region=${IMOPURO}`)).map((u) => u.id);
    expect(ids).toEqual(expect.arrayContaining([inRw.id, inKelurahan.id]));
    expect(ids).not.toContain(elsewhere.id);
    expect((await listAll(kota.auth, `&region=${rw}`)).map((u) => u.id)).toEqual([inRw.id]);
    expect((await listAll(kota.auth, `&region=${METRO_PUSAT}`)).map((u) => u.id)).toEqual(expect.arrayContaining([inRw.id, inKelurahan.id, elsewhere.id]));
  });

  it('pages through the list with limit and nextCursor, every user exactly once', async () => {
    for (let i = 0; i < 5; i++) await t.makeUser('kader', BANJARSARI);
    const everyone = (await listAll(kota.auth)).map((u) => u.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${cursor}` : '';
      const page = await t.http().get(`/api/users?limit=2${query}`).set('Authorization', kota.auth).expect(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...(page.body.items as UserItem[]).map((u) => u.id));
      cursor = page.body.nextCursor as string | null;
    } while (cursor);
    expect(seen).toEqual(everyone);
    expect(new Set(seen).size).toBe(seen.length);
    expectProblem(await t.http().get('/api/users?limit=0').set('Authorization', kota.auth), 400, 'INVALID_LIMIT');
    expectProblem(await t.http().get('/api/users?cursor=%21%21').set('Authorization', kota.auth), 400, 'INVALID_CURSOR');
  });

  it('lets nobody raise their own role, move or disable themselves: 403', async () => {
    const self = await t.as('admin', MULYOJATI);
    for (const change of [{ role: 'admin' }, { role: 'kader' }, { regionCode: MULYOJATI }, { disabled: true }, { disabled: false }]) {
      expectProblem(await t.http().patch(`/api/users/${self.user.id}`).set('Authorization', self.auth).send(change), 403, 'FORBIDDEN');
    }
    // Moving oneself up the tree is refused before anything else: that region is out of scope.
    expectProblem(await t.http().patch(`/api/users/${self.user.id}`).set('Authorization', self.auth).send({ regionCode: METRO_BARAT }), 404, 'REGION_OUT_OF_SCOPE');
    const kader = await t.as('kader', MULYOJATI);
    expectProblem(await t.http().patch(`/api/users/${kader.user.id}`).set('Authorization', kader.auth).send({ role: 'admin' }), 403, 'FORBIDDEN');
    const [row] = (await t.db.query('SELECT role, region_code, disabled FROM app_user WHERE id = $1', [self.user.id])) as Record<string, unknown>[];
    expect(row).toEqual({ role: 'admin', region_code: MULYOJATI, disabled: false });
    // Their own display name and password are theirs to change.
    const renamed = await t.http().patch(`/api/users/${self.user.id}`).set('Authorization', self.auth).send({ displayName: 'Nama Baru' }).expect(200);
    expect(renamed.body.displayName).toBe('Nama Baru');
  });

  it('lets an admin change the role of a user in the subtree, and the change shows at once', async () => {
    const target = await t.makeUser('kader', SUMBERSARI_BANTUL);
    const patched = await t.http().patch(`/api/users/${target.id}`).set('Authorization', kecamatan.auth).send({ role: 'opd', displayName: 'Dinas' }).expect(200);
    expect(patched.body).toEqual(expect.objectContaining({ id: target.id, role: 'opd', displayName: 'Dinas', regionCode: SUMBERSARI_BANTUL }));
    expect((await t.http().get(`/api/users/${target.id}`).set('Authorization', kecamatan.auth).expect(200)).body.role).toBe('opd');
  });

  it('changes a password: the old one stops working, the new one works', async () => {
    const target = await t.makeUser('kader', SUMBERSARI_BANTUL);
    await t.http().patch(`/api/users/${target.id}`).set('Authorization', kecamatan.auth).send({ password: 'sandi-yang-baru-456' }).expect(200);
    expectProblem(await t.http().post('/api/auth/login').send({ username: target.username, password: 'kata-sandi-uji-123' }), 401, 'INVALID_CREDENTIALS');
    await t.http().post('/api/auth/login').send({ username: target.username, password: 'sandi-yang-baru-456' }).expect(200);
  });

  it('answers 409 USERNAME_TAKEN for a duplicate username, also when many arrive at once', async () => {
    const input = newUser();
    await t.http().post('/api/users').set('Authorization', kota.auth).send(input).expect(201);
    expectProblem(await t.http().post('/api/users').set('Authorization', kota.auth).send({ ...input, regionCode: KELURAHAN_METRO }), 409, 'USERNAME_TAKEN');

    const racing = newUser();
    const answers = await Promise.all(Array.from({ length: 6 }, () => t.http().post('/api/users').set('Authorization', kota.auth).send(racing)));
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    for (const answer of answers.filter((a) => a.status === 409)) expectProblem(answer, 409, 'USERNAME_TAKEN');
    const [{ count }] = (await t.db.query('SELECT count(*)::int AS count FROM app_user WHERE username = $1', [racing.username])) as { count: number }[];
    expect(count).toBe(1);
  });

  it('answers 400 with errors[].path /bonus for an unknown property, and writes nothing', async () => {
    const input = newUser({ bonus: 1000 });
    const problem = expectProblem(await t.http().post('/api/users').set('Authorization', kota.auth).send(input), 400);
    expect(problem.errors).toEqual([expect.objectContaining({ path: '/bonus', keyword: 'additionalProperties' })]);
    const [{ count }] = (await t.db.query('SELECT count(*)::int AS count FROM app_user WHERE username = $1', [input.username])) as { count: number }[];
    expect(count).toBe(0);

    const target = await t.makeUser('kader', REJOMULYO);
    const patch = expectProblem(await t.http().patch(`/api/users/${target.id}`).set('Authorization', kota.auth).send({ isSuperuser: true }), 400);
    expect(patch.errors?.map((e) => e.path)).toEqual(['/isSuperuser']);
  });

  it.each([
    ['an unknown role', { role: 'superadmin' }, '/role'],
    ['a short password', { password: 'pendek' }, '/password'],
    ['an uppercase username', { username: 'Kader.Besar' }, '/username'],
    ['a number for a name', { displayName: 42 }, '/displayName'],
    ['a malformed region code', { regionCode: '18.72.05.1001.x' }, '/regionCode'],
  ])('answers 400 naming the field for %s', async (_label, override, path) => {
    const problem = expectProblem(await t.http().post('/api/users').set('Authorization', kota.auth).send(newUser(override)), 400);
    expect(problem.errors?.map((e) => e.path)).toContain(path);
  });

  it('answers 400 for an id that is not a UUID', async () => {
    expectProblem(await t.http().get('/api/users/123').set('Authorization', kota.auth), 400);
  });
});
