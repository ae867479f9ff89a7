import { Pipeline, startPipeline } from '../../support/pipeline';
import { expectProblem } from '../../support/problem';
import { tokenBody } from '../../support/tokens';
import { KOTA_METRO, METRO_SELATAN } from '../../support/regions';

/**
 * bull-board can retry, clean, pause and add jobs. Every admin may look at the queues; only a
 * city-level admin may change them, as the access policy table says; and a token is never taken from
 * the query string, where it would be written to access logs and browser history.
 */
describe('queue dashboard access', () => {
  let p: Pipeline;
  let cityAdmin: string;
  let districtAdmin: string;
  beforeAll(async () => {
    p = await startPipeline({}, { worker: false });
    cityAdmin = (await p.t.as('admin', KOTA_METRO)).auth;
    districtAdmin = (await p.t.as('admin', METRO_SELATAN)).auth;
  });
  afterAll(() => p.close());

  /** Requests that change queues or jobs; none of them may succeed for a kecamatan admin. */
  const CHANGES: ['put' | 'post' | 'patch', string][] = [
    ['put', '/api/queues/api/queues/aggregation/retry/failed'],
    ['put', '/api/queues/api/queues/aggregation/clean/completed'],
    ['put', '/api/queues/api/queues/aggregation/pause'],
    ['put', '/api/queues/api/queues/pause'],
    ['put', '/api/queues/api/queues/aggregation/empty'],
    ['put', '/api/queues/api/queues/aggregation/obliterate'],
    ['post', '/api/queues/api/queues/aggregation/add'],
    ['patch', '/api/queues/api/queues/aggregation/1/update-data'],
  ];

  it('lets a kecamatan admin read the dashboard and change nothing', async () => {
    await p.t.http().get('/api/queues/api/queues').set('Authorization', districtAdmin).expect(200);
    for (const [method, path] of CHANGES) {
      const response = await p.t.http()[method](path).set('Authorization', districtAdmin).send({});
      expectProblem(response, 403, 'FORBIDDEN');
    }
    // Nothing was paused.
    const queues = await p.t.http().get('/api/queues/api/queues').set('Authorization', cityAdmin).expect(200);
    expect((queues.body.queues as { name: string; isPaused: boolean }[]).filter((queue) => queue.isPaused)).toEqual([]);
  });

  it('lets a city-level admin change a queue', async () => {
    await p.t.http().put('/api/queues/api/queues/exports/pause').set('Authorization', cityAdmin).expect(200);
    const paused = await p.t.http().get('/api/queues/api/queues').set('Authorization', cityAdmin).expect(200);
    expect((paused.body.queues as { name: string; isPaused: boolean }[]).find((queue) => queue.name === 'exports')?.isPaused).toBe(true);
    await p.t.http().put('/api/queues/api/queues/exports/resume').set('Authorization', cityAdmin).expect(200);
  });

  it('never takes a token from the query string', async () => {
    const token = cityAdmin.replace('Bearer ', '');
    for (const path of ['/api/queues', '/api/queues/', '/api/queues/api/queues']) {
      const response = await p.t.http().get(path).query({ token });
      expectProblem(response, 401, 'UNAUTHENTICATED');
      expect(response.headers['set-cookie']).toBeUndefined();
    }
  });

  it('refuses an API token, in the header or as the cookie', async () => {
    const opd = await p.t.as('opd', KOTA_METRO);
    const created = await p.t.http().post('/api/tokens').set('Authorization', opd.auth).send(tokenBody('skrip', ['aggregates:read'])).expect(201);
    const apiToken = created.body.token as string;
    expectProblem(await p.t.http().get('/api/queues/').set('Authorization', `Bearer ${apiToken}`), 403);
    expectProblem(await p.t.http().get('/api/queues/').set('Cookie', `wakuncar_queues=${apiToken}`), 403);
  });
});
