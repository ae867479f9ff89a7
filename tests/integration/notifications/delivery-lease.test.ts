import type { User } from '../../../server/src/modules/users/user.entity';
import { Pipeline, startPipeline } from '../../support/pipeline';
import { expectProblem } from '../../support/problem';
import { startSmtpSink } from '../../support/receivers';
import { KOTA_METRO, REJOMULYO } from '../../support/regions';
import { waitFor } from '../../support/wait';

const DAY = '2026-11-20';

describe('reminder e-mail: sent with no database transaction open, and sent again by an admin once it gave up', () => {
  let p: Pipeline;
  let admin: string;
  let kader: { user: User; auth: string };
  let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
  let release: () => void = () => undefined;
  let held = new Promise<void>((resolve) => (release = resolve));
  let waiting = 0;

  const emailStatus = async (): Promise<string | undefined> =>
    ((await p.t.db.query(
      `SELECT d.status FROM notification_delivery d JOIN notification n ON n.id = d.notification_id WHERE n.user_id = $1 AND d.channel = 'email'`,
      [kader.user.id],
    )) as { status: string }[])[0]?.status;

  beforeAll(async () => {
    // A slow mail server: it holds its answer to the message until the test lets it go.
    smtp = await startSmtpSink(() => {
      waiting += 1;
      return held;
    });
    p = await startPipeline({ SMTP_URL: smtp.url });
    admin = (await p.t.as('admin', KOTA_METRO)).auth;
    // covid-harian is kept per RT: Rejomulyo's RTs are the ones missing, so its kader is reminded.
    kader = await p.t.as('kader', REJOMULYO);
    await p.t.http().put('/api/notifications/contact').set('Authorization', kader.auth).send({ email: 'kader.metro@example.org' }).expect(200);
  });
  afterAll(async () => {
    release();
    await p.close();
    await smtp.close();
  });

  it('holds no transaction (nor a row lock) open while the mail server takes its time', async () => {
    await p.t.http().post('/api/themes/covid-harian/reminders/kader-pagi/run').query({ period: DAY }).set('Authorization', admin).expect(202);
    await waitFor('the mail server holding the message', async () => waiting > 0, 30_000);
    const open = (await p.t.db.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'`,
    )) as { n: number }[];
    expect(open[0].n).toBe(0);
    release();
    await waitFor('the e-mail recorded as sent', async () => (await emailStatus()) === 'sent', 30_000);
    expect(smtp.mails.some((mail) => mail.to.some((to) => to.includes('kader.metro@example.org')))).toBe(true);
  });

  it('counts a delivery that gave up in /api/health, and an admin sends it again', async () => {
    held = Promise.resolve();
    // As twenty failed attempts over eight hours would leave it.
    await p.t.db.query(
      `UPDATE notification_delivery d SET status = 'failed', last_error = 'connect ECONNREFUSED' FROM notification n WHERE n.id = d.notification_id AND n.user_id = $1`,
      [kader.user.id],
    );
    const before = smtp.mails.length;
    expect((await p.t.http().get('/api/health').expect(200)).body.deliveries.failed.notifications).toBe(1);
    expectProblem(await p.t.http().post('/api/notifications/deliveries/redeliver').set('Authorization', kader.auth), 403);
    const again = await p.t.http().post('/api/notifications/deliveries/redeliver').set('Authorization', admin).expect(202);
    expect(again.body).toEqual({ requeued: 1 });
    await waitFor('the e-mail sent again', async () => (await emailStatus()) === 'sent', 30_000);
    expect(smtp.mails.length).toBe(before + 1);
    expect((await p.t.http().get('/api/health').expect(200)).body.deliveries.failed.notifications).toBe(0);
  });
});
