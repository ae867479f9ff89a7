import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEMO_LOCAL_REGIONS } from '../../../server/src/modules/regions/demo-local-regions';
import { parseRegionFile } from '../../../server/src/modules/regions/region-csv';
import { upsertRegions } from '../../../server/src/modules/regions/region.repository';
import { createTestApp, TestApp } from '../../support/test-app';

/** `../shared` beside the repository: the national Kemendagri file is there for scale tests. */
const INDONESIA_FILE = resolve(__dirname, '../../../../shared/data/wilayah-indonesia.csv');

// A scale test: 91,599 rows twice. Fast on its own, but it shares the machine with the other test files.
jest.setTimeout(300_000);

describe('full-country region import', () => {
  let t: TestApp;
  let codes: string[];
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const countInFile = async () => {
    const [row] = (await t.db.query(
      `SELECT count(*)::int AS total, count(*) FILTER (WHERE level = 'kelurahan')::int AS kelurahan
       FROM region WHERE code = ANY($1::text[])`,
      [codes],
    )) as { total: number; kelurahan: number }[];
    return row;
  };

  it('loads all 91,599 rows of wilayah-indonesia.csv (83,762 desa/kelurahan) over the Kota Metro seed', async () => {
    const rows = parseRegionFile(readFileSync(INDONESIA_FILE, 'utf8'));
    codes = rows.map((row) => row.code);
    expect(rows).toHaveLength(91_599);
    expect(new Set(codes).size).toBe(91_599);

    const started = Date.now();
    await t.db.transaction((manager) => upsertRegions(manager, rows));
    console.log(`full-country import: ${rows.length} rows in ${Date.now() - started} ms`);

    expect(await countInFile()).toEqual({ total: 91_599, kelurahan: 83_762 });
    // Nothing but the file (the seed is a subset of it) and Rejomulyo's demo RW/RT is in the table.
    const [{ total }] = (await t.db.query('SELECT count(*)::int AS total FROM region')) as { total: number }[];
    expect(total).toBe(91_599 + DEMO_LOCAL_REGIONS.length);
    const [{ orphans }] = (await t.db.query(
      'SELECT count(*)::int AS orphans FROM region r WHERE r.parent_code IS NOT NULL AND NOT EXISTS (SELECT 1 FROM region p WHERE p.code = r.parent_code)',
    )) as { orphans: number }[];
    expect(orphans).toBe(0);
  });

  it('keeps the Kota Metro tree as it was and answers the API over the national tree', async () => {
    const { auth } = await t.as('admin', '18.72');
    const kecamatan = await t.http().get('/api/regions?parent=18.72').set('Authorization', auth).expect(200);
    expect(kecamatan.body.items.map((r: { name: string }) => r.name)).toEqual(['Metro Pusat', 'Metro Utara', 'Metro Barat', 'Metro Timur', 'Metro Selatan']);
    const provinces = await t.http().get('/api/regions?limit=1000').set('Authorization', auth).expect(200);
    expect(provinces.body.items).toHaveLength(38);
    const lampung = await t.http().get('/api/regions?parent=18&limit=1000').set('Authorization', auth).expect(200);
    expect(lampung.body.items.map((r: { code: string }) => r.code)).toContain('18.72');
    expect(lampung.body.items.length).toBeGreaterThan(10);
  });

  it('is idempotent: importing the same file again changes nothing and raises no error', async () => {
    const [before] = (await t.db.query(`SELECT count(*)::int AS total, max(xmin::text::bigint) AS newest FROM region`)) as { total: number; newest: string }[];
    const started = Date.now();
    await t.db.transaction((manager) => upsertRegions(manager, parseRegionFile(readFileSync(INDONESIA_FILE, 'utf8'))));
    console.log(`full-country re-import: ${Date.now() - started} ms`);
    expect(await countInFile()).toEqual({ total: 91_599, kelurahan: 83_762 });
    const [after] = (await t.db.query(`SELECT count(*)::int AS total, max(xmin::text::bigint) AS newest FROM region`)) as { total: number; newest: string }[];
    // No row was rewritten: the upsert skips rows whose name, level and parent are unchanged.
    expect(after).toEqual(before);
  });
});
