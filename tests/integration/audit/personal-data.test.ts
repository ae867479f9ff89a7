import { OutboxRelay } from '../../../server/src/modules/jobs/outbox-relay';
import { periodKeyAt } from '../../../server/src/modules/submissions/period';
import { KOTA_METRO, REJOMULYO } from '../../support/regions';
import { makeSubmission, postSubmission } from '../../support/submissions';
import { createTestApp, publishTheme, TestApp } from '../../support/test-app';
import { makeTheme } from '../../support/themes';
import { waitFor } from '../../support/wait';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

interface AuditRow {
  action: string;
  actor_id: string | null;
  target_id: string | null;
  details: Record<string, unknown>;
}

/**
 * UU PDP: who read personal data is on record, the record itself holds no personal value, and
 * what is only kept for a while (login failures, notifications) goes after a configurable time.
 */
describe('personal data in the audit log', () => {
  let t: TestApp;
  let admin: { user: { id: string }; auth: string };
  let kader: { user: { id: string }; auth: string };
  let personalSlug: string;
  let publicSlug: string;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.as('admin', KOTA_METRO);
    kader = await t.as('kader', REJOMULYO);
    personalSlug = (await publishTheme(t, admin.auth, makeTheme((d) => Object.assign(d, { sensitivity: 'personal', personalFields: ['/nama'] })))).slug;
    publicSlug = (await publishTheme(t, admin.auth, makeTheme())).slug;
  });
  afterAll(() => t.close());

  const auditRows = async (action: string, actorId: string) =>
    (await t.db.query(`SELECT action, actor_id, target_id, details FROM audit_log WHERE action = $1 AND actor_id = $2 ORDER BY id`, [action, actorId])) as AuditRow[];

  it('records who read which submissions of a personal theme, one row per read, and nothing for a public one', async () => {
    const personal = makeSubmission(REJOMULYO, { nama: 'Siti Aminah', jumlah: 2 });
    expect((await postSubmission(t, kader.auth, personalSlug, personal)).status).toBe(201);
    const open = makeSubmission(REJOMULYO, { nama: 'Kelompok Tani Maju', jumlah: 4 });
    expect((await postSubmission(t, kader.auth, publicSlug, open)).status).toBe(201);

    await t.http().get(`/api/submissions/${personal.id}`).set('Authorization', admin.auth).expect(200);
    await t.http().get(`/api/themes/${personalSlug}/submissions`).set('Authorization', admin.auth).expect(200);
    await t.http().get(`/api/submissions/${open.id}`).set('Authorization', admin.auth).expect(200);
    await t.http().get(`/api/themes/${publicSlug}/submissions`).set('Authorization', admin.auth).expect(200);

    const reads = await auditRows('submission.read', admin.user.id);
    expect(reads).toEqual([
      { action: 'submission.read', actor_id: admin.user.id, target_id: personal.id, details: { count: 1, submissions: [personal.id] } },
      { action: 'submission.read', actor_id: admin.user.id, target_id: personal.id, details: { count: 1, submissions: [personal.id] } },
    ]);
    expect(JSON.stringify(reads)).not.toContain('Siti');
  });

  it('records who was shown which submissions of a personal theme when explaining a number, and nothing for a public one', async () => {
    const month = periodKeyAt('month', new Date());
    const personal = makeSubmission(REJOMULYO, { nama: 'Dewi Lestari', jumlah: 3 }, { period: month });
    expect((await postSubmission(t, kader.auth, personalSlug, personal)).status).toBe(201);
    const open = makeSubmission(REJOMULYO, { nama: 'Kelompok Tani Subur', jumlah: 5 }, { period: month });
    expect((await postSubmission(t, kader.auth, publicSlug, open)).status).toBe(201);
    const reader = await t.as('admin', KOTA_METRO);
    const explain = async (slug: string) =>
      ((await t.http().get(`/api/themes/${slug}/aggregates/explain`).query({ measure: 'total_jumlah', region: REJOMULYO, periodKey: month }).set('Authorization', reader.auth).expect(200))
        .body as { items: { id: string }[] }).items.map((item) => item.id);

    const shown = await explain(personalSlug);
    expect(shown).toContain(personal.id);
    expect(await explain(publicSlug)).toContain(open.id);

    const reads = await auditRows('submission.read', reader.user.id);
    expect(reads).toEqual([
      { action: 'submission.read', actor_id: reader.user.id, target_id: shown.length === 1 ? shown[0] : null, details: { count: shown.length, submissions: shown } },
    ]);
    expect(JSON.stringify(reads)).not.toContain('Dewi');
  });

  it('records who opened a file', async () => {
    const id = (await t.http().post('/api/files').set('Authorization', kader.auth).attach('file', PDF, { filename: 'kk.pdf', contentType: 'application/pdf' }).expect(201)).body.id as string;
    await t.http().get(`/api/files/${id}`).set('Authorization', kader.auth).expect(200);
    expect(await auditRows('file.read', kader.user.id)).toEqual([{ action: 'file.read', actor_id: kader.user.id, target_id: id, details: {} }]);
  });

  it('keeps names and comments out of the audit log: that they changed, never what they are', async () => {
    const person = await t.makeUser('kader', REJOMULYO);
    await t.http().patch(`/api/users/${person.id}`).set('Authorization', admin.auth).send({ displayName: 'Rahmawati Nur Fadilah' }).expect(200);
    await t.http().patch('/api/auth/me').set('Authorization', await t.login(person)).send({ displayName: 'Bu Rahma Fadilah' }).expect(200);
    const reviewed = makeSubmission(REJOMULYO, { nama: 'Budi Santoso', jumlah: 1 });
    expect((await postSubmission(t, kader.auth, personalSlug, reviewed)).status).toBe(201);
    await t.http().post(`/api/submissions/${reviewed.id}/review`).set('Authorization', admin.auth).send({ status: 'rejected', comment: 'NIK 1872011234560001 milik Budi Santoso salah' }).expect(200);

    const everything = JSON.stringify(await t.db.query(`SELECT * FROM audit_log`));
    for (const value of ['Rahmawati', 'Rahma Fadilah', 'Budi', '1872011234560001', 'Siti']) expect({ value, found: everything.includes(value) }).toEqual({ value, found: false });
    const [renamed] = (await t.db.query(`SELECT details FROM audit_log WHERE action = 'user.updated' AND target_id = $1`, [person.id])) as { details: { changes: Record<string, unknown> } }[];
    expect(renamed.details.changes).toEqual({ displayName: true });
    const [rejected] = (await t.db.query(`SELECT details FROM audit_log WHERE action = 'submission.rejected' AND target_id = $1`, [reviewed.id])) as { details: Record<string, unknown> }[];
    expect(rejected.details).toEqual({ previousStatus: 'submitted', commented: true });
  });
});

