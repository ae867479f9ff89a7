import { createTestApp, TestApp } from '../../support/test-app';

/** HSTS tells a browser to come back over https only: sent when the request came over https, never over http. */
describe('Strict-Transport-Security', () => {
  let behindProxy: TestApp;
  let direct: TestApp;
  beforeAll(async () => {
    behindProxy = await createTestApp({ TRUST_PROXY: 'loopback' });
    direct = await createTestApp();
  });
  afterAll(async () => {
    await behindProxy.close();
    await direct.close();
  });

  it('is sent when a trusted proxy says the client came over https', async () => {
    const response = await behindProxy.http().get('/api/health').set('X-Forwarded-Proto', 'https');
    expect(response.headers['strict-transport-security']).toBe('max-age=31536000');
    const problem = await behindProxy.http().get('/api/users').set('X-Forwarded-Proto', 'https');
    expect(problem.status).toBe(401);
    expect(problem.headers['strict-transport-security']).toBe('max-age=31536000');
  });

  it('is not sent over plain http, nor for a forwarded protocol nobody trusted', async () => {
    expect((await behindProxy.http().get('/api/health')).headers['strict-transport-security']).toBeUndefined();
    expect((await direct.http().get('/api/health').set('X-Forwarded-Proto', 'https')).headers['strict-transport-security']).toBeUndefined();
  });
});
