import { join, resolve } from 'node:path';
import { backup, BackupError, bucketNotice, restore } from './backup';
import { embeddedDatabaseUrl } from './embedded-database';

/**
 * `npm run backup -- [FOLDER]` and `npm run restore -- FOLDER`. The database is DATABASE_URL, or
 * (no DATABASE_URL) the embedded one of DATA_DIR, which must be running (npm start). Uploaded files
 * kept on disk (FILE_STORE=local, or from before files moved into PostgreSQL) are DATA_DIR/files; those
 * in a bucket (FILE_STORE=s3) are not copied, and both commands say so.
 */
function databaseUrl(dataDir: string): string {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  const url = embeddedDatabaseUrl(dataDir, Number(process.env.EMBEDDED_PG_PORT ?? 54329));
  if (!url) throw new BackupError(`DATABASE_URL is not set and ${dataDir} holds no embedded database`);
  return url;
}

async function main(): Promise<void> {
  const [command, folder] = process.argv.slice(2);
  const dataDir = resolve(process.env.DATA_DIR ?? '.data');
  const filesDir = join(dataDir, 'files');
  if (command === 'backup') {
    const target = resolve(folder ?? `wakuncar-backup-${new Date().toISOString().replace(/[:.]/g, '-')}`);
    const bucket = process.env.FILE_STORE?.trim() === 's3' ? (process.env.S3_BUCKET?.trim() || '(S3_BUCKET not set)') : null;
    const manifest = await backup({ databaseUrl: databaseUrl(dataDir), filesDir, target, bucket });
    const rows = Object.values(manifest.counts).reduce((sum, count) => sum + count, 0);
    console.log(`Backup written to ${target}: ${Object.keys(manifest.counts).length} tables, ${rows} rows${manifest.files ? ', files from DATA_DIR/files' : ''}`);
    if (manifest.bucket) console.warn(bucketNotice(manifest.bucket));
  } else if (command === 'restore' && folder) {
    const manifest = await restore({ databaseUrl: databaseUrl(dataDir), filesDir, source: resolve(folder) });
    console.log(`Restored the backup of ${manifest.createdAt}; start the app to apply newer schema changes, if any`);
    if (manifest.bucket) console.warn(bucketNotice(manifest.bucket));
  } else {
    throw new BackupError('usage: npm run backup -- [FOLDER]  |  npm run restore -- FOLDER');
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof BackupError ? error.message : error);
  process.exit(1);
});
