import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { WorkerModule } from './worker.module';
import type { AppConfig } from './config/app-config';

/** Runs the job processors; SIGTERM lets a running job finish before the process exits. */
export async function startWorker(config: AppConfig, databaseUrl: string): Promise<void> {
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, databaseUrl));
  app.enableShutdownHooks();
  const logger = new Logger('Worker');
  const stop = async (signal: string) => {
    logger.log(`${signal}: finishing running jobs`);
    await app.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}
