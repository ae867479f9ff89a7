import { Client } from 'pg';
import { coarsePeriodKey, coarsePeriodSql, coarserGranularities, Granularity } from '../../../server/src/modules/aggregation/granularity';
import { periodKeyAt } from '../../../server/src/modules/submissions/period';
import { TEST_PG_URL } from '../../support/test-database';

/** Every base period over three years around the ISO 53-week year 2026, in WIB. */
function keys(base: Granularity): string[] {
  const out = new Set<string>();
  for (let t = Date.UTC(2025, 11, 1); t < Date.UTC(2028, 1, 1); t += 6 * 3600_000) out.add(periodKeyAt(base, new Date(t)));
  return [...out];
}

describe('the SQL period roll-up agrees with the TypeScript one', () => {
  let client: Client;
  beforeAll(async () => {
    client = new Client({ connectionString: TEST_PG_URL });
    await client.connect();
  });
  afterAll(() => client.end());

  it.each(['day', 'week', 'month', 'quarter'] as const)('from %s', async (base) => {
    const baseKeys = keys(base);
    for (const target of coarserGranularities(base)) {
      const { rows } = await client.query<{ k: string; t: string }>(`SELECT k, ${coarsePeriodSql(base, target, 'k')} AS t FROM unnest($1::text[]) AS k`, [baseKeys]);
      expect(rows.map((row) => `${row.k}→${row.t}`)).toEqual(baseKeys.map((key) => `${key}→${coarsePeriodKey(base, target, key)}`));
    }
  });
});
