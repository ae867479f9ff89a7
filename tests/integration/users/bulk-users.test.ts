import { createTestApp, TestApp } from '../../support/test-app';
import { expectProblem } from '../../support/problem';
import { KOTA_METRO, METRO_PUSAT, METRO_SELATAN, REJOMULYO, IMOPURO } from '../../support/regions';

interface RowError {
  row: number;
  field: string;
  message: string;
  path: string;
}

let sequence = 0;
const row = (overrides: Record<string, unknown> = {}) => ({
  displayName: 'Kader Baru',
  username: `kader.massal.${++sequence}.${process.pid}`,
  role: 'kader',
  regionCode: REJOMULYO,
  ...overrides,
});

describe('users created in bulk from a spreadsheet', () => {
  let t: TestApp;
  let kecamatan: string;
  beforeAll(async () => {
    t = await createTestApp();
    kecamatan = (await t.as('admin', METRO_SELATAN)).auth;
  });
  afterAll(() => t.close());

  const bulk = (body: unknown, auth = kecamatan, language?: string) => {
    const request = t.http().post('/api/users/bulk').set('Authorization', auth);
    return language ? request.set('Accept-Language', language).send(body as object) : request.send(body as object);
  };
  const countUsers = async (usernames: string[]) => (await t.db.query(`SELECT count(*)::int AS n FROM app_user WHERE username = ANY($1)`, [usernames]))[0].n as number;

  it('creates every row with a first password shown once, stored only as a hash, and audited', async () => {
    const rows = [row({ displayName: 'Siti Aminah' }), row({ role: 'ADMIN', username: `  Ketua.RT.${process.pid} ` }), row({ regionCode: METRO_SELATAN, role: 'opd' })];
    const response = await bulk({ rows }).expect(201);
    expect(response.body).toMatchObject({ created: true, rows: 3 });
    const users = response.body.users as { id: string; username: string; role: string; password: string }[];
    expect(users.map((user) => user.username)).toEqual([rows[0].username, `ketua.rt.${process.pid}`, rows[2].username]);
    expect(users[1].role).toBe('admin');
    for (const user of users) {
      expect(user.password).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
      await t.http().post('/api/auth/login').send({ username: user.username, password: user.password }).expect(200);
    }
    expect(new Set(users.map((user) => user.password)).size).toBe(3);
    const stored = await t.db.query(`SELECT password_hash FROM app_user WHERE id = ANY($1)`, [users.map((user) => user.id)]);
    for (const { password_hash } of stored) expect(users.some((user) => password_hash.includes(user.password))).toBe(false);
    const audit = await t.db.query(`SELECT details FROM audit_log WHERE action = 'user.created' AND target_id = ANY($1)`, [users.map((user) => user.id)]);
    expect(audit).toHaveLength(3);
    expect(JSON.stringify(audit)).not.toMatch(/[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}/);
  });

  it('rejects every row when one row is wrong, reporting each problem by row and column', async () => {
    const rows = [row(), row({ displayName: ' ' }), row({ role: 'lurah', username: 'A' })];
    const problem = expectProblem(await bulk({ rows }), 422, 'USER_ROWS_INVALID');
    const errors = problem.errors as unknown as RowError[];
    expect(errors.map(({ row: number, field }) => ({ row: number, field }))).toEqual([
      { row: 2, field: 'displayName' },
      { row: 3, field: 'username' },
      { row: 3, field: 'role' },
    ]);
    expect(errors[0]).toMatchObject({ path: '/rows/1/displayName', message: 'Nama wajib diisi (paling banyak 120 huruf)' });
    expect(await countUsers(rows.map((r) => r.username))).toBe(0);
  });

  it('refuses a region outside the admin\'s subtree like one that does not exist', async () => {
    const rows = [row(), row({ regionCode: METRO_PUSAT }), row({ regionCode: '18.72.05.9999' }), row({ regionCode: KOTA_METRO })];
    const errors = expectProblem(await bulk({ rows }), 422, 'USER_ROWS_INVALID').errors as unknown as RowError[];
    expect(errors.map((error) => [error.row, error.field])).toEqual([[2, 'regionCode'], [3, 'regionCode'], [4, 'regionCode']]);
    expect(errors[0].message).toBe(`Wilayah ${METRO_PUSAT} tidak ditemukan di wilayah Anda`);
    expect(errors[2].message).toBe(`Wilayah ${KOTA_METRO} tidak ditemukan di wilayah Anda`);
    const kelurahan = (await t.as('admin', IMOPURO)).auth;
    const fromKelurahan = expectProblem(await bulk({ rows: [row({ regionCode: IMOPURO }), row()] }, kelurahan), 422).errors as unknown as RowError[];
    expect(fromKelurahan.map((error) => error.row)).toEqual([2]);
    expect(await countUsers(rows.map((r) => r.username))).toBe(0);
  });

  it('finds usernames repeated inside the file and ones already taken, in English when asked', async () => {
    const existing = await t.makeUser('kader', REJOMULYO);
    const twin = row();
    const rows = [twin, row(), { ...row(), username: twin.username.toUpperCase() }, row({ username: existing.username })];
    const errors = expectProblem(await bulk({ rows }, kecamatan, 'en-US,en;q=0.9'), 422, 'USER_ROWS_INVALID').errors as unknown as RowError[];
    expect(errors).toEqual([
      expect.objectContaining({ row: 3, field: 'username', message: 'This username is already used in row 1' }),
      expect.objectContaining({ row: 4, field: 'username', message: 'This username is already taken' }),
    ]);
    expect(await countUsers([twin.username, rows[1].username])).toBe(0);
  });

  it('checks without creating on a dry run', async () => {
    const rows = [row(), row()];
    expect((await bulk({ rows, dryRun: true }).expect(200)).body).toEqual({ created: false, rows: 2, users: [] });
    expect(await countUsers(rows.map((r) => r.username))).toBe(0);
    expectProblem(await bulk({ rows: [row({ role: 'x' })], dryRun: true }), 422, 'USER_ROWS_INVALID');
  });

  it('refuses a body that is not a list of rows, and callers who are not admins', async () => {
    expectProblem(await bulk({ rows: [] }), 400);
    expectProblem(await bulk({ rows: ['teks'] }), 400);
    expectProblem(await bulk({ rows: Array.from({ length: 1001 }, () => row()) }), 400);
    const kader = (await t.as('kader', REJOMULYO)).auth;
    expectProblem(await bulk({ rows: [row()] }, kader), 403, 'FORBIDDEN');
  });
});

describe('users list search', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('finds users by words in their username or name, within the subtree only', async () => {
    const admin = (await t.as('admin', METRO_SELATAN)).auth;
    const siti = await t.makeUser('kader', REJOMULYO, { displayName: 'Siti Aminah' });
    await t.makeUser('kader', REJOMULYO, { displayName: 'Budi 100%' });
    await t.makeUser('kader', METRO_PUSAT, { displayName: 'Siti Lain' });
    const byName = await t.http().get('/api/users?q=aminah').set('Authorization', admin).expect(200);
    expect(byName.body.items.map((user: { id: string }) => user.id)).toEqual([siti.id]);
    const byUsername = await t.http().get(`/api/users?q=${encodeURIComponent(siti.username.toUpperCase())}`).set('Authorization', admin).expect(200);
    expect(byUsername.body.items.map((user: { id: string }) => user.id)).toEqual([siti.id]);
    const outside = await t.http().get('/api/users?q=Siti%20Lain').set('Authorization', admin).expect(200);
    expect(outside.body.items).toEqual([]);
    const percent = await t.http().get('/api/users?q=%25').set('Authorization', admin).expect(200);
    expect(percent.body.items.map((user: { displayName: string }) => user.displayName)).toEqual(['Budi 100%']);
  });
});
