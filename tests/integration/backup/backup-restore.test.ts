import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { backup, BackupManifest, restore } from '../../../server/src/database/backup';
import { REPO_ROOT } from '../../support/paths';
import { KOTA_METRO, REJOMULYO, REJOMULYO_RW_01_RT_01, REJOMULYO_RW_02_RT_01 } from '../../support/regions';
import { covidData, submit } from '../../support/submissions';
import { createDatabase, databaseUrl, dropDatabase, runId } from '../../support/test-database';
import { createTestApp, TestApp } from '../../support/test-app';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

/** Per table of the public schema: its row count and a checksum of every row's text. */
async function fingerprint(url: string): Promise<Record<string, { rows: number; md5: string }>> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const tables = (await client.query<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`)).rows;
    const result: Record<string, { rows: number; md5: string }> = {};
    for (const { name } of tables) {
      const table = client.escapeIdentifier(name);
      const row = (await client.query<{ rows: string; md5: string }>(`SELECT count(*) AS rows, md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS md5 FROM ${table} t`)).rows[0];
      result[name] = { rows: Number(row.rows), md5: row.md5 };
    }
    return result;
  } finally {
    await client.end();
  }
}

describe('npm run backup / npm run restore', () => {
  let t: TestApp;
  let work: string;
  let folder: string;
  const targets: string[] = [];

  async function emptyDatabase(): Promise<string> {
    const name = `${runId()}_restore_${targets.length}`;
    await createDatabase(name);
    targets.push(name);
    return databaseUrl(name);
  }

  beforeAll(async () => {
    t = await createTestApp();
    const admin = (await t.as('admin', KOTA_METRO)).auth;
    const kader = (await t.as('kader', REJOMULYO)).auth;
    await submit(t, admin, 'covid-harian', REJOMULYO_RW_01_RT_01, '2026-11-20', covidData());
    await submit(t, admin, 'covid-harian', REJOMULYO_RW_02_RT_01, '2026-11-20', covidData(3));
    await t.http().post('/api/files').set('Authorization', kader).attach('file', PDF, { filename: 'surat.pdf', contentType: 'application/pdf' }).expect(201);
    // A file kept on disk (FILE_STORE=local, or uploaded before files moved into PostgreSQL).
    mkdirSync(join(t.config.dataDir, 'files', 'ab'), { recursive: true });
    writeFileSync(join(t.config.dataDir, 'files', 'ab', 'ab000000-0000-4000-8000-000000000000'), PDF);
    work = mkdtempSync(join(tmpdir(), 'wakuncar-backup-test-'));
    folder = join(work, 'cadangan');
  });
  afterAll(async () => {
    await t.close();
    for (const name of targets) await dropDatabase(name);
    rmSync(work, { recursive: true, force: true });
  });

  it('restores into an empty database with the same rows in every table, checksums equal, and the files on disk', async () => {
    const before = await fingerprint(t.config.databaseUrl!);
    const manifest = await backup({ databaseUrl: t.config.databaseUrl!, filesDir: join(t.config.dataDir, 'files'), target: folder });
    expect(manifest.files).toBe(true);
    expect(manifest.counts.submission).toBe(2);
    expect(manifest.counts.stored_file_content).toBe(1);

    const target = await emptyDatabase();
    const restoredFiles = join(work, 'restored-files');
    await restore({ databaseUrl: target, filesDir: restoredFiles, source: folder });

    const after = await fingerprint(target);
    expect(Object.keys(after)).toEqual(Object.keys(before));
    expect(after).toEqual(before);
    const copy = readFileSync(join(restoredFiles, 'ab', 'ab000000-0000-4000-8000-000000000000'));
    expect(createHash('sha256').update(copy).digest('hex')).toBe(createHash('sha256').update(PDF).digest('hex'));
  });

  it('refuses, clearly and changing nothing, a backup from a newer schema', async () => {
    const newer = join(work, 'dari-versi-baru');
    mkdirSync(newer);
    writeFileSync(join(newer, 'database.dump'), readFileSync(join(folder, 'database.dump')));
    const manifest = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8')) as { migrations: string[] };
    writeFileSync(join(newer, 'manifest.json'), JSON.stringify({ ...manifest, migrations: [...manifest.migrations, 'SomethingNew1799999999999'] }));
    const target = await emptyDatabase();
    await expect(restore({ databaseUrl: target, filesDir: join(work, 'unused'), source: newer })).rejects.toThrow(
      /newer Wakuncar \(schema changes unknown here: SomethingNew1799999999999\)/,
    );
    expect(await fingerprint(target)).toEqual({});
  });

  it('refuses to restore over a database that holds data', async () => {
    await expect(restore({ databaseUrl: t.config.databaseUrl!, filesDir: join(work, 'unused'), source: folder })).rejects.toThrow(/not empty/);
  });

  it('with FILE_STORE=s3, npm run backup and npm run restore say plainly that the bucket is not in the backup', async () => {
    const cli = (command: string, path: string, databaseUrl: string) =>
      promisify(execFile)(join(REPO_ROOT, 'node_modules/.bin/ts-node'), ['--transpile-only', 'server/src/database/backup.cli.ts', command, path], {
        cwd: REPO_ROOT,
        env: { ...process.env, DATABASE_URL: databaseUrl, DATA_DIR: t.config.dataDir, FILE_STORE: 's3', S3_BUCKET: 'wakuncar-berkas' },
      });
    const s3Folder = join(work, 'cadangan-s3');
    const backedUp = await cli('backup', s3Folder, t.config.databaseUrl!);
    expect(backedUp.stdout).toContain(`Backup written to ${s3Folder}`);
    expect(backedUp.stderr).toMatch(/S3 bucket "wakuncar-berkas" \(FILE_STORE=s3\) and are NOT in this backup; keep them with the bucket's own versioning or replication/);
    expect((JSON.parse(readFileSync(join(s3Folder, 'manifest.json'), 'utf8')) as BackupManifest).bucket).toBe('wakuncar-berkas');

    const restored = await cli('restore', s3Folder, await emptyDatabase());
    expect(restored.stderr).toMatch(/S3 bucket "wakuncar-berkas" \(FILE_STORE=s3\) and are NOT in this backup/);
  });
});
