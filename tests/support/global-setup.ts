import 'reflect-metadata';
import { createApi, prepareDatabase } from '../../server/src/api';
import { loadConfig } from '../../server/src/config/app-config';
import { RegionsService } from '../../server/src/modules/regions/regions.service';
import { createDatabase, databaseUrl, withAdminClient } from './test-database';

/**
 * Once per `npm test`: a template database with every migration and the seed data. Each test file
 * then copies it (CREATE DATABASE … TEMPLATE), which takes a fraction of a second, so files run in
 * parallel without ever seeing each other's rows.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.WAKUNCAR_TEST_RUN) return; // another project of this run made it already
  const id = `wk_t_${Date.now().toString(36)}_${process.pid}`;
  process.env.WAKUNCAR_TEST_RUN = id;
  process.env.REDIS_PREFIX = id;
  // Databases left by runs that were killed before their teardown.
  await withAdminClient(async (client) => {
    const stale = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE 'wk\\_t\\_%' AND datname NOT LIKE $1`,
      [`${id}%`],
    );
    for (const { datname } of stale.rows) {
      const started = parseInt(datname.split('_')[2], 36);
      if (Date.now() - started > 6 * 3600_000) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
  });
  const template = `${id}_tpl`;
  await createDatabase(template);
  const config = loadConfig({ JWT_SECRET: 'x'.repeat(40), DATABASE_URL: databaseUrl(template), SEED_DEMO: 'false', LOG_LEVEL: 'error' });
  const app = await createApi(config, databaseUrl(template));
  await app.init();
  await prepareDatabase(app);
  // Rejomulyo's demo RW/RT (SEED_DEMO is off here): the COVID-19 report is filled per RT.
  await app.get(RegionsService).seedDemoLocalRegions();
  await app.close();
}
