import { randomUUID } from 'node:crypto';
import { ACCESS_POLICY } from '../../../server/src/modules/auth/access-policy';
import { createTestApp, publishTheme, TestApp } from '../../support/test-app';
import { expectProblem } from '../../support/problem';
import { KOTA_METRO, METRO_SELATAN, METRO_TIMUR, REJOMULYO, TEJOSARI } from '../../support/regions';
import { submit } from '../../support/submissions';
import { makeTheme } from '../../support/themes';
import { tokenBody } from '../../support/tokens';

describe('API tokens', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const bearer = (token: string) => `Bearer ${token}`;
  const inDays = (days: number) => new Date(Date.now() + days * 24 * 3600_000).toISOString();

  it("lets an OPD user create a token that is shown once and works as a Bearer with the owner's rights", async () => {
    const { user, auth } = await t.as('opd', KOTA_METRO);
    const expiresAt = inDays(90);
    const created = await t.http().post('/api/tokens').set('Authorization', auth).send(tokenBody('Skrip Bappeda', ['aggregates:read'], expiresAt)).expect(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      token: expect.stringMatching(/^wkc_[\w-]{40,}$/),
      name: 'Skrip Bappeda',
      scopes: ['aggregates:read'],
      expiresAt,
    });
    const token = created.body.token as string;

    const me = await t.http().get('/api/auth/me').set('Authorization', bearer(token)).expect(200);
    expect(me.body).toEqual(expect.objectContaining({ id: user.id, role: 'opd', regionCode: KOTA_METRO }));
    // The owner's rights, no more: an OPD may read regions but never manage users.
    await t.http().get(`/api/regions?parent=${KOTA_METRO}`).set('Authorization', bearer(token)).expect(200);
    expectProblem(await t.http().get('/api/users').set('Authorization', bearer(token)), 403, 'FORBIDDEN');

    // Listed with its scopes and last use, without the secret, and the secret is not stored anywhere.
    const list = await t.http().get('/api/tokens').set('Authorization', auth).expect(200);
    expect(list.body.items).toEqual([
      { id: created.body.id, name: 'Skrip Bappeda', scopes: ['aggregates:read'], createdAt: expect.any(String), expiresAt, lastUsedAt: expect.any(String) },
    ]);
    expect(list.text).not.toContain(token);
    const [row] = (await t.db.query('SELECT row_to_json(t)::text AS json FROM api_token t WHERE id = $1', [created.body.id])) as { json: string }[];
    expect(row.json).not.toContain(token);
  });

  it('reaches only the routes of its scopes: an OPD token reads aggregates but never submissions', async () => {
    const admin = await t.as('admin', KOTA_METRO);
    const theme = await publishTheme(t, admin.auth, makeTheme());
    await submit(t, admin.auth, theme.slug, REJOMULYO, '2026-11', { nama: 'Usaha', jumlah: 3 });
    const opd = await t.as('opd', KOTA_METRO);
    const readOnly = (await t.http().post('/api/tokens').set('Authorization', opd.auth).send(tokenBody('dasbor', ['aggregates:read'])).expect(201)).body.token as string;

    await t.http().get(`/api/themes/${theme.slug}/aggregates`).set('Authorization', bearer(readOnly)).expect(200);
    await t.http().get(`/api/themes/${theme.slug}/aggregates.csv`).set('Authorization', bearer(readOnly)).expect(200);
    // Submissions: never for an OPD, whatever the token says (the role decides first).
    expectProblem(await t.http().get(`/api/themes/${theme.slug}/submissions`).set('Authorization', bearer(readOnly)), 403, 'FORBIDDEN');
    // A route of another scope: the token is refused even where the owner's login would pass.
    expectProblem(await t.http().post('/api/exports').set('Authorization', bearer(readOnly)).send({ theme: theme.slug, kind: 'aggregates', format: 'csv', query: {} }), 403, 'INSUFFICIENT_SCOPE');
    await t.http().post('/api/exports').set('Authorization', opd.auth).send({ theme: theme.slug, kind: 'aggregates', format: 'csv', query: {} }).expect(202);

    // An admin's token with submissions:read lists submissions, but cannot write them.
    const reader = (await t.http().post('/api/tokens').set('Authorization', admin.auth).send(tokenBody('sinkron', ['submissions:read'])).expect(201)).body.token as string;
    const listed = await t.http().get(`/api/themes/${theme.slug}/submissions`).set('Authorization', bearer(reader)).expect(200);
    expect(listed.body.items).toHaveLength(1);
    expectProblem(
      await t.http().post(`/api/themes/${theme.slug}/submissions`).set('Authorization', bearer(reader)).send({ id: randomUUID(), regionCode: REJOMULYO, period: '2026-11', data: { nama: 'x', jumlah: 1 } }),
      403,
      'INSUFFICIENT_SCOPE',
    );
  });

  it('can never mint a token, nor reach a route meant for a login (users, audit, theme design)', async () => {
    const { auth } = await t.as('admin', METRO_SELATAN);
    const token = (await t.http().post('/api/tokens').set('Authorization', auth).send(tokenBody('semua', ['aggregates:read', 'exports', 'submissions:read', 'submissions:write'])).expect(201)).body.token as string;
    expectProblem(await t.http().post('/api/tokens').set('Authorization', bearer(token)).send(tokenBody('anak', ['aggregates:read'])), 403, 'LOGIN_REQUIRED');
    expectProblem(await t.http().get('/api/tokens').set('Authorization', bearer(token)), 403, 'LOGIN_REQUIRED');
    expectProblem(await t.http().get(`/api/users?region=${REJOMULYO}`).set('Authorization', bearer(token)), 403, 'LOGIN_REQUIRED');
    expectProblem(await t.http().get('/api/audit').set('Authorization', bearer(token)), 403, 'LOGIN_REQUIRED');
    expectProblem(await t.http().post('/api/themes').set('Authorization', bearer(token)).send(makeTheme()), 403, 'LOGIN_REQUIRED');
    expectProblem(await t.http().get('/api/queues').set('Authorization', bearer(token)), 403, 'LOGIN_REQUIRED');
    // Still the admin's region scope on the routes it may reach.
    await t.http().get(`/api/themes/covid-harian/submissions?region=${REJOMULYO}`).set('Authorization', bearer(token)).expect(200);
    expectProblem(await t.http().get(`/api/themes/covid-harian/submissions?region=${METRO_TIMUR}`).set('Authorization', bearer(token)), 404, 'REGION_OUT_OF_SCOPE');
  });

  it('names in the policy table, for every route, whether an API token may call it', () => {
    const tokenRoutes = Object.entries(ACCESS_POLICY).filter(([, policy]) => policy.token !== undefined).map(([route]) => route);
    expect(tokenRoutes).toEqual(expect.arrayContaining(['GET /api/themes/:slug/aggregates', 'GET /api/themes/:slug/aggregates.xlsx', 'POST /api/exports', 'GET /api/auth/me']));
    expect(tokenRoutes).not.toContain('POST /api/tokens');
    expect(tokenRoutes).not.toContain('POST /api/users');
  });

  it('refuses scopes the role can never use, unknown scopes, and no scope at all', async () => {
    const { auth } = await t.as('opd', KOTA_METRO);
    const refused = expectProblem(await t.http().post('/api/tokens').set('Authorization', auth).send(tokenBody('x', ['aggregates:read', 'submissions:write'])), 400, 'INVALID_SCOPE');
    expect(refused.detail).toContain('submissions:write');
    expectProblem(await t.http().post('/api/tokens').set('Authorization', auth).send(tokenBody('x', ['semua' as never])), 400);
    expectProblem(await t.http().post('/api/tokens').set('Authorization', auth).send(tokenBody('x', [])), 400);
    expectProblem(await t.http().post('/api/tokens').set('Authorization', auth).send({ name: 'x', expiresAt: inDays(10) }), 400);
  });

  it('must expire, at most a year ahead: none, past, too far and unreadable dates are refused; an expired token is refused', async () => {
    const { auth } = await t.as('opd', KOTA_METRO);
    const missing = expectProblem(await t.http().post('/api/tokens').set('Authorization', auth).send({ name: 'x', scopes: ['aggregates:read'] }), 400);
    expect(missing.errors?.map((e) => e.path)).toContain('/expiresAt');
    expectProblem(await t.http().post('/api/tokens').set('Authorization', auth).send(tokenBody('x', ['aggregates:read'], '2020-01-01T00:00:00Z')), 400, 'INVALID_EXPIRY');
    expectProblem(await t.http().post('/api/tokens').set('Authorization', auth).send(tokenBody('x', ['aggregates:read'], inDays(367))), 400, 'INVALID_EXPIRY');
    const bad = expectProblem(await t.http().post('/api/tokens').set('Authorization', auth).send(tokenBody('x', ['aggregates:read'], 'besok')), 400);
    expect(bad.errors?.map((e) => e.path)).toContain('/expiresAt');

    const created = (await t.http().post('/api/tokens').set('Authorization', auth).send(tokenBody('x', ['aggregates:read'], inDays(364))).expect(201)).body as { id: string; token: string };
    await t.http().get('/api/auth/me').set('Authorization', bearer(created.token)).expect(200);
    await t.db.query(`UPDATE api_token SET expires_at = now() - interval '1 second' WHERE id = $1`, [created.id]);
    expectProblem(await t.http().get('/api/auth/me').set('Authorization', bearer(created.token)), 401);
    expect((await t.http().get('/api/tokens').set('Authorization', auth).expect(200)).body.items).toEqual([]);
  });

  it('stops working at once when revoked, and a second revoke answers 404', async () => {
    const { auth } = await t.as('opd', KOTA_METRO);
    const created = (await t.http().post('/api/tokens').set('Authorization', auth).send(tokenBody('sementara', ['aggregates:read'])).expect(201)).body as { id: string; token: string };
    await t.http().get('/api/auth/me').set('Authorization', bearer(created.token)).expect(200);

    await t.http().delete(`/api/tokens/${created.id}`).set('Authorization', auth).expect(204);
    expectProblem(await t.http().get('/api/auth/me').set('Authorization', bearer(created.token)), 401, 'UNAUTHENTICATED');
    expectProblem(await t.http().delete(`/api/tokens/${created.id}`).set('Authorization', auth), 404);
    expect((await t.http().get('/api/tokens').set('Authorization', auth).expect(200)).body.items).toEqual([]);
  });

  it('can be revoked with itself', async () => {
    const { auth } = await t.as('opd', KOTA_METRO);
    const created = (await t.http().post('/api/tokens').set('Authorization', auth).send(tokenBody('sekali pakai', ['aggregates:read'])).expect(201)).body as { id: string; token: string };
    await t.http().delete(`/api/tokens/${created.id}`).set('Authorization', bearer(created.token)).expect(204);
    expectProblem(await t.http().get('/api/auth/me').set('Authorization', bearer(created.token)), 401);
  });

  it('lets an admin list and revoke the tokens of users in their subtree, and nobody else', async () => {
    const kota = await t.as('admin', KOTA_METRO);
    const selatan = await t.as('admin', METRO_SELATAN);
    const timur = await t.as('admin', METRO_TIMUR);
    const owner = await t.as('opd', REJOMULYO);
    const created = (await t.http().post('/api/tokens').set('Authorization', owner.auth).send(tokenBody('skrip kelurahan', ['aggregates:read'])).expect(201)).body as { id: string; token: string };

    const listed = await t.http().get(`/api/tokens?user=${owner.user.id}`).set('Authorization', selatan.auth).expect(200);
    expect(listed.body.items).toEqual([expect.objectContaining({ id: created.id, name: 'skrip kelurahan', scopes: ['aggregates:read'] })]);
    // Outside the admin's subtree, and an OPD asking for somebody else: 404 like a user that does not exist.
    const foreign = expectProblem(await t.http().get(`/api/tokens?user=${owner.user.id}`).set('Authorization', timur.auth), 404);
    const missing = expectProblem(await t.http().get(`/api/tokens?user=${randomUUID()}`).set('Authorization', timur.auth), 404);
    expect(foreign.code).toBe(missing.code);
    const opd = await t.as('opd', TEJOSARI);
    expectProblem(await t.http().get(`/api/tokens?user=${owner.user.id}`).set('Authorization', opd.auth), 404);
    expectProblem(await t.http().get('/api/tokens?user=bukan-id').set('Authorization', kota.auth), 400, 'INVALID_QUERY');

    expectProblem(await t.http().delete(`/api/tokens/${created.id}`).set('Authorization', timur.auth), 404);
    await t.http().get('/api/auth/me').set('Authorization', bearer(created.token)).expect(200);
    await t.http().delete(`/api/tokens/${created.id}`).set('Authorization', kota.auth).expect(204);
    expectProblem(await t.http().get('/api/auth/me').set('Authorization', bearer(created.token)), 401);
    const [revoked] = (await t.db.query(`SELECT actor_id FROM audit_log WHERE action = 'token.revoked' AND target_id = $1`, [created.id])) as { actor_id: string }[];
    expect(revoked.actor_id).toBe(kota.user.id);
  });

  it("answers 404 for somebody else's token, exactly like a token that does not exist", async () => {
    const owner = await t.as('opd', KOTA_METRO);
    const other = await t.as('opd', KOTA_METRO);
    const created = (await t.http().post('/api/tokens').set('Authorization', owner.auth).send(tokenBody('milik orang', ['aggregates:read'])).expect(201)).body as { id: string; token: string };
    const foreign = expectProblem(await t.http().delete(`/api/tokens/${created.id}`).set('Authorization', other.auth), 404);
    const missing = expectProblem(await t.http().delete(`/api/tokens/${randomUUID()}`).set('Authorization', other.auth), 404);
    expect(foreign.code).toBe(missing.code);
    await t.http().get('/api/auth/me').set('Authorization', bearer(created.token)).expect(200);
    expect((await t.http().get('/api/tokens').set('Authorization', other.auth).expect(200)).body.items).toEqual([]);
  });

  it('refuses a kader: 403', async () => {
    const { auth } = await t.as('kader', REJOMULYO);
    expectProblem(await t.http().post('/api/tokens').set('Authorization', auth).send(tokenBody('x', ['submissions:read'])), 403, 'FORBIDDEN');
    expectProblem(await t.http().get('/api/tokens').set('Authorization', auth), 403, 'FORBIDDEN');
  });

  it('stops working when the owner is disabled', async () => {
    const admin = await t.as('admin', KOTA_METRO);
    const { user, auth } = await t.as('opd', KOTA_METRO);
    const { token } = (await t.http().post('/api/tokens').set('Authorization', auth).send(tokenBody('x', ['aggregates:read'])).expect(201)).body as { token: string };
    await t.http().patch(`/api/users/${user.id}`).set('Authorization', admin.auth).send({ disabled: true }).expect(200);
    expectProblem(await t.http().get('/api/auth/me').set('Authorization', bearer(token)), 401);
  });

  it('refuses a made-up token with the right prefix', async () => {
    expectProblem(await t.http().get('/api/auth/me').set('Authorization', bearer(`wkc_${'A'.repeat(43)}`)), 401);
  });
});
