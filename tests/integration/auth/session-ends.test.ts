import { createTestApp, TEST_PASSWORD, TestApp } from '../../support/test-app';
import { expectProblem } from '../../support/problem';
import { tokenBody } from '../../support/tokens';
import { KOTA_METRO, METRO_PUSAT, REJOMULYO } from '../../support/regions';

/**
 * A change to who a user is (password, rights, status) ends every credential they had: each login
 * and each API token. A script's token made by an OPD whose role or region changed would otherwise
 * keep acting with rights nobody granted it knowingly.
 */
describe('credentials end when the user changes', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp();
    admin = (await t.as('admin', KOTA_METRO)).auth;
  });
  afterAll(() => t.close());

  const me = (auth: string) => t.http().get('/api/auth/me').set('Authorization', auth);

  /** An OPD with two logins and an API token, all working. */
  async function opdWithCredentials(): Promise<{ id: string; username: string; logins: string[]; token: string }> {
    const user = await t.makeUser('opd', KOTA_METRO);
    const logins = [await t.login(user), await t.login(user)];
    const created = await t.http().post('/api/tokens').set('Authorization', logins[0]).send(tokenBody('skrip dasbor', ['aggregates:read'])).expect(201);
    const token = `Bearer ${created.body.token as string}`;
    for (const auth of [...logins, token]) await me(auth).expect(200);
    return { id: user.id, username: user.username, logins, token };
  }

  async function expectAllEnded(credentials: string[]): Promise<void> {
    for (const auth of credentials) expectProblem(await me(auth), 401, 'UNAUTHENTICATED');
  }

  it.each([
    ['a role change', { role: 'admin' }],
    ['a region change', { regionCode: METRO_PUSAT }],
    ['a password set by an admin', { password: 'kata-sandi-baru-yang-panjang' }],
  ])('%s ends every login and every API token of that user', async (_label, change) => {
    const opd = await opdWithCredentials();
    await t.http().patch(`/api/users/${opd.id}`).set('Authorization', admin).send(change).expect(200);
    await expectAllEnded([...opd.logins, opd.token]);
  });

  it('a disable ends them for good: enabling the user again does not bring the old API token back', async () => {
    const opd = await opdWithCredentials();
    await t.http().patch(`/api/users/${opd.id}`).set('Authorization', admin).send({ disabled: true }).expect(200);
    await expectAllEnded([...opd.logins, opd.token]);
    await t.http().patch(`/api/users/${opd.id}`).set('Authorization', admin).send({ disabled: false }).expect(200);
    await expectAllEnded([...opd.logins, opd.token]);
    const again = await t.login({ username: opd.username });
    await me(again).expect(200);
  });

  it('a password reset ends every login and API token', async () => {
    const opd = await opdWithCredentials();
    await t.http().post(`/api/users/${opd.id}/reset-password`).set('Authorization', admin).expect(200);
    await expectAllEnded([...opd.logins, opd.token]);
  });

  it('a password changed by the user keeps this login and ends the other logins and every API token', async () => {
    const opd = await opdWithCredentials();
    const [current, other] = opd.logins;
    await t.http().patch('/api/auth/me').set('Authorization', current).send({ password: { current: TEST_PASSWORD, next: 'kata-sandi-baru-yang-panjang' } }).expect(200);
    await me(current).expect(200);
    await expectAllEnded([other, opd.token]);
    const tokens = await t.http().get('/api/tokens').set('Authorization', current).expect(200);
    expect(tokens.body.items ?? tokens.body).toEqual([]);
  });

  it('a display name change ends nothing', async () => {
    const opd = await opdWithCredentials();
    await t.http().patch(`/api/users/${opd.id}`).set('Authorization', admin).send({ displayName: 'Bappeda' }).expect(200);
    for (const auth of [...opd.logins, opd.token]) await me(auth).expect(200);
  });

  it('the database refuses an API token living more than a year and a login living more than seven days', async () => {
    const user = await t.makeUser('opd', REJOMULYO);
    const token = t.db.query(`INSERT INTO api_token (user_id, name, token_hash, scopes, expires_at) VALUES ($1, 'abadi', 'x', '{}', now() + interval '2 years')`, [user.id]);
    await expect(token).rejects.toThrow(/api_token_lifetime/);
    const login = t.db.query(`INSERT INTO login_session (user_id, expires_at) VALUES ($1, now() + interval '30 days')`, [user.id]);
    await expect(login).rejects.toThrow(/login_session_lifetime/);
    // Within the limits both are accepted.
    await t.db.query(`INSERT INTO api_token (user_id, name, token_hash, scopes, expires_at) VALUES ($1, 'setahun', 'y', '{}', now() + interval '1 year')`, [user.id]);
    await t.db.query(`INSERT INTO login_session (user_id, expires_at) VALUES ($1, now() + interval '7 days')`, [user.id]);
  });
});
