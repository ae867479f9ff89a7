import { createTestApp, TestApp } from '../../support/test-app';
import { HADIMULYO_TIMUR, KELURAHAN_METRO, KOTA_METRO } from '../../support/regions';

describe('notifications', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('lists only the caller’s notifications, newest first, with paging and read marks', async () => {
    const me = await t.as('kader', KELURAHAN_METRO);
    const other = await t.as('kader', HADIMULYO_TIMUR);
    for (let i = 0; i < 5; i++) {
      await t.db.query(
        `INSERT INTO notification (user_id, kind, title, message, created_at) VALUES ($1, 'info', $2, 'pesan', now() - make_interval(mins => $3))`,
        [me.user.id, `ke-${i}`, i],
      );
    }
    await t.db.query(`INSERT INTO notification (user_id, kind, title, message) VALUES ($1, 'info', 'bukan untukmu', 'x')`, [other.user.id]);
    const first = await t.http().get('/api/notifications').query({ limit: '3' }).set('Authorization', me.auth).expect(200);
    expect(first.body.items.map((n: { title: string }) => n.title)).toEqual(['ke-0', 'ke-1', 'ke-2']);
    const second = await t.http().get('/api/notifications').query({ limit: '3', cursor: first.body.nextCursor }).set('Authorization', me.auth).expect(200);
    expect(second.body.items.map((n: { title: string }) => n.title)).toEqual(['ke-3', 'ke-4']);
    expect(second.body.nextCursor).toBeNull();

    const id = first.body.items[0].id as string;
    const read = await t.http().post(`/api/notifications/${id}/read`).set('Authorization', me.auth).expect(200);
    expect(read.body.readAt).toEqual(expect.any(String));
    expect((await t.http().post(`/api/notifications/${id}/read`).set('Authorization', other.auth)).status).toBe(404);
    await t.http().get('/api/notifications').expect(401);
  });

  it('keeps the caller’s contact for e-mail and webhook delivery, refusing bad values', async () => {
    const me = await t.as('admin', KOTA_METRO);
    expect((await t.http().get('/api/notifications/contact').set('Authorization', me.auth).expect(200)).body).toEqual({ email: null, phone: null });
    await t.http().put('/api/notifications/contact').set('Authorization', me.auth).send({ email: 'admin@example.org' }).expect(200);
    const saved = await t.http().put('/api/notifications/contact').set('Authorization', me.auth).send({ phone: '081234567890' }).expect(200);
    expect(saved.body).toEqual({ email: 'admin@example.org', phone: '081234567890' });
    expect((await t.http().put('/api/notifications/contact').set('Authorization', me.auth).send({ email: 'bukan-email' })).status).toBe(400);
    expect((await t.http().put('/api/notifications/contact').set('Authorization', me.auth).send({ phone: 'abc' })).status).toBe(400);
    const cleared = await t.http().put('/api/notifications/contact').set('Authorization', me.auth).send({ email: null }).expect(200);
    expect(cleared.body).toEqual({ email: null, phone: '081234567890' });
  });
});
