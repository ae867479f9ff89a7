import { verifySignature } from '../../../server/src/modules/webhooks/webhook-signature';
import { JOB_BACKENDS, Pipeline, startPipeline } from '../../support/pipeline';
import { submit } from '../../support/submissions';
import { publishTheme } from '../../support/test-app';
import { aggregationTheme } from '../../support/themes';
import { sleep, waitFor } from '../../support/wait';
import { startReceiver } from '../../support/receivers';
import { KELURAHAN_METRO, KOTA_METRO, METRO_SELATAN } from '../../support/regions';

describe.each(JOB_BACKENDS)('outbound webhooks (jobs: %s)', (backend) => {
  let p: Pipeline;
  let admin: string;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let webhook: { id: string; secret: string };

  beforeAll(async () => {
    receiver = await startReceiver([503, 500]);
    p = await startPipeline({}, { backend });
    admin = (await p.t.as('admin', KOTA_METRO)).auth;
    const themeId = (await publishTheme(p.t, admin, aggregationTheme('uji-webhook'))).id;
    // The full recompute that publishing asks for runs first; what follows is incremental.
    await waitFor('the first recompute', async () => ((await p.t.db.query(`SELECT 1 FROM aggregate_theme WHERE theme_id = $1`, [themeId])) as unknown[]).length > 0);
  });
  afterAll(async () => {
    await p.close();
    await receiver.close();
  });

  it('registers a webhook and shows its signing secret once', async () => {
    const created = await p.t.http().post('/api/themes/uji-webhook/webhooks').set('Authorization', admin).send({ url: receiver.url, events: ['submission.created', 'aggregate.changed'] }).expect(201);
    webhook = created.body as { id: string; secret: string };
    expect(webhook.secret).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    const listed = await p.t.http().get('/api/themes/uji-webhook/webhooks').set('Authorization', admin).expect(200);
    expect(listed.body.items).toEqual([expect.not.objectContaining({ secret: expect.anything() })]);
    expect((await p.t.http().post('/api/themes/uji-webhook/webhooks').set('Authorization', admin).send({ url: 'ftp://x', events: ['submission.created'] })).status).toBe(400);
    expect((await p.t.http().post('/api/themes/uji-webhook/webhooks').set('Authorization', admin).send({ url: receiver.url, events: ['apa.saja'] })).status).toBe(400);
  });

  it('delivers signed submission.created and aggregate.changed events, retrying failures with backoff', async () => {
    const id = await submit(p.t, admin, 'uji-webhook', KELURAHAN_METRO, '2026-11-02', { jumlah: 3, kategori: 'a' });
    const created = await waitFor('submission.created', async () => receiver.received.find((r) => r.status === 200 && r.headers['x-wakuncar-event'] === 'submission.created'), 30_000);
    expect(verifySignature(webhook.secret, created.body, created.headers['x-wakuncar-signature'] as string)).toBe(true);
    expect(verifySignature('another secret', created.body, created.headers['x-wakuncar-signature'] as string)).toBe(false);
    const body = JSON.parse(created.body) as { id: string; event: string; theme: string; submission: { id: string; regionCode: string } };
    expect(body).toEqual(expect.objectContaining({ event: 'submission.created', theme: 'uji-webhook', submission: expect.objectContaining({ id, regionCode: KELURAHAN_METRO }) }));
    expect(created.headers['x-wakuncar-delivery']).toBe(body.id);
    // The first two attempts were answered 503 and 500, and retried.
    expect(receiver.received.slice(0, 2).map((r) => r.status)).toEqual([503, 500]);
    expect(receiver.received.filter((r) => r.headers['x-wakuncar-delivery'] === body.id).map((r) => r.status).pop()).toBe(200);
    const changed = await waitFor('aggregate.changed for the day', async () =>
      receiver.received.find((r) => r.status === 200 && r.headers['x-wakuncar-event'] === 'aggregate.changed' && r.body.includes('2026-11-02')),
    { timeoutMs: 30_000 });
    expect(JSON.parse(changed.body)).toEqual(
      expect.objectContaining({ event: 'aggregate.changed', theme: 'uji-webhook', full: false, changes: expect.arrayContaining([{ granularity: 'day', periodKey: '2026-11-02' }, { granularity: 'month', periodKey: '2026-11' }]) }),
    );
    expect(verifySignature(webhook.secret, changed.body, changed.headers['x-wakuncar-signature'] as string)).toBe(true);
  });

  it('keeps a delivery log for admins of the theme', async () => {
    const log = await waitFor('a sent submission delivery', async () => {
      const response = await p.t.http().get(`/api/webhooks/${webhook.id}/deliveries`).set('Authorization', admin).expect(200);
      const items = response.body.items as { event: string; status: string; attempts: number; responseStatus: number }[];
      return items.some((i) => i.event === 'submission.created' && i.status === 'sent') ? items : null;
    });
    const submission = log.find((i) => i.event === 'submission.created')!;
    expect(submission).toEqual(expect.objectContaining({ status: 'sent', responseStatus: 200 }));
    expect(log.reduce((sum, i) => sum + i.attempts, 0)).toBeGreaterThanOrEqual(3);
    const kader = (await p.t.as('kader', KELURAHAN_METRO)).auth;
    expect((await p.t.http().get(`/api/webhooks/${webhook.id}/deliveries`).set('Authorization', kader)).status).toBe(403);
    const elsewhere = (await p.t.as('admin', METRO_SELATAN)).auth;
    expect((await p.t.http().get(`/api/webhooks/${webhook.id}/deliveries`).set('Authorization', elsewhere)).status).toBe(404);
  });

  it('stops delivering once the webhook is removed', async () => {
    await p.settle();
    await p.t.http().delete(`/api/webhooks/${webhook.id}`).set('Authorization', admin).expect(204);
    const before = receiver.received.length;
    await submit(p.t, admin, 'uji-webhook', KELURAHAN_METRO, '2026-11-03', { jumlah: 1, kategori: 'b' });
    await p.settle();
    await sleep(500);
    expect(receiver.received.length).toBe(before);
  });
});
