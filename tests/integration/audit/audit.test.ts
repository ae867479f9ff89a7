import { createTestApp, TEST_PASSWORD, TestApp } from '../../support/test-app';
import { expectProblem } from '../../support/problem';
import { KOTA_METRO, METRO_SELATAN, METRO_TIMUR, REJOMULYO } from '../../support/regions';
import { tokenBody } from '../../support/tokens';

interface AuditItem {
  id: string;
  at: string;
  actorId: string | null;
  actorUsername: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  regionCode: string | null;
  details: Record<string, unknown>;
}

describe('audit log', () => {
  let t: TestApp;
  let kota: Awaited<ReturnType<TestApp['as']>>;
  const secrets: string[] = [TEST_PASSWORD];
  const newPassword = 'sandi-rahasia-pengguna-77';
  let createdUserId: string;
  let apiToken: string;
  let regionCode: string;

  beforeAll(async () => {
    t = await createTestApp();
    kota = await t.as('admin', KOTA_METRO);
    secrets.push(newPassword, kota.auth.replace('Bearer ', ''));

    const created = await t
      .http()
      .post('/api/users')
      .set('Authorization', kota.auth)
      .send({ username: 'kader.audit', password: newPassword, displayName: 'Kader Audit', role: 'kader', regionCode: REJOMULYO })
      .expect(201);
    createdUserId = created.body.id as string;
    await t.http().patch(`/api/users/${createdUserId}`).set('Authorization', kota.auth).send({ role: 'admin' }).expect(200);
    await t.http().patch(`/api/users/${createdUserId}`).set('Authorization', kota.auth).send({ password: 'sandi-kedua-yang-baru-88' }).expect(200);
    secrets.push('sandi-kedua-yang-baru-88');
    await t.http().patch(`/api/users/${createdUserId}`).set('Authorization', kota.auth).send({ disabled: true }).expect(200);
    await t.http().post('/api/auth/login').send({ username: 'Penyusup.Tak.Dikenal', password: 'tebak-tebakan-1' }).expect(401);
    await t.http().post('/api/auth/login').send({ username: kota.user.username, password: 'tebak-tebakan-2' }).expect(401);
    secrets.push('tebak-tebakan-1', 'tebak-tebakan-2');
    regionCode = (await t.http().post('/api/regions').set('Authorization', kota.auth).send({ name: 'RW 07', level: 'rw', parentCode: REJOMULYO }).expect(201)).body.code as string;
    const token = await t.http().post('/api/tokens').set('Authorization', kota.auth).send(tokenBody('Skrip Dinkes', ['aggregates:read'])).expect(201);
    apiToken = token.body.token as string;
    secrets.push(apiToken);
  });
  afterAll(() => t.close());

  const rows = async (action: string): Promise<Record<string, unknown>[]> =>
    (await t.db.query('SELECT * FROM audit_log WHERE action = $1 ORDER BY id', [action])) as Record<string, unknown>[];

  it('records user created, role changed and user disabled with actor, target and region', async () => {
    expect(await rows('user.created')).toEqual([
      expect.objectContaining({ actor_id: kota.user.id, actor_username: kota.user.username, target_type: 'user', target_id: createdUserId, region_code: REJOMULYO, details: { username: 'kader.audit', role: 'kader' } }),
    ]);
    const [roleChanged] = await rows('user.role_changed');
    expect(roleChanged).toEqual(expect.objectContaining({ actor_id: kota.user.id, target_id: createdUserId, region_code: REJOMULYO }));
    expect((roleChanged.details as { changes: unknown }).changes).toEqual({ role: { from: 'kader', to: 'admin' } });
    expect(await rows('user.disabled')).toEqual([expect.objectContaining({ actor_id: kota.user.id, target_id: createdUserId })]);
    const [passwordChange] = (await rows('user.updated')).filter((row) => row.target_id === createdUserId);
    // That the password changed is recorded; the password itself is not (see below).
    expect(passwordChange.details).toEqual({ username: 'kader.audit', changes: {}, passwordChanged: true });
  });

  it('records failed logins with the username that was tried, known or not', async () => {
    const failed = await rows('auth.login_failed');
    expect(failed).toEqual([
      expect.objectContaining({ actor_id: null, actor_username: 'penyusup.tak.dikenal', region_code: null, details: { reason: 'unknown_user' }, ip: expect.any(String) }),
      expect.objectContaining({ actor_id: kota.user.id, actor_username: kota.user.username, region_code: KOTA_METRO, details: { reason: 'wrong_password' } }),
    ]);
  });

  it('records region created and token created', async () => {
    expect(await rows('region.created')).toEqual([
      expect.objectContaining({ actor_id: kota.user.id, target_type: 'region', target_id: regionCode, region_code: regionCode, details: { name: 'RW 07', level: 'rw' } }),
    ]);
    expect(await rows('token.created')).toEqual([
      expect.objectContaining({ actor_id: kota.user.id, target_type: 'api_token', region_code: KOTA_METRO, details: { name: 'Skrip Dinkes', scopes: ['aggregates:read'], expiresAt: expect.any(String) } }),
    ]);
  });

  it('never holds a password, token or hash anywhere in a row', async () => {
    const [{ text }] = (await t.db.query(`SELECT coalesce(string_agg(row_to_json(a)::text, E'\\n'), '') AS text FROM audit_log a`)) as { text: string }[];
    expect(text.length).toBeGreaterThan(0);
    for (const secret of secrets) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/\$argon2/);
    const hashes = (await t.db.query('SELECT password_hash AS hash FROM app_user UNION ALL SELECT token_hash FROM api_token')) as { hash: string }[];
    for (const { hash } of hashes) expect(text).not.toContain(hash);
  });

  it('lists the subtree newest first; a kelurahan admin does not see Kota-level rows', async () => {
    const all = (await t.http().get('/api/audit?limit=1000').set('Authorization', kota.auth).expect(200)).body.items as AuditItem[];
    const ids = all.map((row) => BigInt(row.id));
    expect(ids).toEqual([...ids].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0)));
    expect(all.map((row) => row.action)).toEqual(expect.arrayContaining(['user.created', 'user.role_changed', 'user.disabled', 'region.created', 'token.created']));
    expect(all.some((row) => row.regionCode === KOTA_METRO)).toBe(true);

    const kelurahan = await t.as('admin', REJOMULYO);
    const own = (await t.http().get('/api/audit?limit=1000').set('Authorization', kelurahan.auth).expect(200)).body.items as AuditItem[];
    expect(own.length).toBeGreaterThan(0);
    for (const row of own) expect(row.regionCode === REJOMULYO || row.regionCode?.startsWith(`${REJOMULYO}.`)).toBe(true);
    expect(own.map((row) => row.action)).toEqual(expect.arrayContaining(['user.created', 'region.created']));
    expect(own.map((row) => row.action)).not.toContain('token.created');

    const other = await t.as('admin', METRO_TIMUR);
    const foreign = (await t.http().get('/api/audit?limit=1000').set('Authorization', other.auth).expect(200)).body.items as AuditItem[];
    expect(foreign.map((row) => row.action)).not.toContain('user.created');
    expectProblem(await t.http().get(`/api/audit?region=${METRO_SELATAN}`).set('Authorization', other.auth), 404, 'REGION_OUT_OF_SCOPE');
  });

  it('narrows to a region inside the subtree and to one action', async () => {
    const inRw = (await t.http().get(`/api/audit?region=${regionCode}`).set('Authorization', kota.auth).expect(200)).body.items as AuditItem[];
    expect(inRw.map((row) => row.action)).toEqual(['region.created']);
    const created = (await t.http().get('/api/audit?action=user.created').set('Authorization', kota.auth).expect(200)).body.items as AuditItem[];
    expect(created.map((row) => row.targetId)).toEqual([createdUserId]);
  });

  it('narrows to who acted and to a WIB date range, and names the region of each row', async () => {
    const mine = (await t.http().get(`/api/audit?user=${kota.user.username.toUpperCase()}&limit=1000`).set('Authorization', kota.auth).expect(200)).body.items as (AuditItem & { regionName: string | null })[];
    expect(mine.length).toBeGreaterThan(3);
    expect(new Set(mine.map((row) => row.actorUsername))).toEqual(new Set([kota.user.username]));
    expect(mine.find((row) => row.action === 'region.created')).toEqual(expect.objectContaining({ regionCode, regionName: 'RW 07' }));
    expect(mine.find((row) => row.action === 'user.created')?.regionName).toBe('Rejomulyo');
    expect((await t.http().get('/api/audit?user=belum.pernah.ada').set('Authorization', kota.auth).expect(200)).body.items).toEqual([]);

    // Every row above was written moments ago: today (WIB) holds them all, yesterday none.
    const today = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
    const yesterday = new Date(Date.now() + 7 * 3_600_000 - 86_400_000).toISOString().slice(0, 10);
    const all = (await t.http().get('/api/audit?limit=1000').set('Authorization', kota.auth).expect(200)).body.items as AuditItem[];
    const inDay = (await t.http().get(`/api/audit?from=${today}&to=${today}&limit=1000`).set('Authorization', kota.auth).expect(200)).body.items as AuditItem[];
    expect(inDay.map((row) => row.id)).toEqual(all.map((row) => row.id));
    expect((await t.http().get(`/api/audit?to=${yesterday}`).set('Authorization', kota.auth).expect(200)).body.items).toEqual([]);
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect((await t.http().get(`/api/audit?from=${encodeURIComponent(future)}`).set('Authorization', kota.auth).expect(200)).body.items).toEqual([]);
    const bad = expectProblem(await t.http().get('/api/audit?from=kemarin').set('Authorization', kota.auth), 400, 'INVALID_QUERY');
    expect(bad.errors?.map((error) => error.path)).toEqual(['/from']);
  });

  it('lists the actions that occur in the subtree, for the filter', async () => {
    const actions = (await t.http().get('/api/audit/actions').set('Authorization', kota.auth).expect(200)).body.items as string[];
    expect(actions).toEqual(expect.arrayContaining(['region.created', 'token.created', 'user.created', 'user.disabled']));
    expect(actions).toEqual([...actions].sort());
    const kelurahan = await t.as('admin', REJOMULYO);
    const own = (await t.http().get('/api/audit/actions').set('Authorization', kelurahan.auth).expect(200)).body.items as string[];
    expect(own).toContain('region.created');
    expect(own).not.toContain('token.created');
  });

  it('pages with nextCursor: every row exactly once, in order', async () => {
    const all = ((await t.http().get('/api/audit?limit=1000').set('Authorization', kota.auth).expect(200)).body.items as AuditItem[]).map((row) => row.id);
    expect(all.length).toBeGreaterThan(5);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `&cursor=${cursor}` : '';
      const page = await t.http().get(`/api/audit?limit=3${query}`).set('Authorization', kota.auth).expect(200);
      expect(page.body.items.length).toBeLessThanOrEqual(3);
      seen.push(...(page.body.items as AuditItem[]).map((row) => row.id));
      cursor = page.body.nextCursor as string | null;
      pages++;
    } while (cursor && pages < 100);
    expect(seen).toEqual(all);
    expect(new Set(seen).size).toBe(seen.length);
    expectProblem(await t.http().get(`/api/audit?cursor=${Buffer.from('bukan-angka').toString('base64url')}`).set('Authorization', kota.auth), 400, 'INVALID_CURSOR');
    expectProblem(await t.http().get(`/api/audit?cursor=${Buffer.from('9'.repeat(25)).toString('base64url')}`).set('Authorization', kota.auth), 400, 'INVALID_CURSOR');
  });

  it('refuses kader and OPD: 403', async () => {
    for (const role of ['kader', 'opd'] as const) {
      const { auth } = await t.as(role, KOTA_METRO);
      expectProblem(await t.http().get('/api/audit').set('Authorization', auth), 403, 'FORBIDDEN');
    }
  });

  it('is append-only: the database refuses UPDATE and DELETE', async () => {
    const [{ id }] = (await t.db.query('SELECT id FROM audit_log ORDER BY id LIMIT 1')) as { id: string }[];
    await expect(t.db.query(`UPDATE audit_log SET action = 'dihapus' WHERE id = $1`, [id])).rejects.toThrow(/append-only/);
    await expect(t.db.query('DELETE FROM audit_log WHERE id = $1', [id])).rejects.toThrow(/append-only/);
    await expect(t.db.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
    const [row] = (await t.db.query('SELECT action FROM audit_log WHERE id = $1', [id])) as { action: string }[];
    expect(row.action).not.toBe('dihapus');
  });
});
