/**
 * Turns the WHO 2006 LMS tables (tab-separated, as WHO publishes them) into the compact JSON the
 * z-score code reads: one file per indicator, per sex the first index value and the L, M and S
 * columns (L as one number when it never changes). Run once when the tables change:
 *
 *   npx ts-node --transpile-only schemas/growth/gen-who-tables.ts <folder with lenanthro.txt …>
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const SOURCES = [
  { file: 'lenanthro.txt', out: 'lhfa.json', index: 'age', step: 1 },
  { file: 'weianthro.txt', out: 'wfa.json', index: 'age', step: 1 },
  { file: 'wflanthro.txt', out: 'wfl.json', index: 'length', step: 0.1 },
  { file: 'wfhanthro.txt', out: 'wfh.json', index: 'height', step: 0.1 },
] as const;

function convert(folder: string): void {
  for (const source of SOURCES) {
    const [header, ...lines] = readFileSync(join(folder, source.file), 'utf8').trim().split('\n');
    const columns = header.split('\t').map((name) => name.trim());
    const column = (name: string): number => columns.indexOf(name);
    const bySex: Record<string, { start: number; l: number[]; m: number[]; s: number[] }> = {};
    for (const line of lines) {
      const cells = line.split('\t');
      const sex = cells[column('sex')];
      const index = Number(cells[column(source.index)]);
      const table = (bySex[sex] ??= { start: index, l: [], m: [], s: [] });
      // Rows must be contiguous so a row is found by arithmetic, not a search.
      const expected = table.start + table.m.length * source.step;
      if (Math.abs(index - expected) > 1e-6) throw new Error(`${source.file}: row ${index} is not where ${expected} was expected`);
      table.l.push(Number(cells[column('l')]));
      table.m.push(Number(cells[column('m')]));
      table.s.push(Number(cells[column('s')]));
    }
    const sexes = Object.fromEntries(
      Object.entries(bySex).map(([sex, table]) => [sex, { start: table.start, l: table.l.every((value) => value === table.l[0]) ? table.l[0] : table.l, m: table.m, s: table.s }]),
    );
    const output = { source: source.file, index: source.index, step: source.step, sexes };
    writeFileSync(join(__dirname, 'who-2006', source.out), `${JSON.stringify(output)}\n`);
  }
}

convert(process.argv[2] ?? join(__dirname, '../../../shared/data/who-growth'));
