import { createTestApp, TEST_PASSWORD, TestApp } from '../../support/test-app';
import { expectProblem } from '../../support/problem';
import { tokenBody } from '../../support/tokens';
import { KOTA_METRO, METRO_PUSAT, REJOMULYO } from '../../support/regions';

/** Two API processes on one database: what one ends, the other refuses at once. */
describe('login sessions: logout, own profile, logins ended by changes', () => {
  let t: TestApp;
  let other: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp();
    other = await createTestApp({ DATABASE_URL: t.config.databaseUrl!, JWT_SECRET: t.config.jwtSecret });
    admin = (await t.as('admin', KOTA_METRO)).auth;
  });
  afterAll(async () => {
    await other.close();
    await t.close();
  });

  const me = (app: TestApp, auth: string) => app.http().get('/api/auth/me').set('Authorization', auth);

  it('logs out: that token stops working on every replica, other logins of the user go on', async () => {
    const user = await t.makeUser('kader', REJOMULYO);
    const phone = await t.login(user);
    const laptop = await t.login(user);
    await me(t, phone).expect(200);
    await me(other, phone).expect(200);
    await t.http().post('/api/auth/logout').set('Authorization', phone).expect(204);
    expectProblem(await me(t, phone), 401, 'UNAUTHENTICATED');
    expectProblem(await me(other, phone), 401, 'UNAUTHENTICATED');
    expectProblem(await t.http().post('/api/auth/logout').set('Authorization', phone), 401, 'UNAUTHENTICATED');
    await me(other, laptop).expect(200);
    const audit = await t.db.query(`SELECT action FROM audit_log WHERE target_id = $1 AND action = 'auth.logout'`, [user.id]);
    expect(audit).toHaveLength(1);
  });

  it('refuses logout with an API token', async () => {
    const opd = await t.as('opd', KOTA_METRO);
    const created = await t.http().post('/api/tokens').set('Authorization', opd.auth).send(tokenBody('skrip', ['aggregates:read'])).expect(201);
    expectProblem(await t.http().post('/api/auth/logout').set('Authorization', `Bearer ${created.body.token as string}`), 403, 'LOGIN_REQUIRED');
    await me(t, opd.auth).expect(200);
  });

  it('keeps the language on the user, so another login (another phone) gets it', async () => {
    const user = await t.makeUser('kader', REJOMULYO);
    const first = await t.login(user);
    expect((await me(t, first).expect(200)).body.language).toBe('id');
    const changed = await t.http().patch('/api/auth/me').set('Authorization', first).send({ language: 'en', displayName: 'Siti Aminah' }).expect(200);
    expect(changed.body).toMatchObject({ language: 'en', displayName: 'Siti Aminah' });
    const login = await other.http().post('/api/auth/login').send({ username: user.username, password: TEST_PASSWORD }).expect(200);
    expect(login.body.user.language).toBe('en');
    expect((await me(other, `Bearer ${login.body.accessToken as string}`).expect(200)).body.language).toBe('en');
    const problem = expectProblem(await t.http().patch('/api/auth/me').set('Authorization', first).send({ language: 'jv' }), 400);
    expect(problem.errors?.[0].path).toBe('/language');
  });

  it('changes the password: needs the current one, keeps this login and ends every other', async () => {
    const user = await t.makeUser('kader', REJOMULYO);
    const here = await t.login(user);
    const elsewhere = await t.login(user);
    const wrong = expectProblem(
      await t.http().patch('/api/auth/me').set('Authorization', here).send({ password: { current: 'bukan-sandinya', next: 'sandi-baru-yang-panjang' } }),
      422,
      'CURRENT_PASSWORD_WRONG',
    );
    expect(wrong.errors?.[0].path).toBe('/password/current');
    await me(t, elsewhere).expect(200);
    expectProblem(await t.http().patch('/api/auth/me').set('Authorization', here).send({ password: { current: TEST_PASSWORD, next: 'pendek' } }), 400);

    await t.http().patch('/api/auth/me').set('Authorization', here).send({ password: { current: TEST_PASSWORD, next: 'sandi-baru-yang-panjang' } }).expect(200);
    await me(t, here).expect(200);
    expectProblem(await me(other, elsewhere), 401, 'UNAUTHENTICATED');
    await t.http().post('/api/auth/login').send({ username: user.username, password: TEST_PASSWORD }).expect(401);
    await t.http().post('/api/auth/login').send({ username: user.username, password: 'sandi-baru-yang-panjang' }).expect(200);
    const audit = await t.db.query(`SELECT details FROM audit_log WHERE target_id = $1 AND action = 'user.password_changed'`, [user.id]);
    expect(audit).toEqual([{ details: expect.objectContaining({ passwordChanged: true, endedLogins: 1 }) }]);
    expect(JSON.stringify(audit)).not.toContain('sandi-baru');
  });

  it.each([
    ['role', { role: 'opd' }],
    ['region', { regionCode: METRO_PUSAT }],
    ['password', { password: 'sandi-dari-admin-123' }],
    ['disabled', { disabled: true }],
  ])('ends the user\'s logins when an admin changes their %s', async (_what, change) => {
    const user = await t.makeUser('kader', REJOMULYO);
    const login = await t.login(user);
    await me(other, login).expect(200);
    await t.http().patch(`/api/users/${user.id}`).set('Authorization', admin).send(change).expect(200);
    expectProblem(await me(other, login), 401, 'UNAUTHENTICATED');
    expectProblem(await me(t, login), 401, 'UNAUTHENTICATED');
  });

  it('keeps the user\'s logins when only the display name changes', async () => {
    const user = await t.makeUser('kader', REJOMULYO);
    const login = await t.login(user);
    await t.http().patch(`/api/users/${user.id}`).set('Authorization', admin).send({ displayName: 'Nama Baru' }).expect(200);
    await me(other, login).expect(200);
  });

  it('resets a password: a generated one answered once, stored only as a hash, old logins ended', async () => {
    const user = await t.makeUser('kader', REJOMULYO);
    const login = await t.login(user);
    const reset = await t.http().post(`/api/users/${user.id}/reset-password`).set('Authorization', admin).expect(200);
    const password = reset.body.password as string;
    expect(password).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
    expectProblem(await me(t, login), 401, 'UNAUTHENTICATED');
    await t.http().post('/api/auth/login').send({ username: user.username, password }).expect(200);
    const [stored] = await t.db.query(`SELECT password_hash FROM app_user WHERE id = $1`, [user.id]);
    expect(stored.password_hash).not.toContain(password);
    const kelurahan = await t.as('admin', REJOMULYO);
    const outside = await t.makeUser('kader', METRO_PUSAT);
    expectProblem(await t.http().post(`/api/users/${outside.id}/reset-password`).set('Authorization', kelurahan.auth), 404, 'NOT_FOUND');
  });
});
