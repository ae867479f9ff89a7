import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigError, loadConfig } from './config/app-config';

/** The worker entry point (npm run start:worker): processors only, never HTTP. */
async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.databaseUrl) throw new ConfigError('DATABASE_URL', 'is required for start:worker');
  if (!config.redisUrl) throw new ConfigError('REDIS_URL', 'is required for start:worker');
  const { startWorker } = await import('./worker-bootstrap');
  await startWorker(config, config.databaseUrl);
  new Logger('Worker').log('Worker started');
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
