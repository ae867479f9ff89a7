import { Pipeline, startPipeline } from '../../support/pipeline';

describe('queue dashboard and queue lag', () => {
  let p: Pipeline;
  beforeAll(async () => {
    p = await startPipeline({}, { worker: false });
  });
  afterAll(() => p.close());

  it('serves bull-board at /api/queues to admins only', async () => {
    const none = await p.t.http().get('/api/queues/');
    expect(none.status).toBe(401);
    expect(none.headers['content-type']).toMatch(/problem\+json/);
    const kader = (await p.t.as('kader', '18.72.01.1001')).auth;
    expect((await p.t.http().get('/api/queues/').set('Authorization', kader)).status).toBe(403);
    const admin = (await p.t.as('admin', '18.72')).auth;
    const page = await p.t.http().get('/api/queues/').set('Authorization', admin);
    expect(page.status).toBe(200);
    expect(page.text).toContain('__UI_CONFIG__');
    const api = await p.t.http().get('/api/queues/api/queues').set('Authorization', admin);
    expect(api.status).toBe(200);
    expect((api.body.queues as { name: string }[]).map((q) => q.name).sort()).toEqual(['aggregation', 'alerts', 'exports', 'imports', 'notifications', 'reminders', 'webhooks']);
  });

  it('lets a browser in with a login exchanged for an HttpOnly cookie (POST /api/queues/session)', async () => {
    const admin = (await p.t.as('admin', '18.72')).auth;
    const exchange = await p.t.http().post('/api/queues/session').set('Authorization', admin);
    expect(exchange.status).toBe(204);
    const cookie = exchange.headers['set-cookie'] as unknown as string[];
    expect(cookie[0]).toMatch(/HttpOnly/);
    expect(cookie[0]).toMatch(/SameSite=Strict/);
    expect((await p.t.http().get('/api/queues/').set('Cookie', cookie[0].split(';')[0])).status).toBe(200);
  });

  it('reports queue lag and the outbox backlog in /api/health', async () => {
    const health = await p.t.http().get('/api/health').expect(200);
    expect(Object.keys(health.body.queues).sort()).toEqual(['aggregation', 'alerts', 'exports', 'imports', 'notifications', 'reminders', 'webhooks']);
    const aggregation = health.body.queues.aggregation as Record<string, number | null>;
    expect(Object.keys(aggregation).sort()).toEqual(['active', 'delayed', 'failed', 'lagMs', 'waiting']);
    // Without a worker, the built-in themes' recompute jobs wait: the lag is their age.
    expect(aggregation.waiting).toBeGreaterThan(0);
    expect(aggregation.lagMs).toBeGreaterThanOrEqual(0);
    expect(Object.keys(health.body.outbox).sort()).toEqual(['oldestAgeMs', 'pending']);
    expect(health.body.outbox.pending).toBe(0);
  });
});
