import { randomUUID } from 'node:crypto';
import { createTestApp, publishTheme, TestApp } from '../../support/test-app';
import { expectProblem } from '../../support/problem';
import { covidData, dayKey, makeSubmission, postSubmission } from '../../support/submissions';
import { KOTA_METRO, MARGOREJO, REJOMULYO, REJOMULYO_RW_01_RT_01, REJOMULYO_RW_02_RT_01 } from '../../support/regions';

/** covid-harian is kept per RT: Rejomulyo's kader reports for its RT 01 of RW 01. */
const RT = REJOMULYO_RW_01_RT_01;
import { loadFixture, makeTheme } from '../../support/themes';

describe('submissions: idempotency and revisions', () => {
  let t: TestApp;
  let kader: string;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp();
    kader = (await t.as('kader', REJOMULYO)).auth;
    admin = (await t.as('admin', KOTA_METRO)).auth;
  });
  afterAll(() => t.close());

  /** Opens enough pool connections that concurrent requests really overlap in the database. */
  const warmPool = () => Promise.all(Array.from({ length: 12 }, () => t.db.query('SELECT pg_sleep(0.05)')));

  const count = async (sql: string, params: unknown[]): Promise<number> =>
    ((await t.db.query(`SELECT count(*)::int AS n FROM ${sql}`, params)) as { n: number }[])[0].n;

  describe('the client UUID makes a retry safe', () => {
    it('stores once (201) and answers an identical retry with 200 and the same body', async () => {
      const body = makeSubmission(RT, covidData(), { period: dayKey(1) });
      const first = await postSubmission(t, kader, 'covid-harian', body);
      expect(first.status).toBe(201);
      expect(first.body).toEqual(
        expect.objectContaining({
          id: body.id,
          theme: 'covid-harian',
          version: 1,
          regionCode: RT,
          periodKey: dayKey(1),
          status: 'submitted',
          createdAt: expect.any(String),
          data: body.data,
        }),
      );
      const retry = await postSubmission(t, kader, 'covid-harian', body);
      expect(retry.status).toBe(200);
      expect(retry.body).toEqual(first.body);
      // Key order is not content: the same object written differently is the same request.
      const reordered = { data: Object.fromEntries(Object.entries(body.data).reverse()), period: body.period, regionCode: body.regionCode, id: body.id };
      const again = await postSubmission(t, kader, 'covid-harian', reordered);
      expect(again.status).toBe(200);
      expect(again.body).toEqual(first.body);
      expect(await count('submission WHERE id = $1', [body.id])).toBe(1);
      expect(await count(`outbox WHERE payload->>'submissionId' = $1`, [body.id])).toBe(1);
    });

    it('answers the same id with other content 409 SUBMISSION_CONFLICT and keeps what was stored', async () => {
      const body = makeSubmission(RT, covidData(1), { period: dayKey(2) });
      expect((await postSubmission(t, kader, 'covid-harian', body)).status).toBe(201);
      const other = { ...body, data: covidData(3) };
      expectProblem(await postSubmission(t, kader, 'covid-harian', other), 409, 'SUBMISSION_CONFLICT');
      const [row] = (await t.db.query('SELECT data FROM submission WHERE id = $1', [body.id])) as { data: unknown }[];
      expect(row.data).toEqual(body.data);
      // The same id used for another theme is a conflict too, not a second row.
      const elsewhere = await postSubmission(t, admin, 'umkm', { ...body, data: {} });
      expectProblem(elsewhere, 409, 'SUBMISSION_CONFLICT');
      expect(await count('submission WHERE id = $1', [body.id])).toBe(1);
    });

    it('stores exactly one row and one outbox row for ten identical POSTs at once', async () => {
      const body = makeSubmission(RT, covidData(4), { period: dayKey(3) });
      await warmPool();
      const answers = await Promise.all(Array.from({ length: 10 }, () => postSubmission(t, kader, 'covid-harian', body)));
      const statuses = answers.map((a) => a.status).sort();
      expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
      const created = answers.find((a) => a.status === 201)!;
      for (const answer of answers) expect(answer.body).toEqual(created.body);
      expect(await count('submission WHERE id = $1', [body.id])).toBe(1);
      expect(await count(`outbox WHERE topic = 'submission.changed' AND payload->>'submissionId' = $1`, [body.id])).toBe(1);
      expect(await count(`audit_log WHERE target_id = $1`, [body.id])).toBe(1);
    });
    it('stores a new record once when ten identical POSTs race (one statement, no lock), with one outbox and one audit row', async () => {
      const data = loadFixture('umkm', 'valid');
      delete data.foto; // a file id must name an uploaded file
      const body = makeSubmission(REJOMULYO, data);
      await warmPool();
      const answers = await Promise.all(Array.from({ length: 10 }, () => postSubmission(t, kader, 'umkm', body)));
      expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
      const created = answers.find((a) => a.status === 201)!;
      expect(created.body).toEqual(expect.objectContaining({ id: body.id, theme: 'umkm', revision: 1, current: true, replaces: null, data }));
      for (const answer of answers) expect(answer.body).toEqual(created.body);
      expect(await count('submission WHERE id = $1', [body.id])).toBe(1);
      expect(await count(`outbox WHERE payload->>'submissionId' = $1`, [body.id])).toBe(1);
      const audit = (await t.db.query(`SELECT action, actor_id, region_code, details FROM audit_log WHERE target_id = $1`, [body.id])) as {
        action: string;
        region_code: string;
        details: Record<string, unknown>;
      }[];
      expect(audit).toEqual([expect.objectContaining({ action: 'submission.created', region_code: REJOMULYO, details: expect.objectContaining({ theme: 'umkm', version: 1, revision: 1 }) })]);
    });

    it('refuses an envelope with an unknown property, a URN-style id or a version past int4 with 400 before storing anything', async () => {
      const valid = makeSubmission(RT, covidData(5), { period: dayKey(4) });
      const unknown = await postSubmission(t, kader, 'covid-harian', { ...valid, bonus: 1 } as typeof valid);
      expect(expectProblem(unknown, 400, 'UNKNOWN_PROPERTY').errors?.map((e) => e.path)).toEqual(['/bonus']);
      const urn = await postSubmission(t, kader, 'covid-harian', { ...valid, id: `urn:uuid:${valid.id}` });
      expect(expectProblem(urn, 400, 'INVALID_REQUEST').errors).toEqual([expect.objectContaining({ path: '/id', keyword: 'pattern' })]);
      const huge = await postSubmission(t, kader, 'covid-harian', { ...valid, version: 2 ** 31 });
      expect(expectProblem(huge, 400, 'INVALID_REQUEST').errors).toEqual([expect.objectContaining({ path: '/version', keyword: 'maximum' })]);
      const missing = await postSubmission(t, kader, 'covid-harian', { id: valid.id, regionCode: RT } as typeof valid);
      expect(expectProblem(missing, 400, 'INVALID_REQUEST').errors?.map((e) => e.path)).toEqual(['/data']);
      expect(await count('submission WHERE id = $1', [valid.id])).toBe(0);
    });
  });

  describe('a report theme keeps one current report per region and period', () => {
    it('makes a second report (new id) the current revision and keeps the first in the history', async () => {
      const period = dayKey(4);
      const first = makeSubmission(RT, covidData(1), { period });
      const second = makeSubmission(RT, covidData(2), { period });
      expect((await postSubmission(t, kader, 'covid-harian', first)).status).toBe(201);
      const revised = await postSubmission(t, kader, 'covid-harian', second);
      expect(revised.status).toBe(201);
      expect(revised.body).toEqual(expect.objectContaining({ id: second.id, current: true, revision: 2, replaces: first.id }));

      const old = await t.http().get(`/api/submissions/${first.id}`).set('Authorization', kader).expect(200);
      expect(old.body).toEqual(expect.objectContaining({ id: first.id, current: false, revision: 1, data: first.data }));
      const expected = [
        expect.objectContaining({ id: first.id, revision: 1, current: false }),
        expect.objectContaining({ id: second.id, revision: 2, current: true }),
      ];
      expect(old.body.revisions).toEqual(expected);
      const latest = await t.http().get(`/api/submissions/${second.id}`).set('Authorization', kader).expect(200);
      expect(latest.body.revisions).toEqual(expected);

      const [audit] = (await t.db.query(`SELECT details FROM audit_log WHERE action = 'submission.revised' AND target_id = $1`, [second.id])) as {
        details: Record<string, unknown>;
      }[];
      expect(audit.details).toEqual(expect.objectContaining({ replaces: first.id, revision: 2 }));
      // Another RT, same day: a report of its own.
      const elsewhere = await postSubmission(t, kader, 'covid-harian', makeSubmission(REJOMULYO_RW_02_RT_01, covidData(), { period }));
      expect(elsewhere.body).toEqual(expect.objectContaining({ current: true, revision: 1, replaces: null }));
    });

    it('ends with exactly one current report when ten different reports arrive at once', async () => {
      const period = dayKey(5);
      const bodies = Array.from({ length: 10 }, (_, i) => makeSubmission(RT, covidData(i), { period }));
      await warmPool();
      const answers = await Promise.all(bodies.map((body) => postSubmission(t, kader, 'covid-harian', body)));
      expect(answers.map((a) => a.status)).toEqual(Array(10).fill(201));
      const rows = (await t.db.query(
        `SELECT revision, current FROM submission WHERE region_code = $1 AND period_key = $2 AND NOT is_test ORDER BY revision`,
        [RT, period],
      )) as { revision: number; current: boolean }[];
      expect(rows.map((r) => r.revision)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect(rows.map((r) => r.current)).toEqual([...Array(9).fill(false), true]);
    });

    it('refuses `replaces` on a report theme', async () => {
      const body = makeSubmission(RT, covidData(), { period: dayKey(6), replaces: randomUUID() });
      const problem = expectProblem(await postSubmission(t, kader, 'covid-harian', body), 422, 'REPLACES_NOT_ALLOWED');
      expect(problem.errors?.map((e) => e.path)).toEqual(['/replaces']);
    });
  });

  describe('a record theme', () => {
    let slug: string;
    beforeAll(async () => {
      ({ slug } = await publishTheme(t, admin, makeTheme()));
    });

    it('keeps many records for one region and period, all current', async () => {
      const a = makeSubmission(REJOMULYO, { nama: 'KWT Melati', jumlah: 10 });
      const b = makeSubmission(REJOMULYO, { nama: 'KWT Mawar', jumlah: 12 });
      const first = await postSubmission(t, kader, slug, a);
      const second = await postSubmission(t, kader, slug, b);
      expect([first.status, second.status]).toEqual([201, 201]);
      expect(second.body.periodKey).toBe(first.body.periodKey);
      for (const response of [first, second]) expect(response.body).toEqual(expect.objectContaining({ current: true, revision: 1 }));
      const list = await t.http().get(`/api/themes/${slug}/submissions`).set('Authorization', kader).expect(200);
      expect(list.body.items.map((s: { id: string }) => s.id).sort()).toEqual([a.id, b.id].sort());
    });

    it('revises one record with `replaces`, keeping the history', async () => {
      const original = makeSubmission(REJOMULYO, { nama: 'UP2K Sejahtera', jumlah: 5 });
      await postSubmission(t, kader, slug, original).expect(201);
      const period = (await t.http().get(`/api/submissions/${original.id}`).set('Authorization', kader)).body.periodKey as string;
      const revision = makeSubmission(REJOMULYO, { nama: 'UP2K Sejahtera', jumlah: 6 }, { replaces: original.id, period });
      const revised = await postSubmission(t, kader, slug, revision);
      expect(revised.status).toBe(201);
      expect(revised.body).toEqual(expect.objectContaining({ revision: 2, current: true, replaces: original.id }));
      const detail = await t.http().get(`/api/submissions/${original.id}`).set('Authorization', kader).expect(200);
      expect(detail.body.current).toBe(false);
      expect(detail.body.revisions.map((r: { id: string }) => r.id)).toEqual([original.id, revision.id]);

      // Revising the old revision again would fork the history.
      const fork = makeSubmission(REJOMULYO, { nama: 'UP2K Sejahtera', jumlah: 7 }, { replaces: original.id, period });
      expectProblem(await postSubmission(t, kader, slug, fork), 409, 'REVISION_CONFLICT');
    });

    it('accepts one of several revisions of the same record made at once; the others get 409 REVISION_CONFLICT', async () => {
      const original = makeSubmission(REJOMULYO, { nama: 'KWT Anggrek', jumlah: 8 });
      const stored = await postSubmission(t, kader, slug, original).expect(201);
      const revisions = [9, 10, 11, 12, 13].map((jumlah) =>
        makeSubmission(REJOMULYO, { nama: 'KWT Anggrek', jumlah }, { replaces: original.id, period: stored.body.periodKey as string }),
      );
      await warmPool();
      const answers = await Promise.all(revisions.map((body) => postSubmission(t, kader, slug, body)));
      expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409, 409]);
      for (const answer of answers.filter((a) => a.status === 409)) expectProblem(answer, 409, 'REVISION_CONFLICT');
      const chain = (await t.db.query(`SELECT revision, current FROM submission WHERE root_id = $1 ORDER BY revision`, [original.id])) as unknown[];
      expect(chain).toEqual([
        { revision: 1, current: false },
        { revision: 2, current: true },
      ]);
    });

    it('refuses to revise a record that does not exist or is out of reach', async () => {
      const unknown = makeSubmission(REJOMULYO, { nama: 'X', jumlah: 1 }, { replaces: randomUUID() });
      const problem = expectProblem(await postSubmission(t, kader, slug, unknown), 422, 'REPLACES_NOT_FOUND');
      expect(problem.errors?.map((e) => e.path)).toEqual(['/replaces']);

      const margorejo = (await t.as('kader', MARGOREJO)).auth;
      const theirs = makeSubmission(MARGOREJO, { nama: 'Milik Margorejo', jumlah: 1 });
      await postSubmission(t, margorejo, slug, theirs).expect(201);
      const hijack = makeSubmission(REJOMULYO, { nama: 'X', jumlah: 1 }, { replaces: theirs.id });
      expectProblem(await postSubmission(t, kader, slug, hijack), 422, 'REPLACES_NOT_FOUND');
    });
  });
});
