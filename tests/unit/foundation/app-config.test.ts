import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../../server/src/config/app-config';

const SECRET = 's'.repeat(40);
const EXTERNAL = { DATABASE_URL: 'postgres://u@127.0.0.1:5432/db', JWT_SECRET: SECRET };

function configErrorOf(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('loadConfig', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'wakuncar-config-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('parses a complete production environment into typed values', () => {
    const config = loadConfig({
      ...EXTERNAL,
      REDIS_URL: 'redis://127.0.0.1:6379',
      PORT: '8080',
      HOST: '127.0.0.1',
      ACCESS_TOKEN_TTL: '600',
      SEED_DEMO: 'no',
      DEMO_PASSWORD: 'rahasia-demo',
      LOG_LEVEL: 'warn',
      DATA_DIR: dataDir,
    });
    expect(config).toEqual(
      expect.objectContaining({
        databaseUrl: EXTERNAL.DATABASE_URL,
        redisUrl: 'redis://127.0.0.1:6379',
        port: 8080,
        host: '127.0.0.1',
        jwtSecret: SECRET,
        accessTokenTtlSeconds: 600,
        seedDemo: false,
        demoPassword: 'rahasia-demo',
        logLevel: 'warn',
        dataDir,
      }),
    );
  });

  it('falls back to the single-machine defaults when variables are absent or blank', () => {
    const config = loadConfig({ DATA_DIR: dataDir, REDIS_URL: '  ', PORT: '' });
    expect(config.databaseUrl).toBeNull();
    expect(config.redisUrl).toBeNull();
    expect(config.port).toBe(3000);
    expect(config.seedDemo).toBe(true);
    expect(config.logLevel).toBe('log');
  });

  it('keeps a generated JWT secret in DATA_DIR so embedded mode survives a restart', () => {
    const first = loadConfig({ DATA_DIR: dataDir });
    const second = loadConfig({ DATA_DIR: dataDir });
    expect(first.jwtSecret.length).toBeGreaterThanOrEqual(32);
    expect(second.jwtSecret).toBe(first.jwtSecret);
    expect(readFileSync(join(dataDir, 'jwt-secret'), 'utf8').trim()).toBe(first.jwtSecret);
  });

  it.each([
    ['PORT', { PORT: 'eighty' }],
    ['PORT', { PORT: '70000' }],
    ['PORT', { PORT: '-1' }],
    ['DATABASE_URL', { DATABASE_URL: 'not a url' }],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://127.0.0.1/db' }],
    ['REDIS_URL', { REDIS_URL: 'http://127.0.0.1:6379' }],
    ['REDIS_URL', { REDIS_URL: '::::' }],
    ['JWT_SECRET', { JWT_SECRET: 'too-short' }],
    ['SEED_DEMO', { SEED_DEMO: 'maybe' }],
    ['LOG_LEVEL', { LOG_LEVEL: 'verbose' }],
    ['ACCESS_TOKEN_TTL', { ACCESS_TOKEN_TTL: '5' }],
    ['EMBEDDED_PG_PORT', { EMBEDDED_PG_PORT: '80' }],
    ['SMTP_URL', { SMTP_URL: 'ftp://mail' }],
    ['REMINDER_WEBHOOK_URL', { REMINDER_WEBHOOK_URL: 'javascript:alert(1)' }],
  ])('a bad %s stops the start with a ConfigError naming it', (variable, bad) => {
    const error = configErrorOf({ ...EXTERNAL, DATA_DIR: dataDir, ...bad });
    expect(error.message).toContain(variable);
    expect(error.name).toBe('ConfigError');
  });

  it('keeps export files 24 hours unless EXPORT_TTL_HOURS says otherwise, from 1 hour to 30 days', () => {
    expect(loadConfig({ DATA_DIR: dataDir }).exportTtlHours).toBe(24);
    expect(loadConfig({ DATA_DIR: dataDir, EXPORT_TTL_HOURS: '2' }).exportTtlHours).toBe(2);
    expect(configErrorOf({ DATA_DIR: dataDir, EXPORT_TTL_HOURS: '0' }).message).toContain('EXPORT_TTL_HOURS');
    expect(configErrorOf({ DATA_DIR: dataDir, EXPORT_TTL_HOURS: 'sehari' }).message).toContain('EXPORT_TTL_HOURS');
  });

  it('requires JWT_SECRET when an external database is used, so replicas share one secret', () => {
    const error = configErrorOf({ DATABASE_URL: EXTERNAL.DATABASE_URL, DATA_DIR: dataDir });
    expect(error.message).toContain('JWT_SECRET');
  });

  it('refuses a reminder webhook that is not https to a public host, unless OUTBOUND_ALLOW_HOSTS lists it', () => {
    for (const url of ['http://wa-gateway.example/kirim', 'https://127.1/kirim', 'https://[::ffff:127.0.0.1]/kirim', 'https://localhost/kirim']) {
      expect(configErrorOf({ DATA_DIR: dataDir, REMINDER_WEBHOOK_URL: url }).message).toContain('REMINDER_WEBHOOK_URL');
    }
    expect(loadConfig({ DATA_DIR: dataDir, REMINDER_WEBHOOK_URL: 'https://wa-gateway.example/kirim' }).reminderWebhookUrl).toBe('https://wa-gateway.example/kirim');
    const local = loadConfig({ DATA_DIR: dataDir, REMINDER_WEBHOOK_URL: 'http://127.0.0.1:9000/kirim', OUTBOUND_ALLOW_HOSTS: '127.0.0.1' });
    expect(local.outbound.allowHosts).toEqual(['127.0.0.1']);
    expect(configErrorOf({ DATA_DIR: dataDir, OUTBOUND_ALLOW_HOSTS: 'http://127.0.0.1/' }).message).toContain('OUTBOUND_ALLOW_HOSTS');
  });

  it('refuses to start in production until TRUST_PROXY says whether a proxy is in front', () => {
    const production = { ...EXTERNAL, DATA_DIR: dataDir, NODE_ENV: 'production' };
    const error = configErrorOf(production);
    expect(error.message).toContain('TRUST_PROXY');
    expect(error.message).toMatch(/NODE_ENV=production/);
    expect(loadConfig({ ...production, TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ ...production, TRUST_PROXY: '1' }).trustProxy).toBe(1);
    // Development and tests keep the default: no proxy.
    expect(loadConfig({ ...EXTERNAL, DATA_DIR: dataDir }).trustProxy).toBe(false);
  });

  it('keeps files in PostgreSQL unless FILE_STORE says otherwise; FILE_STORE=s3 needs its bucket and keys', () => {
    expect(loadConfig({ DATA_DIR: dataDir })).toEqual(expect.objectContaining({ fileStore: 'postgres', s3: null }));
    expect(configErrorOf({ DATA_DIR: dataDir, FILE_STORE: 'ftp' }).message).toContain('FILE_STORE');
    const bucket = { DATA_DIR: dataDir, FILE_STORE: 's3', S3_BUCKET: 'wakuncar-berkas', S3_ACCESS_KEY_ID: 'kunci', S3_SECRET_ACCESS_KEY: 'rahasia' };
    for (const missing of ['S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const) {
      const error = configErrorOf({ ...bucket, [missing]: '' });
      expect(error.message).toContain(missing);
      expect(error.message).toContain('FILE_STORE=s3');
    }
    expect(configErrorOf({ ...bucket, S3_BUCKET: 'Berkas_Kota' }).message).toContain('S3_BUCKET');
    expect(configErrorOf({ ...bucket, S3_ENDPOINT: 'minio:9000' }).message).toContain('S3_ENDPOINT');
    expect(configErrorOf({ ...bucket, S3_FORCE_PATH_STYLE: 'kadang' }).message).toContain('S3_FORCE_PATH_STYLE');
    // AWS itself: virtual-hosted style. An own server (MinIO, Garage): path style, unless told otherwise.
    expect(loadConfig(bucket).s3).toEqual({ endpoint: null, region: 'us-east-1', bucket: 'wakuncar-berkas', accessKeyId: 'kunci', secretAccessKey: 'rahasia', forcePathStyle: false });
    const minio = loadConfig({ ...bucket, S3_ENDPOINT: 'http://127.0.0.1:9000', S3_REGION: 'garage' }).s3;
    expect(minio).toEqual(expect.objectContaining({ endpoint: 'http://127.0.0.1:9000', region: 'garage', forcePathStyle: true }));
    expect(loadConfig({ ...bucket, S3_ENDPOINT: 'https://localhost:9443', S3_FORCE_PATH_STYLE: 'false' }).s3?.forcePathStyle).toBe(false);
    // Ignored unless FILE_STORE=s3.
    expect(loadConfig({ DATA_DIR: dataDir, S3_BUCKET: 'Bukan Nama' }).s3).toBeNull();
  });
});
