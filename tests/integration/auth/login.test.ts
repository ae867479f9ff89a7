import { JwtService } from '@nestjs/jwt';
import { LOGIN_LIMITS } from '../../../server/src/modules/auth/auth.service';
import { createTestApp, TEST_PASSWORD, TestApp } from '../../support/test-app';
import { expectProblem } from '../../support/problem';
import { KOTA_METRO, MARGODADI, MARGOREJO, METRO_BARAT, METRO_SELATAN, METRO_TIMUR, REJOMULYO, SUMBERSARI_BANTUL, YOSODADI } from '../../support/regions';

// Every login here runs argon2 on purpose; on a small, busy CI machine a dozen of them can take a while.
jest.setTimeout(180_000);

/** Each test that throttles uses its own user; the per-address limit is shared by the whole file. */
describe('login', () => {
  let t: TestApp;
  let kotaAdmin: string;
  beforeAll(async () => {
    t = await createTestApp();
    kotaAdmin = (await t.as('admin', KOTA_METRO)).auth;
  });
  afterAll(() => t.close());

  const login = (username: unknown, password: unknown) => t.http().post('/api/auth/login').send({ username, password });

  it('answers a bearer token and the user, never the password hash', async () => {
    const user = await t.makeUser('kader', REJOMULYO, { displayName: 'Siti Aminah' });
    const response = await login(user.username, TEST_PASSWORD).expect(200);
    expect(response.body).toEqual({
      accessToken: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
      user: {
        id: user.id,
        username: user.username,
        displayName: 'Siti Aminah',
        role: 'kader',
        regionCode: REJOMULYO,
        disabled: false,
        language: 'id',
        createdAt: expect.any(String),
      },
    });
    expect(response.text).not.toMatch(/argon2|passwordHash|password_hash/);

    const me = await t.http().get('/api/auth/me').set('Authorization', `Bearer ${response.body.accessToken}`).expect(200);
    expect(me.body).toEqual(expect.objectContaining({ id: user.id, username: user.username, role: 'kader', regionCode: REJOMULYO }));
  });

  it('accepts the username in any case and with surrounding spaces', async () => {
    const user = await t.makeUser('opd', KOTA_METRO);
    await login(`  ${user.username.toUpperCase()} `, TEST_PASSWORD).expect(200);
  });

  it('answers 401 INVALID_CREDENTIALS for a wrong password and for an unknown user alike', async () => {
    const user = await t.makeUser('kader', REJOMULYO);
    const wrong = expectProblem(await login(user.username, 'bukan-kata-sandinya'), 401, 'INVALID_CREDENTIALS');
    const unknown = expectProblem(await login('tidak.ada.orangnya', TEST_PASSWORD), 401, 'INVALID_CREDENTIALS');
    expect(unknown.detail).toBe(wrong.detail);
  });

  it('answers 401 for a disabled user even with the right password', async () => {
    const user = await t.makeUser('kader', REJOMULYO, { disabled: true });
    expectProblem(await login(user.username, TEST_PASSWORD), 401, 'INVALID_CREDENTIALS');
  });

  it(`throttles one username after ${LOGIN_LIMITS.perUsername} failures: 429 TOO_MANY_ATTEMPTS with Retry-After, even with the right password`, async () => {
    const user = await t.makeUser('kader', MARGOREJO);
    const bystander = await t.makeUser('kader', MARGOREJO);
    for (let i = 0; i < LOGIN_LIMITS.perUsername; i++) {
      expectProblem(await login(user.username, `salah-${i}`), 401, 'INVALID_CREDENTIALS');
    }
    const throttled = await login(user.username, TEST_PASSWORD);
    expectProblem(throttled, 429, 'TOO_MANY_ATTEMPTS');
    const retryAfter = Number(throttled.headers['retry-after']);
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(LOGIN_LIMITS.windowSeconds);

    // Another username from the same address is not affected.
    await login(bystander.username, TEST_PASSWORD).expect(200);
  });

  it('counts failures per username whatever the case the attacker types', async () => {
    const user = await t.makeUser('kader', SUMBERSARI_BANTUL);
    for (let i = 0; i < LOGIN_LIMITS.perUsername; i++) {
      const variant = i % 2 ? user.username.toUpperCase() : user.username;
      expectProblem(await login(variant, `salah-${i}`), 401, 'INVALID_CREDENTIALS');
    }
    expectProblem(await login(user.username, TEST_PASSWORD), 429, 'TOO_MANY_ATTEMPTS');
  });

  it('lifts the throttle once the failures are older than the window', async () => {
    const user = await t.makeUser('kader', MARGODADI);
    for (let i = 0; i < LOGIN_LIMITS.perUsername; i++) await login(user.username, `salah-${i}`).expect(401);
    expectProblem(await login(user.username, TEST_PASSWORD), 429, 'TOO_MANY_ATTEMPTS');
    await t.db.query(`UPDATE login_failure SET at = at - $1::interval WHERE username = $2`, [`${LOGIN_LIMITS.windowSeconds + 1} seconds`, user.username]);
    await login(user.username, TEST_PASSWORD).expect(200);
  });

  it("refuses a disabled user's existing token at once, and lets them log in again when re-enabled", async () => {
    const user = await t.makeUser('kader', REJOMULYO);
    const token = await t.login(user);
    await t.http().get('/api/auth/me').set('Authorization', token).expect(200);

    const patched = await t.http().patch(`/api/users/${user.id}`).set('Authorization', kotaAdmin).send({ disabled: true }).expect(200);
    expect(patched.body.disabled).toBe(true);
    expectProblem(await t.http().get('/api/auth/me').set('Authorization', token), 401, 'UNAUTHENTICATED');
    expectProblem(await t.http().get('/api/regions').set('Authorization', token), 401);

    // Re-enabled, the user logs in again: disabling ended the old login for good.
    await t.http().patch(`/api/users/${user.id}`).set('Authorization', kotaAdmin).send({ disabled: false }).expect(200);
    expectProblem(await t.http().get('/api/auth/me').set('Authorization', token), 401, 'UNAUTHENTICATED');
    await t.http().get('/api/auth/me').set('Authorization', await t.login(user)).expect(200);
  });

  it('refuses the token of a user who no longer exists', async () => {
    const user = await t.makeUser('opd', KOTA_METRO);
    const token = await t.login(user);
    await t.db.query('DELETE FROM app_user WHERE id = $1', [user.id]);
    expectProblem(await t.http().get('/api/auth/me').set('Authorization', token), 401);
  });

  it('ends a moved admin\'s login at once; the next login has the new scope', async () => {
    const user = await t.makeUser('admin', METRO_SELATAN);
    const old = await t.login(user);
    await t.http().get(`/api/users?region=${REJOMULYO}`).set('Authorization', old).expect(200);
    expectProblem(await t.http().get(`/api/users?region=${YOSODADI}`).set('Authorization', old), 404, 'REGION_OUT_OF_SCOPE');

    await t.http().patch(`/api/users/${user.id}`).set('Authorization', kotaAdmin).send({ regionCode: METRO_TIMUR }).expect(200);
    expectProblem(await t.http().get(`/api/users?region=${REJOMULYO}`).set('Authorization', old), 401, 'UNAUTHENTICATED');

    const token = await t.login(user);
    expect((await t.http().get('/api/auth/me').set('Authorization', token).expect(200)).body.regionCode).toBe(METRO_TIMUR);
    await t.http().get(`/api/users?region=${YOSODADI}`).set('Authorization', token).expect(200);
    expectProblem(await t.http().get(`/api/users?region=${REJOMULYO}`).set('Authorization', token), 404, 'REGION_OUT_OF_SCOPE');
    const own = await t.http().get('/api/users').set('Authorization', token).expect(200);
    for (const item of own.body.items as { regionCode: string }[]) expect(item.regionCode.startsWith(METRO_TIMUR)).toBe(true);
  });

  it('takes a demoted admin\'s rights away at once', async () => {
    const user = await t.makeUser('admin', METRO_BARAT);
    const token = await t.login(user);
    await t.http().get('/api/users').set('Authorization', token).expect(200);
    await t.http().patch(`/api/users/${user.id}`).set('Authorization', kotaAdmin).send({ role: 'kader' }).expect(200);
    expectProblem(await t.http().get('/api/users').set('Authorization', token), 401, 'UNAUTHENTICATED');
    expectProblem(await t.http().get('/api/users').set('Authorization', await t.login(user)), 403, 'FORBIDDEN');
  });

  it('refuses tokens that are expired, forged or malformed', async () => {
    const user = await t.makeUser('admin', KOTA_METRO);
    const jwt = t.app.get(JwtService);
    const expired = jwt.sign({ sub: user.id, exp: Math.floor(Date.now() / 1000) - 60 });
    const forged = new JwtService({ secret: 'another-secret-another-secret-123456' }).sign({ sub: user.id });
    const unsigned = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: user.id })).toString('base64url')}.`;
    // Signed by the server but naming no login session: nothing could ever log it out.
    const sessionless = jwt.sign({ sub: user.id }, { expiresIn: 3600 });
    for (const header of [`Bearer ${expired}`, `Bearer ${forged}`, `Bearer ${unsigned}`, `Bearer ${sessionless}`, 'Bearer', 'Basic YWRtaW46eA==', `Token ${sessionless}`]) {
      expectProblem(await t.http().get('/api/auth/me').set('Authorization', header), 401, 'UNAUTHENTICATED');
    }
    await t.http().get('/api/auth/me').set('Authorization', await t.login(user)).expect(200);
  });
});

describe('login throttling per address', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it(`answers 429 to every username from an address after ${LOGIN_LIMITS.perIp} failures`, async () => {
    const user = await t.makeUser('kader', REJOMULYO);
    await t.http().post('/api/auth/login').send({ username: 'penebak.0', password: 'tebakan-acak' }).expect(401);
    // The other failures, each for a different username, go straight in: 30 argon2 checks in a row
    // would only make the test slow. The address is the one the server recorded for ours.
    const [{ ip }] = (await t.db.query(`SELECT ip FROM login_failure WHERE username = 'penebak.0'`)) as { ip: string }[];
    await t.db.query(`INSERT INTO login_failure (username, ip) SELECT 'penebak.' || n, $1 FROM generate_series(1, $2::int - 2) AS n`, [ip, LOGIN_LIMITS.perIp]);
    await t.http().post('/api/auth/login').send({ username: 'penebak.terakhir', password: 'tebakan-acak' }).expect(401);

    const throttled = expectProblem(await t.http().post('/api/auth/login').send({ username: user.username, password: TEST_PASSWORD }), 429, 'TOO_MANY_ATTEMPTS');
    expect(throttled.retryAfter).toEqual(expect.any(Number));
    // Failures from another address do not count against this one.
    await t.db.query(`UPDATE login_failure SET ip = '127.0.0.9'`);
    await t.http().post('/api/auth/login').send({ username: user.username, password: TEST_PASSWORD }).expect(200);
  });
});

describe('login throttling under a burst', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it(`lets no more than ${LOGIN_LIMITS.perUsername} of 12 parallel guesses for one username through to the password check`, async () => {
    const user = await t.makeUser('kader', REJOMULYO);
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) => t.http().post('/api/auth/login').send({ username: user.username, password: `tebakan-${i}` })),
    );
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(LOGIN_LIMITS.perUsername);
    expect(statuses.filter((status) => status !== 401 && status !== 429)).toEqual([]);
    const [{ failures }] = (await t.db.query('SELECT count(*)::int AS failures FROM login_failure WHERE username = $1', [user.username])) as { failures: number }[];
    expect(failures).toBeLessThanOrEqual(LOGIN_LIMITS.perUsername);
  });
});
