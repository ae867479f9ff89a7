import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../database/data-source';
import { runMigrations } from '../../database/migrate';
import { parseRegionFile, RegionFileError } from './region-csv';
import { upsertRegions } from './region.repository';

/**
 * `npm run regions:import -- FILE.csv`: loads a Kemendagri region file (`kode,nama,tingkat,kode_induk`)
 * into DATABASE_URL. The whole file is checked first and written in one transaction, so a bad file
 * changes nothing; re-running the same file is a no-op.
 */
async function main(): Promise<void> {
  const file = process.argv[2];
  const url = process.env.DATABASE_URL;
  if (!file) throw new RegionFileError('usage: npm run regions:import -- FILE.csv');
  if (!url) {
    throw new RegionFileError(
      'DATABASE_URL is required (while `npm start` runs, the embedded database is postgres://wakuncar_app:<the "app" password in DATA_DIR/postgres-credentials.json>@127.0.0.1:54329/wakuncar)',
    );
  }
  const started = Date.now();
  const rows = parseRegionFile(readFileSync(file, 'utf8'));
  const dataSource = await new DataSource(dataSourceOptions(url)).initialize();
  try {
    await runMigrations(dataSource);
    const count = await dataSource.transaction((manager) => upsertRegions(manager, rows));
    console.log(`Imported ${count} regions from ${file} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof RegionFileError ? error.message : error);
  process.exit(1);
});
