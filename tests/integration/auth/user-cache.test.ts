import { Client } from 'pg';
import { ChangeListener } from '../../../server/src/database/change-listener.service';
import { createTestApp, TestApp } from '../../support/test-app';
import { expectProblem } from '../../support/problem';
import { makeSubmission, postSubmission } from '../../support/submissions';
import { KOTA_METRO, MARGOREJO, REJOMULYO } from '../../support/regions';
import { loadFixture } from '../../support/themes';
import { waitFor } from '../../support/wait';
import { tokenBody } from '../../support/tokens';

/**
 * The API keeps users and tokens in memory; these changes are made the way an operator or another
 * API process makes them, straight in PostgreSQL on a connection of its own, and must count at the
 * very next request however warm the memory is.
 */
describe('authentication with users kept in memory', () => {
  let t: TestApp;
  let other: Client;
  beforeAll(async () => {
    t = await createTestApp();
    other = new Client({ connectionString: t.config.databaseUrl! });
    await other.connect();
  });
  afterAll(async () => {
    await other.end();
    await t.close();
  });

  const me = (auth: string) => t.http().get('/api/auth/me').set('Authorization', auth);
  /** A valid `umkm` record without its photo (a file id must name an uploaded file). */
  const umkm = (regionCode: string) => {
    const data = loadFixture('umkm', 'valid');
    delete data.foto;
    return makeSubmission(regionCode, data);
  };

  /** Waits for the API process's listener; setup only, nothing is asserted about how long it takes. */
  const untilListening = (expected: boolean) =>
    waitFor(`the change listener to be ${expected ? 'trusted' : 'untrusted'}`, async () => t.app.get(ChangeListener).trusted === expected, { timeoutMs: 10_000, intervalMs: 5 });

  it('refuses a user disabled from another connection on the very next submission', async () => {
    await untilListening(true);
    const { user, auth } = await t.as('kader', REJOMULYO);
    for (let i = 0; i < 3; i++) await postSubmission(t, auth, 'umkm', umkm(REJOMULYO)).expect(201);

    await other.query('UPDATE app_user SET disabled = true WHERE id = $1', [user.id]);
    const body = umkm(REJOMULYO);
    expectProblem(await postSubmission(t, auth, 'umkm', body), 401, 'UNAUTHENTICATED');
    expect(await t.db.query('SELECT id FROM submission WHERE id = $1', [body.id])).toEqual([]);
  });

  it('refuses a user disabled from another connection on the very next read', async () => {
    await untilListening(true);
    const { user, auth } = await t.as('kader', REJOMULYO);
    for (let i = 0; i < 3; i++) await me(auth).expect(200);

    await other.query('UPDATE app_user SET disabled = true WHERE id = $1', [user.id]);
    expectProblem(await me(auth), 401, 'UNAUTHENTICATED');
    await other.query('UPDATE app_user SET disabled = false, region_code = $2 WHERE id = $1', [user.id, MARGOREJO]);
    expect((await me(auth).expect(200)).body.regionCode).toBe(MARGOREJO);
  });

  it('refuses an API token revoked from another connection on the very next request', async () => {
    await untilListening(true);
    const { auth } = await t.as('opd', KOTA_METRO);
    const created = (await t.http().post('/api/tokens').set('Authorization', auth).send(tokenBody('skrip', ['aggregates:read'])).expect(201)).body as { id: string; token: string };
    const bearer = `Bearer ${created.token}`;
    for (let i = 0; i < 3; i++) await me(bearer).expect(200);

    await other.query('UPDATE api_token SET revoked_at = now() WHERE id = $1', [created.id]);
    expectProblem(await me(bearer), 401, 'UNAUTHENTICATED');
  });

  it('scopes a user moved to another region from another connection to the new region on the very next submission', async () => {
    await untilListening(true);
    const { user, auth } = await t.as('kader', REJOMULYO);
    expect((await me(auth).expect(200)).body.regionCode).toBe(REJOMULYO);
    await postSubmission(t, auth, 'umkm', umkm(REJOMULYO)).expect(201);

    await other.query('UPDATE app_user SET region_code = $2 WHERE id = $1', [user.id, MARGOREJO]);
    const body = umkm(REJOMULYO);
    expectProblem(await postSubmission(t, auth, 'umkm', body), 404, 'REGION_OUT_OF_SCOPE');
    expect(await t.db.query('SELECT id FROM submission WHERE id = $1', [body.id])).toEqual([]);
    expect((await postSubmission(t, auth, 'umkm', umkm(MARGOREJO)).expect(201)).body.regionCode).toBe(MARGOREJO);
  });

  it('refuses a kader made an OPD user from another connection on the very next submission', async () => {
    await untilListening(true);
    const { user, auth } = await t.as('kader', REJOMULYO);
    await postSubmission(t, auth, 'umkm', umkm(REJOMULYO)).expect(201);

    await other.query(`UPDATE app_user SET role = 'opd' WHERE id = $1`, [user.id]);
    expectProblem(await postSubmission(t, auth, 'umkm', umkm(REJOMULYO)), 403, 'FORBIDDEN');
  });

  it('reads users afresh while its change listener is disconnected, and listens again after', async () => {
    await untilListening(true);
    const first = await t.as('kader', REJOMULYO);
    const second = await t.as('kader', REJOMULYO);
    for (let i = 0; i < 3; i++) {
      await me(first.auth).expect(200);
      await me(second.auth).expect(200);
    }

    const [listener] = (await other.query(
      `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'wakuncar-listener'`,
    )).rows as { pid: number }[];
    expect(listener).toBeDefined();
    // With a timeout, pg_terminate_backend returns once the session is gone.
    await other.query('SELECT pg_terminate_backend($1, 10000)', [listener.pid]);
    await untilListening(false);

    // No notification reaches the API now: only reading the user can refuse it.
    await other.query('UPDATE app_user SET disabled = true WHERE id = $1', [first.user.id]);
    expectProblem(await me(first.auth), 401, 'UNAUTHENTICATED');

    // Listening again, with what was kept before the drop forgotten.
    await untilListening(true);
    await me(second.auth).expect(200);
    await other.query('UPDATE app_user SET disabled = true WHERE id = $1', [second.user.id]);
    expectProblem(await me(second.auth), 401, 'UNAUTHENTICATED');
  });
});
