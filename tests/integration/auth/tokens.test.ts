import { randomUUID } from 'node:crypto';
import { createTestApp, TestApp } from '../../support/test-app';
import { expectProblem } from '../../support/problem';
import { KOTA_METRO, METRO_SELATAN, METRO_TIMUR, REJOMULYO } from '../../support/regions';

describe('API tokens', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const bearer = (token: string) => `Bearer ${token}`;

  it('lets an OPD user create a token that is shown once and works as a Bearer with the owner\'s rights', async () => {
    const { user, auth } = await t.as('opd', KOTA_METRO);
    const created = await t.http().post('/api/tokens').set('Authorization', auth).send({ name: 'Skrip Bappeda' }).expect(201);
    expect(created.body).toEqual({ id: expect.any(String), token: expect.stringMatching(/^wkc_[\w-]{40,}$/), name: 'Skrip Bappeda', expiresAt: null });
    const token = created.body.token as string;

    const me = await t.http().get('/api/auth/me').set('Authorization', bearer(token)).expect(200);
    expect(me.body).toEqual(expect.objectContaining({ id: user.id, role: 'opd', regionCode: KOTA_METRO }));
    // The owner's rights, no more: an OPD may read regions but never manage users.
    await t.http().get(`/api/regions?parent=${KOTA_METRO}`).set('Authorization', bearer(token)).expect(200);
    expectProblem(await t.http().get('/api/users').set('Authorization', bearer(token)), 403, 'FORBIDDEN');

    // Listed without the secret, and the secret is not stored anywhere.
    const list = await t.http().get('/api/tokens').set('Authorization', auth).expect(200);
    expect(list.body.items).toEqual([expect.objectContaining({ id: created.body.id, name: 'Skrip Bappeda' })]);
    expect(list.text).not.toContain(token);
    const [row] = (await t.db.query('SELECT row_to_json(t)::text AS json FROM api_token t WHERE id = $1', [created.body.id])) as { json: string }[];
    expect(row.json).not.toContain(token);
  });

  it('gives an admin token the admin\'s region scope', async () => {
    const { auth } = await t.as('admin', METRO_SELATAN);
    const { token } = (await t.http().post('/api/tokens').set('Authorization', auth).send({ name: 'sinkron' }).expect(201)).body as { token: string };
    await t.http().get(`/api/users?region=${REJOMULYO}`).set('Authorization', bearer(token)).expect(200);
    expectProblem(await t.http().get(`/api/users?region=${METRO_TIMUR}`).set('Authorization', bearer(token)), 404, 'REGION_OUT_OF_SCOPE');
  });

  it('stops working at once when revoked, and a second revoke answers 404', async () => {
    const { auth } = await t.as('opd', KOTA_METRO);
    const created = (await t.http().post('/api/tokens').set('Authorization', auth).send({ name: 'sementara' }).expect(201)).body as { id: string; token: string };
    await t.http().get('/api/auth/me').set('Authorization', bearer(created.token)).expect(200);

    await t.http().delete(`/api/tokens/${created.id}`).set('Authorization', auth).expect(204);
    expectProblem(await t.http().get('/api/auth/me').set('Authorization', bearer(created.token)), 401, 'UNAUTHENTICATED');
    expectProblem(await t.http().delete(`/api/tokens/${created.id}`).set('Authorization', auth), 404);
    expect((await t.http().get('/api/tokens').set('Authorization', auth).expect(200)).body.items).toEqual([]);
  });

  it('can be revoked with itself', async () => {
    const { auth } = await t.as('opd', KOTA_METRO);
    const created = (await t.http().post('/api/tokens').set('Authorization', auth).send({ name: 'sekali pakai' }).expect(201)).body as { id: string; token: string };
    await t.http().delete(`/api/tokens/${created.id}`).set('Authorization', bearer(created.token)).expect(204);
    expectProblem(await t.http().get('/api/auth/me').set('Authorization', bearer(created.token)), 401);
  });

  it("answers 404 for somebody else's token, exactly like a token that does not exist", async () => {
    const owner = await t.as('opd', KOTA_METRO);
    const other = await t.as('admin', KOTA_METRO);
    const created = (await t.http().post('/api/tokens').set('Authorization', owner.auth).send({ name: 'milik orang' }).expect(201)).body as { id: string; token: string };
    const foreign = expectProblem(await t.http().delete(`/api/tokens/${created.id}`).set('Authorization', other.auth), 404);
    const missing = expectProblem(await t.http().delete(`/api/tokens/${randomUUID()}`).set('Authorization', other.auth), 404);
    expect(foreign.code).toBe(missing.code);
    await t.http().get('/api/auth/me').set('Authorization', bearer(created.token)).expect(200);
    expect((await t.http().get('/api/tokens').set('Authorization', other.auth).expect(200)).body.items).toEqual([]);
  });

  it('refuses a kader: 403', async () => {
    const { auth } = await t.as('kader', REJOMULYO);
    expectProblem(await t.http().post('/api/tokens').set('Authorization', auth).send({ name: 'x' }), 403, 'FORBIDDEN');
    expectProblem(await t.http().get('/api/tokens').set('Authorization', auth), 403, 'FORBIDDEN');
  });

  it('stops working when the owner is disabled', async () => {
    const admin = await t.as('admin', KOTA_METRO);
    const { user, auth } = await t.as('opd', KOTA_METRO);
    const { token } = (await t.http().post('/api/tokens').set('Authorization', auth).send({ name: 'x' }).expect(201)).body as { token: string };
    await t.http().patch(`/api/users/${user.id}`).set('Authorization', admin.auth).send({ disabled: true }).expect(200);
    expectProblem(await t.http().get('/api/auth/me').set('Authorization', bearer(token)), 401);
  });

  it('honours expiresAt: a past date is refused, an expired token is refused', async () => {
    const { auth } = await t.as('opd', KOTA_METRO);
    expectProblem(await t.http().post('/api/tokens').set('Authorization', auth).send({ name: 'x', expiresAt: '2020-01-01T00:00:00Z' }), 400, 'INVALID_EXPIRY');
    const bad = expectProblem(await t.http().post('/api/tokens').set('Authorization', auth).send({ name: 'x', expiresAt: 'besok' }), 400);
    expect(bad.errors?.map((e) => e.path)).toContain('/expiresAt');

    const created = (await t.http().post('/api/tokens').set('Authorization', auth).send({ name: 'x', expiresAt: '2099-01-01T00:00:00+07:00' }).expect(201)).body as { id: string; token: string; expiresAt: string };
    expect(new Date(created.expiresAt).toISOString()).toBe('2098-12-31T17:00:00.000Z');
    await t.http().get('/api/auth/me').set('Authorization', bearer(created.token)).expect(200);
    await t.db.query(`UPDATE api_token SET expires_at = now() - interval '1 second' WHERE id = $1`, [created.id]);
    expectProblem(await t.http().get('/api/auth/me').set('Authorization', bearer(created.token)), 401);
  });

  it('refuses a made-up token with the right prefix', async () => {
    expectProblem(await t.http().get('/api/auth/me').set('Authorization', bearer(`wkc_${'A'.repeat(43)}`)), 401);
  });
});
