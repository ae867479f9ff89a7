import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApi, prepareDatabase, printDemoAccounts } from './api';
import { ConfigError, loadConfig } from './config/app-config';
import { EmbeddedDatabase, startEmbeddedDatabase } from './database/embedded-database';

/**
 * `--all-in-one` (npm start): embedded PostgreSQL when DATABASE_URL is unset, processors in this
 * process. Without it (npm run start:api) the API expects DATABASE_URL and REDIS_URL, production style.
 */
async function main(): Promise<void> {
  const logger = new Logger('Wakuncar');
  const allInOne = process.argv.includes('--all-in-one');
  const config = loadConfig();
  if (!allInOne) {
    if (!config.databaseUrl) throw new ConfigError('DATABASE_URL', 'is required for start:api (use npm start for the embedded database)');
    if (!config.redisUrl) throw new ConfigError('REDIS_URL', 'is required for start:api (use npm start for single-machine mode)');
  }
  let embedded: EmbeddedDatabase | null = null;
  let app: NestFastifyApplication | null = null;
  // One handler, registered before anything starts: a signal during the start still shuts down
  // once, and Nest's own shutdown hooks are not enabled (they would close the app a second time).
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal}: shutting down`);
    try {
      await app?.close();
      await embedded?.stop();
      process.exit(0);
    } catch (error) {
      logger.error(`Shutdown failed: ${error instanceof Error ? error.stack : String(error)}`);
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));

  if (!config.databaseUrl) embedded = await startEmbeddedDatabase(config.dataDir, config.embeddedPostgresPort);
  const databaseUrl = config.databaseUrl ?? embedded!.url;

  // The API relays the outbox to the queues; --all-in-one (or no Redis: single-machine mode) also
  // runs the job processors here, as BullMQ workers or in-process.
  app = await createApi(config, databaseUrl, { processors: allInOne || !config.redisUrl, relay: true });
  const accounts = await prepareDatabase(app);
  await app.listen(config.port, config.host);
  const url = `http://localhost:${config.port}`;
  logger.log(`Wakuncar siap / ready: ${url} (API docs ${url}/api/docs)`);
  printDemoAccounts(accounts, url);
}

main().catch((error: unknown) => {
  const message = error instanceof ConfigError ? error.message : error instanceof Error ? error.stack : String(error);
  console.error(message);
  process.exit(1);
});
