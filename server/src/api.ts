import { INestApplication, Logger, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { ApiOptions, AppModule } from './app.module';
import { APP_CONFIG, AppConfig } from './config/app-config';
import { registerAnswerCompression } from './common/compress-answers';
import { BadRequest } from './common/domain-error';
import { MAX_JSON_BYTES, registerJsonBody, rejectBeforeRouting } from './common/json-body.parser';
import { replyWithProblem } from './common/problem.filter';
import { runMigrations } from './database/migrate';
import { MAX_FILE_BYTES } from './modules/files/files.service';
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
 * Inline scripts are never allowed: definition texts are user input and must stay text. `blob:` is
 * the fill form's precompiled validator (GET …/versions/:n/validator.js, fetched with the token and
 * imported from a blob: URL only this origin's script can make). `unsafe-eval` is there for AJV alone,
 * still compiling in the phone the themes RJSF needs a validator to draw (oneOf, if/then …), which
 * are not precompiled yet; it does not let markup run script. No page may be framed, but for the
 * warm-up page by the app itself.
 */
const contentSecurityPolicy = (frameAncestors: string): string =>
  [
    "default-src 'self'",
    "script-src 'self' blob: 'unsafe-eval'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "connect-src 'self'",
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    `frame-ancestors ${frameAncestors}`,
    "form-action 'self'",
  ].join('; ');
export const CONTENT_SECURITY_POLICY = contentSecurityPolicy("'none'");

/** The app's hidden warm-up page (client/src/app/warm-up.ts) draws nothing and may be framed by the app's own pages only. */
const WARM_UP_PAGE = '/warm-up.html';
const WARM_UP_PAGE_POLICY = contentSecurityPolicy("'self'");

const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
};

/** A year, the usual minimum for browsers' preload lists; subdomains are the city's to decide, so not included. */
export const STRICT_TRANSPORT_SECURITY = 'max-age=31536000';

/** Every file of the built client, as URL paths; the build does not change while the server runs. */
function clientFiles(dir: string, prefix = ''): Set<string> {
  const files = new Set<string>();
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) for (const file of clientFiles(join(dir, entry.name), `${prefix}/${entry.name}`)) files.add(file);
    else files.add(`${prefix}/${entry.name}`);
  }
  return files;
}

/** Serves the built client and answers its routes with index.html; /api stays the API's. */
async function serveClient(fastify: FastifyInstance, clientDir: string): Promise<void> {
  if (!existsSync(join(clientDir, 'index.html'))) return;
  const files = clientFiles(clientDir);
  // The build writes .br and .gz copies of its text files (client/vite.config.ts `precompress`).
  await fastify.register(fastifyStatic, { root: clientDir, serve: false, preCompressed: true });
  fastify.get('/*', (request, reply) => {
    const path = decodeURIComponentSafe(request.url.split('?')[0]);
    if (path === null || path === '/api' || path.startsWith('/api/')) return reply.callNotFound();
    if (path === WARM_UP_PAGE && files.has(path)) {
      // Framed by the app itself, once per version, to run its code from the service worker's cache (client/src/app/warm-up.ts).
      reply.headers({ 'Content-Security-Policy': WARM_UP_PAGE_POLICY, 'X-Frame-Options': 'SAMEORIGIN', 'Cache-Control': 'no-cache' });
      return reply.sendFile(path.slice(1), { cacheControl: false });
    }
    if (path !== '/index.html' && files.has(path)) return reply.sendFile(path.slice(1), { maxAge: 3_600_000 });
    return reply.header('Cache-Control', 'no-cache').sendFile('index.html', { cacheControl: false });
  });
}

function decodeURIComponentSafe(path: string): string | null {
  try {
    return decodeURIComponent(path);
  } catch {
    return null;
  }
}

/** The routes Fastify registered, as `METHOD /path` (HEAD twins of GET routes left out). */
const REGISTERED_ROUTES = new WeakMap<object, string[]>();

export function registeredRoutes(app: NestFastifyApplication): readonly string[] {
  return REGISTERED_ROUTES.get(app) ?? [];
}

export async function createApi(config: AppConfig, databaseUrl: string, options: ApiOptions = {}): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    trustProxy: config.trustProxy,
    bodyLimit: MAX_JSON_BYTES,
    // Fastify's default (100) would answer a long but well-formed path segment with a bare 404.
    routerOptions: { maxParamLength: 500 },
    // A path that does not percent-decode never reaches a route (nor Nest's filters): answer it here.
    frameworkErrors: (_error: unknown, request: FastifyRequest, reply: FastifyReply) =>
      replyWithProblem(reply, request, new BadRequest('BAD_REQUEST', 'Alamat permintaan tidak dapat dibaca (persen-encoding rusak)')),
  });
  const fastify = adapter.getInstance();
  const routes: string[] = [];
  fastify.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) if (method !== 'HEAD') routes.push(`${method} ${route.url}`);
  });
  registerJsonBody(fastify);
  registerAnswerCompression(fastify);
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.headers(SECURITY_HEADERS);
    // Only over https (directly, or X-Forwarded-Proto from a trusted proxy): on plain http the header means nothing.
    if (request.protocol === 'https') reply.header('Strict-Transport-Security', STRICT_TRANSPORT_SECURITY);
    done(rejectBeforeRouting(request.url, request.headers['content-encoding']));
  });
  await fastify.register(fastifyMultipart, { limits: { fileSize: MAX_FILE_BYTES, files: 1, fields: 5 } });

  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, databaseUrl, options), adapter, {
    bodyParser: false,
    logger: LOG_LEVELS[config.logLevel],
  });
  REGISTERED_ROUTES.set(app, routes);
  app.setGlobalPrefix('api');
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Wakuncar API')
      .setDescription('Mesin formulir & survei tematik PKK Kota Metro.')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  await mountQueueDashboard(app);
  await serveClient(fastify, config.clientDir);
  // No enableShutdownHooks(): main.ts handles SIGTERM/SIGINT itself, and both reacting would run the
  // shutdown twice, concurrently.
  return app;
}

/** Migrations, the Kota Metro tree, the built-in tematik and the demo (accounts, Rejomulyo's RW/RT); safe on every start. */
export async function prepareDatabase(app: INestApplication): Promise<DemoAccount[]> {
  await runMigrations(app.get(DataSource));
  await app.get(RegionsService).seedKotaMetro();
  // Demo RW/RT like the demo accounts: a city's real RWs are added by its admins, not invented here.
  if (app.get<AppConfig>(APP_CONFIG).seedDemo) await app.get(RegionsService).seedDemoLocalRegions();
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
