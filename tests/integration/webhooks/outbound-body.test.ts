import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DeliveryFailed, postJson } from '../../../server/src/modules/webhooks/outbound-http';

/** This test's receiver is on loopback, which only the allow-list lets a delivery reach. */
const LOOPBACK_ALLOWED = { allowHosts: ['127.0.0.1'] };

/** What a receiver answers never reaches the delivery log: it could hold anything (errors, secrets). */
describe('a webhook delivery and the receiver’s answer', () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    server = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        response.statusCode = request.url === '/gagal' ? 500 : 200;
        response.end('ISI-JAWABAN-PENERIMA stack trace, kata sandi basis data');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('keeps only the status of a failed answer, never its body', async () => {
    const failure = await postJson(`${url}/gagal`, '{}', {}, LOOPBACK_ALLOWED).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DeliveryFailed);
    expect((failure as DeliveryFailed).status).toBe(500);
    expect((failure as DeliveryFailed).message).toBe(`POST 127.0.0.1:${new URL(url).port} answered 500`);
  });

  it('answers only the status of a successful one', async () => {
    expect(await postJson(`${url}/ok`, '{}', {}, LOOPBACK_ALLOWED)).toEqual({ status: 200 });
  });
});
