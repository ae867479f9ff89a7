import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OutboundPolicy } from '../../../server/src/common/outbound-address';
import { DeliveryFailed, postJson } from '../../../server/src/modules/webhooks/outbound-http';
import { expectProblem } from '../../support/problem';
import { startReceiver } from '../../support/receivers';
import { KELURAHAN_METRO, KOTA_METRO } from '../../support/regions';
import { Pipeline, startPipeline } from '../../support/pipeline';
import { submit } from '../../support/submissions';
import { publishTheme } from '../../support/test-app';
import { aggregationTheme } from '../../support/themes';
import { waitFor } from '../../support/wait';

/**
 * The server sends webhooks only to public https addresses, checked again when it sends. Every
 * refusal here is decided before a socket opens: names are "resolved" by a resolver the test gives,
 * and the only receivers are on loopback, so nothing ever leaves this machine.
 */

/** A resolver that answers `addresses` for any name, and records what it was asked. */
function fakeResolver(addresses: string[]): { asked: string[]; resolve: NonNullable<OutboundPolicy['resolve']> } {
  const asked: string[] = [];
  return {
    asked,
    resolve: async (host) => {
      asked.push(host);
      return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    },
  };
}

async function failure(promise: Promise<unknown>): Promise<DeliveryFailed> {
  const outcome = await promise.then(
    () => null,
    (error: unknown) => error,
  );
  if (!(outcome instanceof DeliveryFailed)) throw new Error(`expected a DeliveryFailed, got ${String(outcome)}`);
  return outcome;
}

describe('the webhook sender', () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let redirector: Server;
  let silent: Server;
  let redirectorUrl: string;
  let silentUrl: string;

  beforeAll(async () => {
    receiver = await startReceiver();
    redirector = createServer((request, response) => {
      request.resume();
      response.writeHead(307, { Location: receiver.url }).end('weiter');
    });
    // Accepts the request and never answers.
    silent = createServer((request) => request.resume());
    for (const server of [redirector, silent]) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    redirectorUrl = `http://127.0.0.1:${(redirector.address() as AddressInfo).port}/hook`;
    silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/hook`;
  });
  afterAll(async () => {
    await receiver.close();
    for (const server of [redirector, silent]) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('refuses a public-looking name that resolves to loopback, before connecting', async () => {
    const dns = fakeResolver(['127.0.0.1']);
    const refused = await failure(postJson('https://hooks.opd-contoh.go.id/terima', '{}', {}, { allowHosts: [], resolve: dns.resolve }));
    expect(refused.refused).toBe(true);
    expect(refused.message).toMatch(/loopback/);
    expect(dns.asked).toEqual(['hooks.opd-contoh.go.id']);
    expect(receiver.received).toEqual([]);
  });

  it.each([
    // Loopback spellings only: the other ranges are the classifier's unit test (outbound-address.test.ts).
    [['127.0.0.2', '127.0.0.1'], 'loopback'],
    [['::ffff:127.0.0.1'], 'loopback'],
    [['::1'], 'loopback'],
  ])('refuses a name when any of its addresses %j is not public (%s)', async (addresses, reason) => {
    const refused = await failure(postJson('https://hooks.opd-contoh.go.id/terima', '{}', {}, { allowHosts: [], resolve: fakeResolver(addresses).resolve }));
    expect(refused.refused).toBe(true);
    expect(refused.message).toContain(reason);
  });

  it('refuses a loopback receiver when OUTBOUND_ALLOW_HOSTS does not list it', async () => {
    const refused = await failure(postJson(receiver.url, '{}', {}, { allowHosts: [] }));
    expect(refused.refused).toBe(true);
    expect(receiver.received).toEqual([]);
  });

  it('connects to the address it checked, not to whatever the name resolves to later', async () => {
    const port = new URL(receiver.url).port;
    // `receiver.test` exists in no DNS: the request can only arrive through the pinned address.
    const dns = fakeResolver(['127.0.0.1']);
    const sent = await postJson(`http://receiver.test:${port}/hook`, '{"n":1}', {}, { allowHosts: ['receiver.test'], resolve: dns.resolve });
    expect(sent).toEqual({ status: 200 });
    expect(dns.asked).toEqual(['receiver.test']);
    expect(receiver.received.map((r) => [r.headers.host, r.body])).toEqual([[`receiver.test:${port}`, '{"n":1}']]);
  });

  it('does not follow a redirect', async () => {
    const before = receiver.received.length;
    const refused = await failure(postJson(redirectorUrl, '{}', {}, { allowHosts: ['127.0.0.1'] }));
    expect(refused.status).toBe(307);
    expect(refused.message).not.toContain('weiter');
    expect(receiver.received.length).toBe(before);
  });

  it('gives up on a receiver that does not answer', async () => {
    const gaveUp = await failure(postJson(silentUrl, '{}', {}, { allowHosts: ['127.0.0.1'] }));
    expect(gaveUp.message).toMatch(/no answer within/);
  }, 20_000);
});

