import { withAdminClient } from './test-database';

export default async function globalTeardown(): Promise<void> {
  const id = process.env.WAKUNCAR_TEST_RUN;
  if (!id) return;
  await withAdminClient(async (client) => {
    const rows = await client.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`${id}%`]);
    for (const { datname } of rows.rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  });
}
