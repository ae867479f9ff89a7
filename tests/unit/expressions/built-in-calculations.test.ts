import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { heightForAgeCategory, weightForAgeCategory, weightForHeightCategory } from '../../../schemas/growth';
import { withCalculatedFields } from '../../../server/src/modules/submissions/calculated-fields';
import { builtInSlugs, loadBuiltIn } from '../../support/themes';

/**
 * The shared table (tests/fixtures/calculations/) through the server's path — the client's test
 * (tests/client/calculated-fields.test.tsx) runs the same rows through the form's code, so both sides
 * give identical results for every built-in calculation.
 */
interface TableRow {
  theme: string;
  name: string;
  input: Record<string, unknown>;
  expected: Record<string, string | number | null>;
}

const table = JSON.parse(readFileSync(join(__dirname, '../../fixtures/calculations/built-in-calculations.json'), 'utf8')) as TableRow[];

describe('the shared table of built-in calculations, through the server\'s path', () => {
  it.each(table.map((row) => [`${row.theme}: ${row.name}`, row] as const))('%s', (_name, row) => {
    const definition = loadBuiltIn(row.theme);
    const stored = withCalculatedFields(definition, row.input);
    const computed = Object.fromEntries((definition.calculations ?? []).map(({ field }) => [field.slice(1), stored[field.slice(1)] ?? null]));
    expect(computed).toEqual(row.expected);
  });

  it('covers every calculation of every built-in theme with a computed value', () => {
    for (const slug of builtInSlugs()) {
      for (const { field } of loadBuiltIn(slug).calculations ?? []) {
        const covered = table.some((row) => row.theme === slug && row.expected[field.slice(1)] !== null);
        expect(`${slug}${field}: ${covered ? 'covered' : 'missing'}`).toBe(`${slug}${field}: covered`);
      }
    }
  });

  it('categorises stunting as the Permenkes helpers do', () => {
    for (const row of table.filter((candidate) => candidate.theme === 'stunting')) {
      const z = (key: string): number | null => row.expected[key] as number | null;
      expect([row.expected.kategori_tbu, row.expected.kategori_bbu, row.expected.kategori_bbtb]).toEqual([
        heightForAgeCategory(z('zscore_tbu')),
        weightForAgeCategory(z('zscore_bbu')),
        weightForHeightCategory(z('zscore_bbtb')),
      ]);
    }
  });
});