describe('webhooks of an app without OUTBOUND_ALLOW_HOSTS', () => {
  let p: Pipeline;
  let admin: string;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  beforeAll(async () => {
    receiver = await startReceiver();
    p = await startPipeline({ OUTBOUND_ALLOW_HOSTS: '' });
    // Names are answered here, never by DNS: should a delivery to opd.example ever be attempted (the
    // registration test failing before it removes its webhook), it is refused on this machine.
    p.t.config.outbound.resolve = async () => [{ address: '127.0.0.1', family: 4 }];
    admin = (await p.t.as('admin', KOTA_METRO)).auth;
    await publishTheme(p.t, admin, aggregationTheme('uji-ssrf'));
  });
  afterAll(async () => {
    await p.close();
    await receiver.close();
  });

  it.each([
    'http://opd.example/hook',
    'https://127.1/hook',
    'https://2130706433/hook',
    'https://0x7f.1/hook',
    'https://[::1]/hook',
    'https://[::ffff:127.0.0.1]/hook',
    'https://localhost/hook',
    'ftp://opd.example/hook',
  ])('refuses to register %s with URL_NOT_ALLOWED', async (url) => {
    const response = await p.t.http().post('/api/themes/uji-ssrf/webhooks').set('Authorization', admin).send({ url, events: ['submission.created'] });
    expectProblem(response, 400, 'URL_NOT_ALLOWED');
    expect(response.body.errors).toEqual([expect.objectContaining({ path: '/url' })]);
  });

  it('registers a public https URL (nothing is sent until an event happens)', async () => {
    const created = await p.t.http().post('/api/themes/uji-ssrf/webhooks').set('Authorization', admin).send({ url: 'https://opd.example/hooks/wakuncar', events: ['aggregate.changed'] }).expect(201);
    // Removed again: the submissions below change aggregates, and no test may send outside this machine.
    await p.t.http().delete(`/api/webhooks/${created.body.id}`).set('Authorization', admin).expect(204);
  });

  it('refuses at send time a stored URL that points at this machine, logs why without sending, and gives up at once', async () => {
    // As if registered before the rule existed (or while the allow-list held it).
    const [{ id }] = (await p.t.db.query(
      `INSERT INTO webhook (theme_id, url, secret, events, created_by)
       SELECT t.id, $1, 'rahasia', ARRAY['submission.created'], u.id FROM theme t, app_user u WHERE t.slug = 'uji-ssrf' LIMIT 1 RETURNING id`,
      [receiver.url.replace('http:', 'https:')],
    )) as { id: string }[];
    await submit(p.t, admin, 'uji-ssrf', KELURAHAN_METRO, '2026-11-02', { jumlah: 1, kategori: 'a' });
    const delivery = await waitFor('the refused delivery in the log', async () => {
      const response = await p.t.http().get(`/api/webhooks/${id}/deliveries`).set('Authorization', admin).expect(200);
      return (response.body.items as { lastError: string | null; status: string; attempts: number }[]).find((item) => item.lastError);
    }, 30_000);
    expect(delivery.lastError).toMatch(/refused.*loopback/);
    expect(receiver.received).toEqual([]);
    // Sending again cannot succeed until the URL changes: failed after one attempt, not retried for
    // eight hours, and counted where the operator looks.
    expect(delivery).toMatchObject({ status: 'failed', attempts: 1 });
    const health = await p.t.http().get('/api/health').expect(200);
    expect(health.body.deliveries.failed.webhooks).toBe(1);
  });
});
