import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Client } from 'pg';
import { sparePort } from './processes';

export interface ThrowawayPostgres {
  /** Of its one database, `wakuncar`. */
  url: string;
  /** Stops the server (fast shutdown: sessions are terminated, new ones refused); its data stays. */
  stop(): Promise<void>;
  /** Starts it again on the same port with the same data. */
  start(): Promise<void>;
  /** A new session on `wakuncar` (end it before stopping the server). */
  connect(): Promise<Client>;
  /** Stops it and removes its files. */
  remove(): Promise<void>;
}

/**
 * A PostgreSQL server of the test's own, so the test can stop the database server itself. Its folder
 * is under /tmp: started as root, PostgreSQL runs as the unprivileged `postgres` user, who must be
 * able to reach it. The server is managed by a child process (throwaway-postgres-server.mjs).
 */
export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  const dir = mkdtempSync('/tmp/wakuncar-throwaway-pg-');
  chmodSync(dir, 0o755);
  const port = await sparePort();
  const password = 'throwaway';
  const manager = spawn(process.execPath, [join(__dirname, 'throwaway-postgres-server.mjs'), join(dir, 'data'), String(port), password], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: manager.stdout! })[Symbol.asyncIterator]();
  const next = async (expected: string) => {
    const { value, done } = await lines.next();
    if (done || value !== expected) throw new Error(`throwaway PostgreSQL: expected "${expected}", got ${done ? 'the end of its output' : `"${value}"`}`);
  };
  const command = async (name: 'stop' | 'start', expected: string) => {
    manager.stdin!.write(`${name}\n`);
    await next(expected);
  };
  try {
    await next('ready');
  } catch (error) {
    manager.kill();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  let running = true;
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/wakuncar`,
    stop: async () => {
      await command('stop', 'stopped');
      running = false;
    },
    start: async () => {
      await command('start', 'started');
      running = true;
    },
    connect: async () => {
      const client = new Client({ host: '127.0.0.1', port, user: 'postgres', password, database: 'wakuncar' });
      client.on('error', () => undefined);
      await client.connect();
      return client;
    },
    remove: async () => {
      if (running) await command('stop', 'stopped').catch(() => undefined);
      const exited = new Promise((resolve) => manager.once('exit', resolve));
      manager.stdin!.end();
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
