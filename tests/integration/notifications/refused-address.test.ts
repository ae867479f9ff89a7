import type { User } from '../../../server/src/modules/users/user.entity';
import { Pipeline, startPipeline } from '../../support/pipeline';
import { KOTA_METRO, REJOMULYO } from '../../support/regions';
import { waitFor } from '../../support/wait';

const DAY = '2026-11-20';

describe('a reminder webhook whose name resolves to a private address at send time', () => {
  let p: Pipeline;
  let admin: string;
  let kader: { user: User; auth: string };
  const lookedUp: string[] = [];

  beforeAll(async () => {
    // A public-looking URL passes the start-up check; at send time its name answers loopback (a
    // rebinding). The resolver is the test's, so no query leaves this machine.
    p = await startPipeline({ REMINDER_WEBHOOK_URL: 'https://pengingat.opd-contoh.go.id/terima', OUTBOUND_ALLOW_HOSTS: '' });
    p.t.config.outbound.resolve = async (host) => {
      lookedUp.push(host);
      return [{ address: '127.0.0.1', family: 4 }];
    };
    admin = (await p.t.as('admin', KOTA_METRO)).auth;
    // covid-harian is kept per RT: Rejomulyo's RTs are the ones missing, so its kader is reminded.
    kader = await p.t.as('kader', REJOMULYO);
  });
  afterAll(() => p.close());

  it('is refused without sending, given up after one attempt, and counted in /api/health', async () => {
    await p.t.http().post('/api/themes/covid-harian/reminders/kader-pagi/run').query({ period: DAY }).set('Authorization', admin).expect(202);
    const webhookDeliveries = async () =>
      (await p.t.db.query(
        `SELECT n.user_id AS "userId", d.status, d.attempts, d.last_error AS "lastError" FROM notification_delivery d
         JOIN notification n ON n.id = d.notification_id WHERE d.channel = 'webhook'`,
      )) as { userId: string; status: string; attempts: number; lastError: string | null }[];
    const deliveries = await waitFor('every webhook delivery tried', async () => {
      const found = await webhookDeliveries();
      return found.some((row) => row.userId === kader.user.id) && found.every((row) => row.lastError !== null) ? found : undefined;
    }, 30_000);
    expect(lookedUp).toContain('pengingat.opd-contoh.go.id');
    for (const delivery of deliveries) {
      expect(delivery.lastError).toMatch(/refused.*loopback/);
      expect(delivery).toMatchObject({ status: 'failed', attempts: 1 });
    }
    expect((await p.t.http().get('/api/health').expect(200)).body.deliveries.failed.notifications).toBe(deliveries.length);
  });
});
