import { Pipeline, startPipeline } from '../../support/pipeline';
import { expectProblem } from '../../support/problem';
import { startReceiver } from '../../support/receivers';
import { KELURAHAN_METRO, KOTA_METRO, METRO_SELATAN } from '../../support/regions';
import { submit } from '../../support/submissions';
import { publishTheme } from '../../support/test-app';
import { aggregationTheme } from '../../support/themes';
import { waitFor } from '../../support/wait';

interface Delivery {
  id: string;
  event: string;
  status: string;
}

describe('a webhook delivery that gave up can be sent again, and health counts those that did', () => {
  let p: Pipeline;
  let admin: string;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let webhookId: string;
  let delivery: Delivery;

  const health = async () => (await p.t.http().get('/api/health').expect(200)).body as { deliveries: { failed: { webhooks: number; notifications: number } } };
  const log = async () => (await p.t.http().get(`/api/webhooks/${webhookId}/deliveries`).set('Authorization', admin).expect(200)).body.items as Delivery[];

  beforeAll(async () => {
    receiver = await startReceiver();
    p = await startPipeline();
    admin = (await p.t.as('admin', KOTA_METRO)).auth;
    await publishTheme(p.t, admin, aggregationTheme('uji-kirim-ulang'));
    webhookId = (await p.t.http().post('/api/themes/uji-kirim-ulang/webhooks').set('Authorization', admin).send({ url: receiver.url, events: ['submission.created'] }).expect(201)).body.id as string;
    await submit(p.t, admin, 'uji-kirim-ulang', KELURAHAN_METRO, '2026-11-02', { jumlah: 3, kategori: 'a' });
    delivery = await waitFor('the delivery sent', async () => (await log()).find((item) => item.status === 'sent'), 30_000);
    // As every attempt over eight hours would leave it: given up.
    await p.t.db.query(`UPDATE webhook_delivery SET status = 'failed', last_error = 'HTTP 503' WHERE id = $1`, [delivery.id]);
  });
  afterAll(async () => {
    await p.close();
    await receiver.close();
  });

  it('counts the failed delivery in /api/health', async () => {
    expect((await health()).deliveries.failed).toEqual({ webhooks: 1, notifications: 0 });
  });

  it('lets the admin send it again: it goes out once more and is no longer counted as failed', async () => {
    const before = receiver.received.filter((request) => request.headers['x-wakuncar-delivery'] === delivery.id).length;
    const again = await p.t.http().post(`/api/webhooks/${webhookId}/deliveries/${delivery.id}/redeliver`).set('Authorization', admin).expect(200);
    expect(again.body).toMatchObject({ id: delivery.id, status: 'pending' });
    await waitFor('the delivery sent again', async () => (await log()).find((item) => item.id === delivery.id && item.status === 'sent'), 30_000);
    expect(receiver.received.filter((request) => request.headers['x-wakuncar-delivery'] === delivery.id)).toHaveLength(before + 1);
    expect((await health()).deliveries.failed.webhooks).toBe(0);
  });

  it('refuses to send again a delivery that did not fail (409), and anyone who may not manage the webhook', async () => {
    const path = `/api/webhooks/${webhookId}/deliveries/${delivery.id}/redeliver`;
    expectProblem(await p.t.http().post(path).set('Authorization', admin), 409, 'DELIVERY_NOT_FAILED');
    expectProblem(await p.t.http().post(path).set('Authorization', (await p.t.as('kader', KELURAHAN_METRO)).auth), 403);
    expectProblem(await p.t.http().post(path).set('Authorization', (await p.t.as('admin', METRO_SELATAN)).auth), 404);
  });
});
