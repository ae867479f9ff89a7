import { INestApplicationContext, Logger, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { WorkerModule } from './worker.module';
import type { AppConfig } from './config/app-config';

const LOG_LEVELS: Record<AppConfig['logLevel'], LogLevel[]> = {
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  log: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug'],
};

/** The processors in a Nest application context (no HTTP): what `npm run start:worker` runs, and tests. */
export async function createWorker(config: AppConfig, databaseUrl: string): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, databaseUrl), { logger: LOG_LEVELS[config.logLevel] });
  await app.init();
  return app;
}

/**
 * Runs the job processors until SIGTERM or SIGINT, then stops taking jobs, lets the running ones
 * finish and exits 0. Signals are handled here rather than by Nest's shutdown hooks, which re-raise
 * the signal after closing and so would end the process with a non-zero status.
 */
export async function startWorker(config: AppConfig, databaseUrl: string): Promise<void> {
  const app = await createWorker(config, databaseUrl);
  const logger = new Logger('Worker');
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal}: finishing running jobs`);
    try {
      await app.close();
      logger.log('Stopped');
      process.exit(0);
    } catch (error) {
      logger.error(`Shutdown failed: ${error instanceof Error ? error.stack : String(error)}`);
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}
