import { execFile } from 'node:child_process';
import { cp, mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { MIGRATIONS } from './migrations';

const run = promisify(execFile);

/** A backup is a folder: the database in pg_dump's custom format, the files kept outside it, and this. */
export interface BackupManifest {
  format: 'wakuncar-backup/1';
  createdAt: string;
  /** The migrations table at backup time: what schema the dump holds. */
  migrations: string[];
  /** Rows per table, for a restore to check against. */
  counts: Record<string, number>;
  /** Whether `files/` holds uploaded files (FILE_STORE=local, or files from before they were in PostgreSQL). */
  files: boolean;
  /** FILE_STORE=s3: the bucket whose objects are NOT in this backup (its own versioning or replication keeps them). */
  bucket?: string;
}

export class BackupError extends Error {}

/** What a backup of FILE_STORE=s3 leaves out, said at backup and at restore, so nobody takes it for complete. */
export function bucketNotice(bucket: string): string {
  return `NOTE: uploaded files are in the S3 bucket "${bucket}" (FILE_STORE=s3) and are NOT in this backup; keep them with the bucket's own versioning or replication, and restore that bucket alongside this backup`;
}

const DUMP = 'database.dump';
const MANIFEST = 'manifest.json';

/**
 * The pg_dump / pg_restore to use: `PG_BIN` when set, else the newest under /usr/lib/postgresql, else
 * the one on PATH. pg_dump refuses a server newer than itself, so the version is checked against the
 * server's first, with a message that says what to install.
 */
async function tool(name: 'pg_dump' | 'pg_restore', serverMajor: number): Promise<string> {
  const candidates: string[] = [];
  if (process.env.PG_BIN) candidates.push(join(process.env.PG_BIN, name));
  if (existsSync('/usr/lib/postgresql')) {
    const versions = (await readdir('/usr/lib/postgresql')).map(Number).filter((v) => v >= serverMajor).sort((a, b) => b - a);
    candidates.push(...versions.map((version) => `/usr/lib/postgresql/${version}/bin/${name}`));
  }
  candidates.push(name);
  const found: string[] = [];
  for (const candidate of candidates) {
    try {
      const { stdout } = await run(candidate, ['--version']);
      const major = Number(/(\d+)(?:\.\d+)?/.exec(stdout)?.[1]);
      if (major >= serverMajor) return candidate;
      found.push(`${candidate} ${major}`);
    } catch {
      // Not there: the next candidate.
    }
  }
  throw new BackupError(
    `${name} for PostgreSQL ${serverMajor} or newer is needed (found: ${found.join(', ') || 'none'}): install postgresql-client-${serverMajor} or set PG_BIN to its bin folder`,
  );
}

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function serverMajor(client: Client): Promise<number> {
  return Math.floor(Number((await client.query<{ v: string }>(`SELECT current_setting('server_version_num') AS v`)).rows[0].v) / 10000);
}

/** Rows per table of the public schema, by name. */
export async function tableCounts(client: Client): Promise<Record<string, number>> {
  const tables = (await client.query<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`)).rows;
  const counts: Record<string, number> = {};
  for (const { name } of tables) counts[name] = Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${client.escapeIdentifier(name)}`)).rows[0].n);
  return counts;
}

async function appliedMigrations(client: Client): Promise<string[]> {
  const exists = (await client.query(`SELECT 1 FROM pg_tables WHERE schemaname = 'public' AND tablename = 'migrations'`)).rowCount;
  if (!exists) return [];
  return (await client.query<{ name: string }>(`SELECT name FROM migrations ORDER BY timestamp`)).rows.map((row) => row.name);
}

async function folderHasFiles(folder: string): Promise<boolean> {
  try {
    return (await stat(folder)).isDirectory() && (await readdir(folder)).length > 0;
  } catch {
    return false;
  }
}

/**
 * `npm run backup`: the database (custom format, one consistent snapshot) into `target/database.dump`,
 * and `filesDir` (uploaded files kept on disk) into `target/files/` when it holds any. Files kept in an
 * S3 bucket (`bucket`) are not copied, only named in the manifest: a bucket can be far larger than a
 * folder, and its own versioning or replication keeps it better than a copy made here.
 */
export async function backup(options: { databaseUrl: string; filesDir: string; target: string; bucket?: string | null }): Promise<BackupManifest> {
  if (existsSync(options.target) && (await readdir(options.target)).length > 0) throw new BackupError(`${options.target} is not empty: choose a new folder`);
  await mkdir(options.target, { recursive: true });
  const { major, migrations } = await withClient(options.databaseUrl, async (client) => ({ major: await serverMajor(client), migrations: await appliedMigrations(client) }));
  const pgDump = await tool('pg_dump', major);
  await run(pgDump, ['--format=custom', '--no-owner', '--no-privileges', `--file=${join(options.target, DUMP)}`, options.databaseUrl], { maxBuffer: 64 * 1024 * 1024 });
  // Counted after the dump: rows written in between are in neither, and a restore checks at least these.
  const counts = await withClient(options.databaseUrl, tableCounts);
  const files = await folderHasFiles(options.filesDir);
  if (files) await cp(options.filesDir, join(options.target, 'files'), { recursive: true });
  const manifest: BackupManifest = { format: 'wakuncar-backup/1', createdAt: new Date().toISOString(), migrations, counts, files, ...(options.bucket && { bucket: options.bucket }) };
  await writeFile(join(options.target, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/**
 * `npm run restore`: into an empty database only, and only a backup whose schema this version knows
 * (every migration in it is one of ours; the app applies the newer ones of its own at start).
 */
export async function restore(options: { databaseUrl: string; filesDir: string; source: string }): Promise<BackupManifest> {
  const manifestPath = join(options.source, MANIFEST);
  if (!existsSync(manifestPath) || !existsSync(join(options.source, DUMP))) throw new BackupError(`${options.source} is not a Wakuncar backup (no ${MANIFEST} and ${DUMP})`);
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as BackupManifest;
  const known = new Set(MIGRATIONS.map((migration) => migration.name));
  const unknown = manifest.migrations.filter((name) => !known.has(name));
  if (unknown.length) {
    throw new BackupError(`This backup comes from a newer Wakuncar (schema changes unknown here: ${unknown.join(', ')}): restore it with that version or newer`);
  }
  const major = await withClient(options.databaseUrl, async (client) => {
    const tables = Object.keys(await tableCounts(client));
    if (tables.length) throw new BackupError(`The target database is not empty (${tables.length} tables): restore into a new, empty database`);
    return serverMajor(client);
  });
  const pgRestore = await tool('pg_restore', major);
  try {
    await run(pgRestore, ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', `--dbname=${options.databaseUrl}`, join(options.source, DUMP)], { maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    throw new BackupError(`pg_restore failed, nothing was restored: ${(error as { stderr?: string }).stderr?.trim() || String(error)}`);
  }
  if (manifest.files) await cp(join(options.source, 'files'), options.filesDir, { recursive: true, force: false });
  return manifest;
}
