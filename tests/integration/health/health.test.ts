import { createTestApp, TestApp } from '../../support/test-app';

describe('health', () => {
  describe('with PostgreSQL and Redis up', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp();
    });
    afterAll(() => t.close());

    it('answers 200 with database and redis up, without a token', async () => {
      const response = await t.http().get('/api/health').expect(200);
      expect(response.body).toMatchObject({ status: 'ok', checks: { database: 'up', redis: 'up' }, down: [] });
    });

    it('answers HEAD like GET, for load balancers', async () => {
      await t.http().head('/api/health').expect(200);
    });

    it('serves OpenAPI 3 generated from the code at /api/docs-json, listing the auth and region routes', async () => {
      const response = await t.http().get('/api/docs-json').expect(200);
      expect(response.body.openapi).toMatch(/^3\./);
      expect(response.body.paths['/api/auth/login']).toHaveProperty('post');
      expect(response.body.paths['/api/regions']).toEqual(expect.objectContaining({ get: expect.anything(), post: expect.anything() }));
      expect(response.body.paths['/api/users/{id}']).toHaveProperty('patch');
      expect(response.body.components.securitySchemes).toHaveProperty('bearer');
      const loginBody = response.body.paths['/api/auth/login'].post.requestBody.content['application/json'].schema.$ref as string;
      const loginSchema = response.body.components.schemas[loginBody.split('/').pop()!];
      expect(loginSchema.required).toEqual(expect.arrayContaining(['username', 'password']));
    });

    it('serves the interactive documentation at /api/docs', async () => {
      const response = await t.http().get('/api/docs').redirects(1).expect(200);
      expect(response.headers['content-type']).toMatch(/text\/html/);
    });
  });

  describe('with Redis down', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ REDIS_URL: 'redis://127.0.0.1:1' });
    });
    afterAll(() => t.close());

    it('answers 503 naming redis as down, and the database still up', async () => {
      const response = await t.http().get('/api/health').expect(503);
      expect(response.body).toMatchObject({ status: 'degraded', checks: { database: 'up', redis: 'down' }, down: ['redis'] });
      // Asked again (the client is reused), it is still down and still answers.
      expect((await t.http().get('/api/health').expect(503)).body.down).toEqual(['redis']);
    });
  });

  describe('in single-machine mode (no REDIS_URL)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ REDIS_URL: '' });
    });
    afterAll(() => t.close());

    it('reports redis as not in use and answers 200', async () => {
      const response = await t.http().get('/api/health').expect(200);
      expect(response.body).toMatchObject({ status: 'ok', checks: { database: 'up', redis: 'not_in_use' }, down: [] });
    });
  });
});
