import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, readFileSync, mkdirSync, chmodSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../server/src/database/data-source';
import { APP_ROLE } from '../../server/src/database/embedded-database';
import { runMigrations } from '../../server/src/database/migrate';
import { REPO_ROOT } from '../support/paths';

interface Started {
  url: string;
  stop(): Promise<void>;
}

/** Runs `script` with ts-node as the server would run; answers its output and exit code once it exits, or `onLine`'s answer. */
function run(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', ...args], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', TS_NODE_PROJECT: join(REPO_ROOT, 'tsconfig.json'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, stdout: () => stdout, stderr: () => stderr };
}

/** The embedded database in a child process, as npm start starts it. */
async function startEmbeddedDatabase(dataDir: string, port: number): Promise<Started> {
  const started = run([join(REPO_ROOT, 'tests/process/support/embedded-database-child.ts'), dataDir, String(port)]);
  const line = await new Promise<string>((resolve, reject) => {
    const check = () => {
      const first = started.stdout().split('\n').find((candidate) => candidate.startsWith('{'));
      if (first) resolve(first);
    };
    started.child.stdout.on('data', check);
    void started.exited.then(() => {
      check();
      reject(new Error(`the embedded database did not start: ${started.stdout()} ${started.stderr().slice(-2000)}`));
    });
  });
  const answer = JSON.parse(line) as { url?: string; error?: string };
  if (!answer.url) throw new Error(answer.error);
  return {
    url: answer.url,
    stop: async () => {
      started.child.kill('SIGTERM');
      await started.exited;
    },
  };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** What npm start's embedded PostgreSQL looks like from outside: run as the project's tests run (root). */
describe('the embedded database', () => {
  // Under /tmp (open to everyone), as a checkout under /opt or /home would be.
  const folder = mkdtempSync(join(tmpdir(), 'wakuncar-embedded-'));
  const dataDir = join(folder, 'data');
  let port: number;
  let embedded: Started | null = null;

  beforeAll(async () => {
    chmodSync(folder, 0o755);
    port = await freePort();
    embedded = await startEmbeddedDatabase(dataDir, port);
  }, 120_000);
  afterAll(async () => {
    await embedded?.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  it('keeps a random superuser password and the app role password in a file only its owner may read', async () => {
    const file = join(dataDir, 'postgres-credentials.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const credentials = JSON.parse(readFileSync(file, 'utf8')) as { superuser: string; app: string };
    expect(credentials.superuser).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(credentials.app).not.toBe(credentials.superuser);
    // The password every embedded database used to share no longer opens it.
    const old = new Client({ host: '127.0.0.1', port, user: 'postgres', password: 'wakuncar-embedded', database: 'postgres' });
    await expect(old.connect()).rejects.toThrow(/password authentication failed/);
    await old.end().catch(() => undefined);
  });

  it('lets the app connect only as a role that is not a superuser, which can still migrate its own database', async () => {
    expect(embedded!.url).toContain(`${APP_ROLE}:`);
    const dataSource = await new DataSource(dataSourceOptions(embedded!.url)).initialize();
    try {
      const [role] = (await dataSource.query(`SELECT current_user AS name, rolsuper, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = current_user`)) as {
        name: string;
        rolsuper: boolean;
        rolcreaterole: boolean;
        rolcreatedb: boolean;
      }[];
      expect(role).toEqual({ name: APP_ROLE, rolsuper: false, rolcreaterole: false, rolcreatedb: false });
      await runMigrations(dataSource);
      expect(((await dataSource.query(`SELECT count(*)::int AS n FROM migrations`)) as { n: number }[])[0].n).toBeGreaterThan(5);
      // What only a superuser may do, it may not.
      await expect(dataSource.query(`COPY (SELECT 1) TO PROGRAM 'true'`)).rejects.toThrow(/permission denied|must be superuser|pg_execute_server_program/);
    } finally {
      await dataSource.destroy();
    }
  }, 120_000);

  it('started again, keeps its passwords and its data', async () => {
    await embedded!.stop();
    const before = readFileSync(join(dataDir, 'postgres-credentials.json'), 'utf8');
    embedded = await startEmbeddedDatabase(dataDir, port);
    expect(readFileSync(join(dataDir, 'postgres-credentials.json'), 'utf8')).toBe(before);
    const client = new Client({ connectionString: embedded.url });
    await client.connect();
    expect(((await client.query(`SELECT count(*)::int AS n FROM migrations`)).rows[0] as { n: number }).n).toBeGreaterThan(5);
    await client.end();
  }, 120_000);

  it('takes over a data folder from before: the old shared password is replaced, its tables handed to the app role', async () => {
    // As every embedded database was until now: superuser password 'wakuncar-embedded', no credentials
    // file, the tables owned by the superuser.
    const { superuser } = JSON.parse(readFileSync(join(dataDir, 'postgres-credentials.json'), 'utf8')) as { superuser: string };
    const admin = new Client({ host: '127.0.0.1', port, user: 'postgres', password: superuser, database: 'wakuncar' });
    await admin.connect();
    await admin.query(`CREATE TABLE from_before (id int PRIMARY KEY)`);
    await admin.query(`INSERT INTO from_before VALUES (1)`);
    await admin.query(`ALTER ROLE postgres PASSWORD 'wakuncar-embedded'`);
    await admin.end();
    await embedded!.stop();
    rmSync(join(dataDir, 'postgres-credentials.json'));

    embedded = await startEmbeddedDatabase(dataDir, port);
    const renewed = JSON.parse(readFileSync(join(dataDir, 'postgres-credentials.json'), 'utf8')) as { superuser: string };
    expect(renewed.superuser).not.toBe(superuser);
    const app = new Client({ connectionString: embedded.url });
    await app.connect();
    try {
      expect((await app.query(`SELECT tableowner FROM pg_tables WHERE tablename = 'from_before'`)).rows).toEqual([{ tableowner: APP_ROLE }]);
      await app.query(`INSERT INTO from_before VALUES (2)`);
      expect((await app.query(`SELECT count(*)::int AS n FROM from_before`)).rows).toEqual([{ n: 2 }]);
    } finally {
      await app.end();
    }
    const old = new Client({ host: '127.0.0.1', port, user: 'postgres', password: 'wakuncar-embedded', database: 'postgres' });
    await expect(old.connect()).rejects.toThrow(/password authentication failed/);
    await old.end().catch(() => undefined);
  }, 120_000);

  it('npm start as root in a folder the postgres user cannot enter (a clone under /root) says so in one line with the fix', async () => {
    const closed = mkdtempSync(join(tmpdir(), 'wakuncar-closed-'));
    try {
      mkdirSync(join(closed, 'project'));
      chmodSync(closed, 0o700);
      const start = run([join(REPO_ROOT, 'server/src/main.ts'), '--all-in-one'], { DATA_DIR: join(closed, 'project', '.data'), EMBEDDED_PG_PORT: String(await freePort()) });
      expect(await start.exited).toBe(1);
      const said = start.stderr().trim();
      expect(said.split('\n')).toHaveLength(1);
      expect(said).toContain(`cannot enter ${closed}`);
      expect(said).toMatch(/DATABASE_URL/);
    } finally {
      rmSync(closed, { recursive: true, force: true });
    }
  }, 120_000);
});