describe('retention of login failures and notifications', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ LOGIN_FAILURE_RETENTION_DAYS: '2', NOTIFICATION_RETENTION_DAYS: '3' });
  });
  afterAll(() => t.close());

  it('prunes what is older than the configured days, in the sweep beside the outbox relay', async () => {
    const user = await t.makeUser('kader', REJOMULYO);
    await t.db.query(
      `INSERT INTO login_failure (username, ip, at) VALUES ('lama', '127.0.0.5', now() - interval '3 days'), ('baru', '127.0.0.5', now() - interval '1 day')`,
    );
    await t.db.query(
      `INSERT INTO notification (user_id, kind, title, message, created_at) VALUES
         ($1, 'review', 'Lama', 'Kiriman Siti ditolak', now() - interval '4 days'),
         ($1, 'review', 'Baru', 'Kiriman Budi disetujui', now() - interval '2 days')`,
      [user.id],
    );
    t.app.get(OutboxRelay).start();
    await waitFor('the old rows to be pruned', async () => {
      const [row] = (await t.db.query(
        `SELECT (SELECT count(*) FROM login_failure WHERE username = 'lama')::int AS failures, (SELECT count(*) FROM notification WHERE title = 'Lama')::int AS notifications`,
      )) as { failures: number; notifications: number }[];
      return row.failures === 0 && row.notifications === 0;
    }, 20_000);
    expect(await t.db.query(`SELECT username FROM login_failure`)).toEqual([{ username: 'baru' }]);
    expect(await t.db.query(`SELECT title FROM notification`)).toEqual([{ title: 'Baru' }]);
  });
});
