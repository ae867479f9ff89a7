import { createDatabase, databaseUrl, dropDatabase, runId, templateDatabase, TEST_REDIS_URL } from '../support/test-database';
import { Child, sparePort, spawnEntry, stopChild } from './support/processes';

/**
 * SIGTERM to the API (npm run start:api): one shutdown, not one per listener. Nest's own shutdown
 * hooks and the entry point's handler both reacting would close the app twice, racing each other
 * over the same pools, and end the process by the re-raised signal instead of exit status 0.
 */
describe('fault: the API gets SIGTERM', () => {
  const name = `${runId()}_sigterm_${process.pid}`;
  let api: Child | null = null;

  beforeAll(async () => {
    await createDatabase(name, templateDatabase());
  }, 60_000);
  afterAll(async () => {
    await stopChild(api);
    await dropDatabase(name);
  });

  it('shuts down once and exits with status 0', async () => {
    const port = await sparePort();
    api = await spawnEntry(
      'server/src/main.ts',
      {
        DATABASE_URL: databaseUrl(name),
        REDIS_URL: TEST_REDIS_URL,
        REDIS_PREFIX: `${runId()}:api-sigterm`,
        JWT_SECRET: 's'.repeat(48),
        SEED_DEMO: 'false',
        DATA_DIR: `/tmp/${name}`,
        CLIENT_DIR: `/tmp/${name}/no-client`,
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'log',
      },
      /Wakuncar siap \/ ready/,
    );
    api.kill('SIGTERM');
    const exit = await Promise.race([api.exited, new Promise<null>((resolve) => setTimeout(() => resolve(null), 30_000))]);
    if (!exit) throw new Error(`the API did not exit after SIGTERM:\n${api.output().slice(-3000)}`);
    const output = api.output();
    expect({ exit, output: output.slice(-2000) }).toEqual({ exit: { code: 0, signal: null }, output: output.slice(-2000) });
    expect(output.match(/SIGTERM: shutting down/g)).toHaveLength(1);
    expect(output.match(/Stopping the outbox relay and the job processors/g)).toHaveLength(1);
    expect(output).not.toMatch(/Error|ERROR/);
  }, 120_000);
});
