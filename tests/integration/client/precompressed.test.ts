import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { createTestApp, TestApp } from '../../support/test-app';

describe('the client build is served compressed to browsers that accept it', () => {
  let t: TestApp;
  let clientDir: string;
  const script = `console.log(${JSON.stringify('Wakuncar '.repeat(400))});`;

  beforeAll(async () => {
    // A build as client/vite.config.ts writes it: each text file with its .br and .gz copies.
    clientDir = mkdtempSync(join(tmpdir(), 'wakuncar-client-'));
    mkdirSync(join(clientDir, 'assets'));
    writeFileSync(join(clientDir, 'index.html'), '<!doctype html><title>Wakuncar</title>');
    writeFileSync(join(clientDir, 'warm-up.html'), '<!doctype html><title>Wakuncar</title><script type="module" src="/assets/app.js"></script>');
    writeFileSync(join(clientDir, 'assets/app.js'), script);
    writeFileSync(join(clientDir, 'assets/app.js.br'), brotliCompressSync(script));
    writeFileSync(join(clientDir, 'assets/app.js.gz'), gzipSync(script));
    t = await createTestApp({ CLIENT_DIR: clientDir });
  });
  afterAll(async () => {
    await t.close();
    rmSync(clientDir, { recursive: true, force: true });
  });

  it('sends the brotli copy to a phone that asks for it, a fraction of the bytes', async () => {
    const response = await t.http().get('/assets/app.js').set('Accept-Encoding', 'br, gzip').expect(200);
    expect(response.headers['content-encoding']).toBe('br');
    expect(Number(response.headers['content-length'])).toBe(brotliCompressSync(script).length);
    expect(Number(response.headers['content-length'])).toBeLessThan(script.length / 10);
    // supertest decodes it as the browser does.
    expect(response.text).toBe(script);
  });

  it('lets the app frame its own hidden warm-up page, and no page be framed by another site', async () => {
    const warmUp = await t.http().get('/warm-up.html').expect(200);
    expect(warmUp.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(warmUp.headers['content-security-policy']).toContain("frame-ancestors 'self'");
    expect(warmUp.headers['content-security-policy']).not.toContain("frame-ancestors 'none'");
    // Names this build's files: never an older copy from a cache.
    expect(warmUp.headers['cache-control']).toBe('no-cache');
    for (const path of ['/', '/tugas/umkm', '/assets/app.js']) {
      const page = await t.http().get(path).expect(200);
      expect(page.headers['x-frame-options']).toBe('DENY');
      expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    }
  });

  it('sends the file as it is to a client that accepts no compression', async () => {
    const response = await t.http().get('/assets/app.js').set('Accept-Encoding', 'identity').expect(200);
    expect(response.headers['content-encoding']).toBeUndefined();
    expect(response.text).toBe(script);
  });
});

describe('the API’s larger answers travel compressed', () => {
  let t: TestApp;
  let kader: string;
  beforeAll(async () => {
    t = await createTestApp();
    kader = (await t.as('kader', '18.72.05.1001')).auth;
  });
  afterAll(() => t.close());

  it('compresses a theme version and its validator module for a phone that accepts it, and not for one that does not', async () => {
    for (const path of ['/api/themes/umkm/versions/1', '/api/themes/umkm/versions/1/validator.js']) {
      const compressed = await t.http().get(path).set('Authorization', kader).set('Accept-Encoding', 'gzip, deflate, br').expect(200);
      const plain = await t.http().get(path).set('Authorization', kader).set('Accept-Encoding', 'identity').expect(200);
      expect(compressed.headers['content-encoding']).toBe('br');
      expect(plain.headers['content-encoding']).toBeUndefined();
      // supertest decodes it as a browser does: the same answer.
      expect(compressed.text).toBe(plain.text);
    }
  });

  it('leaves small answers and writes as they are', async () => {
    const me = await t.http().get('/api/auth/me').set('Authorization', kader).set('Accept-Encoding', 'br').expect(200);
    expect(me.headers['content-encoding']).toBeUndefined();
  });
});
