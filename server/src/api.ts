import { INestApplication, Logger, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import express, { NextFunction, Request, Response } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { ApiOptions, AppModule } from './app.module';
import { AppConfig } from './config/app-config';
import { runMigrations } from './database/migrate';
import { RegionsService } from './modules/regions/regions.service';
import { ThemesService } from './modules/themes/themes.service';
import { mountQueueDashboard } from './modules/jobs/queue-dashboard';
import { DemoAccount, UsersService } from './modules/users/users.service';

const LOG_LEVELS: Record<AppConfig['logLevel'], LogLevel[]> = {
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  log: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug'],
};

/**
 * Inline scripts are never allowed: definition texts are user input and must stay text. `unsafe-eval`
 * is there for AJV alone, which compiles each form's schema into a function so the phone reports the
 * same errors as the server before sending; it does not let markup run script.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

function securityHeaders(_request: Request, response: Response, next: NextFunction): void {
  response.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('Referrer-Policy', 'same-origin');
  response.setHeader('X-Frame-Options', 'DENY');
  next();
}

/** Serves the built client and answers its routes with index.html; /api stays the API's. */
function serveClient(app: NestExpressApplication, clientDir: string): void {
  const index = join(clientDir, 'index.html');
  if (!existsSync(index)) return;
  app.use(express.static(clientDir, { index: false, maxAge: '1h' }));
  app.use((request: Request, response: Response, next: NextFunction) => {
    if (request.method !== 'GET' || request.path === '/api' || request.path.startsWith('/api/')) return next();
    response.setHeader('Cache-Control', 'no-cache');
    response.sendFile(index);
  });
}

export async function createApi(config: AppConfig, databaseUrl: string, options: ApiOptions = {}): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, databaseUrl, options), {
    bodyParser: false,
    logger: LOG_LEVELS[config.logLevel],
  });
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  if (config.trustProxy !== false) app.set('trust proxy', config.trustProxy);
  app.use(securityHeaders);
  app.setGlobalPrefix('api');
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Wakuncar API')
      .setDescription('Mesin formulir & survei tematik PKK Kota Metro. Kontrak: API.md')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  mountQueueDashboard(app);
  serveClient(app, config.clientDir);
  app.enableShutdownHooks();
  return app;
}

/** Migrations, the Kota Metro tree, the built-in tematik and the demo accounts; safe on every start. */
export async function prepareDatabase(app: INestApplication): Promise<DemoAccount[]> {
  await runMigrations(app.get(DataSource));
  await app.get(RegionsService).seedKotaMetro();
  await app.get(ThemesService).publishBuiltins();
  return app.get(UsersService).seedDemo();
}

export function printDemoAccounts(accounts: DemoAccount[], url: string): void {
  const logger = new Logger('Wakuncar');
  if (!accounts.length) return;
  const lines = accounts.map((a) => `  ${a.username.padEnd(18)} ${a.password.padEnd(16)} ${a.role.padEnd(6)} ${a.regionCode}`);
  logger.log(
    ['', `Akun demo dibuat (tampil sekali) — demo accounts (shown once), log in at ${url}:`, '  username           password         role   wilayah', ...lines, ''].join('\n'),
  );
}
