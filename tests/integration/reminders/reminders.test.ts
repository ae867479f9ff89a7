import { BullMqBackend } from '../../../server/src/modules/jobs/bullmq-backend';
import { JOB_BACKEND } from '../../../server/src/modules/jobs/job-backend';
import type { User } from '../../../server/src/modules/users/user.entity';
import { Pipeline, startPipeline } from '../../support/pipeline';
import { submit } from '../../support/submissions';
import { publishTheme, themeIdOf } from '../../support/test-app';
import { dailyKelurahanTheme } from '../../support/themes';
import { waitFor } from '../../support/wait';
import { startReceiver, startSmtpSink } from '../../support/receivers';
import { HADIMULYO_TIMUR, KELURAHAN_METRO, KOTA_METRO, MARGODADI, MARGOREJO, METRO_PUSAT, METRO_SELATAN, REJOMULYO, SUMBERSARI_BANTUL } from '../../support/regions';

const DAY = '2026-11-20';
const covid = { suspek: 0, konfirmasi_baru: 1, sembuh: 0, meninggal: 0, isolasi_mandiri: 0 };

interface NotificationItem {
  id: string;
  theme: string;
  reminder: string;
  periodKey: string;
  message: string;
  details: { missingCount?: number; missing?: string[] };
}

describe('reminders', () => {
  let p: Pipeline;
  let admin: { user: User; auth: string };
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
  let themeId: string;
  const kaders: Record<string, { user: User; auth: string }> = {};

  async function notifications(auth: string): Promise<NotificationItem[]> {
    const response = await p.t.http().get('/api/notifications').set('Authorization', auth).expect(200);
    return response.body.items as NotificationItem[];
  }

  async function count(where = 'true'): Promise<number> {
    return ((await p.t.db.query(`SELECT count(*)::int AS n FROM notification WHERE ${where}`)) as { n: number }[])[0].n;
  }

  async function run(key: string, auth = admin.auth) {
    const response = await p.t.http().post(`/api/themes/harian-kelurahan/reminders/${key}/run`).query({ period: DAY }).set('Authorization', auth);
    expect(response.status).toBe(202);
    return response.body as { status: string; periodKey: string };
  }

  beforeAll(async () => {
    // The first webhook call fails: the delivery must be retried, not lost.
    receiver = await startReceiver([500]);
    smtp = await startSmtpSink();
    p = await startPipeline({ REMINDER_WEBHOOK_URL: receiver.url, SMTP_URL: smtp.url });
    admin = await p.t.as('admin', KOTA_METRO);
    // covid-harian's reminders on a copy kept per kelurahan: the kelurahan are the regions found missing here.
    await publishTheme(p.t, admin.auth, dailyKelurahanTheme());
    for (const region of [KELURAHAN_METRO, HADIMULYO_TIMUR, METRO_PUSAT, REJOMULYO]) kaders[region] = await p.t.as('kader', region);
    await p.t.makeUser('kader', KELURAHAN_METRO, { disabled: true });
    await p.t.http().put('/api/notifications/contact').set('Authorization', kaders[KELURAHAN_METRO].auth).send({ email: 'kader.metro@example.org', phone: '+6281234567890' }).expect(200);
    await submit(p.t, admin.auth, 'harian-kelurahan', REJOMULYO, DAY, covid);
    themeId = await themeIdOf(p.t, 'harian-kelurahan');
  });
  afterAll(async () => {
    await p.close();
    await receiver.close();
    await smtp.close();
  });

  it('keeps one job scheduler per reminder, cron in Asia/Jakarta, under a stable id', async () => {
    const queue = (p.t.app.get(JOB_BACKEND) as BullMqBackend).queue('reminders');
    const schedulers = await waitFor('the covid schedulers', async () => {
      const all = await queue.getJobSchedulers(0, -1, true);
      const mine = all.filter((s) => (s.id ?? s.key).startsWith(`reminder/${themeId}/`));
      return mine.length === 2 ? mine : null;
    });
    expect(schedulers.map((s) => [s.id ?? s.key, s.pattern, s.tz]).sort()).toEqual([
      [`reminder/${themeId}/admin-terlambat`, '30 10 * * *', 'Asia/Jakarta'],
      [`reminder/${themeId}/kader-pagi`, '0 8 * * *', 'Asia/Jakarta'],
    ]);
  });

  it('notifies the kaders of missing regions (and of their parents), once each, however often it runs', async () => {
    const accepted = await run('kader-pagi');
    expect(accepted).toEqual(expect.objectContaining({ status: 'queued', periodKey: DAY }));
    await waitFor('the reminder notifications', async () => (await count(`reminder_key = 'kader-pagi'`)) === 3);
    await run('kader-pagi');
    await run('kader-pagi');
    await p.settle();
    expect(await count(`reminder_key = 'kader-pagi'`)).toBe(3);
    const [mine] = await notifications(kaders[KELURAHAN_METRO].auth);
    expect(mine).toEqual(expect.objectContaining({ theme: 'harian-kelurahan', reminder: 'kader-pagi', periodKey: DAY }));
    expect(mine.message).toMatch(/COVID-19/);
    const [kecamatan] = await notifications(kaders[METRO_PUSAT].auth);
    expect(kecamatan.details.missingCount).toBe(5);
    // The kader whose kelurahan reported, and the disabled one, are not reminded.
    expect(await notifications(kaders[REJOMULYO].auth)).toEqual([]);
    expect(await count(`user_id IN (SELECT id FROM app_user WHERE disabled)`)).toBe(0);
  });

  it('reminds admins of every missing region below them', async () => {
    const kecamatanAdmin = await p.t.as('admin', METRO_SELATAN);
    await run('admin-terlambat');
    await waitFor('the admin notifications', async () => (await count(`reminder_key = 'admin-terlambat'`)) >= 2);
    const [city] = await notifications(admin.auth);
    expect(city.details.missingCount).toBe(21);
    const [kecamatan] = await notifications(kecamatanAdmin.auth);
    expect(kecamatan.details.missingCount).toBe(3);
    expect(kecamatan.details.missing).toEqual([MARGOREJO, SUMBERSARI_BANTUL, MARGODADI]);
  });

  it('delivers by e-mail and by webhook, retrying a failed delivery', async () => {
    await waitFor('the e-mail', async () => smtp.mails.find((mail) => mail.to.some((to) => to.includes('kader.metro@example.org'))));
    const hook = await waitFor('the webhook deliveries', async () => {
      const ok = receiver.received.filter((r) => r.status === 200).map((r) => JSON.parse(r.body) as { user: { username: string; phone: string | null }; reminder: string });
      return ok.find((body) => body.user.username === kaders[KELURAHAN_METRO].user.username && body.reminder === 'kader-pagi');
    }, 30_000);
    expect(hook.user.phone).toBe('+6281234567890');
    expect(receiver.received[0].status).toBe(500);
    const deliveries = (await p.t.db.query(
      `SELECT d.channel, d.status FROM notification_delivery d JOIN notification n ON n.id = d.notification_id WHERE n.user_id = $1`,
      [kaders[KELURAHAN_METRO].user.id],
    )) as { channel: string; status: string }[];
    expect(deliveries.map((d) => d.channel).sort()).toEqual(['email', 'webhook']);
    await waitFor('every delivery sent', async () => ((await p.t.db.query(`SELECT count(*)::int AS n FROM notification_delivery WHERE status <> 'sent'`)) as { n: number }[])[0].n === 0, 30_000);
    // Users without an e-mail address get no e-mail delivery; every recipient gets the webhook.
    expect(((await p.t.db.query(`SELECT count(*)::int AS n FROM notification_delivery WHERE channel = 'email'`)) as { n: number }[])[0].n).toBe(1);
  });

  it('re-syncs the schedulers when a version is published', async () => {
    const theme = await p.t.http().get('/api/themes/harian-kelurahan/versions/1').set('Authorization', admin.auth).expect(200);
    const definition = { ...theme.body } as Record<string, unknown> & { reminders: { key: string; cron: string }[] };
    delete definition.version;
    definition.reminders = [{ ...definition.reminders[0], cron: '15 7 * * *' }];
    await p.t.http().put('/api/themes/harian-kelurahan/draft').set('Authorization', admin.auth).send(definition).expect(200);
    await p.t.http().post('/api/themes/harian-kelurahan/publish').set('Authorization', admin.auth).expect(201);
    const queue = (p.t.app.get(JOB_BACKEND) as BullMqBackend).queue('reminders');
    await waitFor('the re-synced schedulers', async () => {
      const mine = (await queue.getJobSchedulers(0, -1, true)).filter((s) => (s.id ?? s.key).startsWith(`reminder/${themeId}/`));
      return mine.length === 1 && mine[0].pattern === '15 7 * * *';
    });
  });

  it('answers 404 for an unknown reminder and 403 to a kader', async () => {
    expect((await p.t.http().post('/api/themes/harian-kelurahan/reminders/tidak-ada/run').set('Authorization', admin.auth)).status).toBe(404);
    expect((await p.t.http().post('/api/themes/harian-kelurahan/reminders/kader-pagi/run').set('Authorization', kaders[KELURAHAN_METRO].auth)).status).toBe(403);
  });
});
