// Run on demand (never part of `npm test`):
//   npx ts-node --transpile-only bench/import.ts
// Needs PostgreSQL, Redis and psql on this machine (BENCH_PG_URL, REDIS_URL as bench/support.ts).
//
// BENCH_IMPORT_ROWS (100,000) rows of a UMKM-like registry, written once as a CSV and once as an XLSX,
// each imported through the import job (ImportsService.run, in this process: read, check every row
// with the theme's validator, store all in one transaction with outbox rows), against
// (a) psql `\copy submission (…) FROM` of the same rows, ready-made, as the floor nothing can beat.
// Reported: rows/s of each, the CSV import's ratio to COPY (target ≥ 0.3), and the process's peak RSS
// during each import (VmHWM, reset before each).
import 'reflect-metadata';
import ExcelJS from 'exceljs';
import { randomUUID } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { ThemeDefinition } from '../schemas/theme-definition';
import { ImportsService } from '../server/src/modules/imports/imports.service';
import { UserRepository } from '../server/src/modules/users/user.repository';
import { Bench, fmt, publish, setUp, tearDown } from './support';

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000);

const theme: ThemeDefinition = {
  slug: 'bench-impor',
  title: 'Bench impor',
  unit: 'record',
  regionLevel: 'kelurahan',
  period: 'month',
  sensitivity: 'personal',
  schema: {
    type: 'object',
    required: ['nama_usaha', 'sektor', 'tenaga_kerja'],
    additionalProperties: false,
    properties: {
      nama_usaha: { type: 'string', title: 'Nama usaha', maxLength: 100 },
      nama_pemilik: { type: 'string', title: 'Nama pemilik', maxLength: 100 },
      nik_pemilik: { type: 'string', title: 'NIK pemilik', pattern: '^[0-9]{16}$' },
      sektor: { type: 'string', title: 'Sektor', enum: ['kuliner', 'kerajinan', 'jasa', 'perdagangan'] },
      tenaga_kerja: { type: 'integer', title: 'Tenaga kerja', minimum: 0, maximum: 1000 },
      omzet_tahunan: { type: 'number', title: 'Omzet tahunan', minimum: 0 },
      memiliki_nib: { type: 'boolean', title: 'Memiliki NIB' },
      tanggal_mulai: { type: 'string', format: 'date', title: 'Tanggal mulai' },
      alamat: { type: 'string', title: 'Alamat', maxLength: 200 },
    },
  },
  aggregations: [{ key: 'jumlah_umkm', title: 'Jumlah UMKM', op: 'count' }],
};

const HEADER = ['Kode wilayah', 'Periode', 'nama_usaha', 'nama_pemilik', 'nik_pemilik', 'sektor', 'tenaga_kerja', 'omzet_tahunan', 'memiliki_nib', 'tanggal_mulai', 'alamat'];

function row(g: number, regions: string[]): (string | number | boolean | Date)[] {
  return [
    regions[g % regions.length],
    '2026-11',
    `Usaha ${['Keripik', 'Batik', 'Laundry', 'Toko Kelontong'][g % 4]} Nomor ${g}`,
    `${['Siti', 'Budi', 'Ani', 'Joko'][g % 4]} ${['Rahayu', 'Santoso', 'Lestari', 'Wibowo'][Math.floor(g / 4) % 4]}`,
    String(1872050000000000 + g),
    ['kuliner', 'kerajinan', 'jasa', 'perdagangan'][g % 4],
    g % 17,
    (g % 997) * 125000.5,
    g % 3 === 0,
    new Date(Date.UTC(2020 + (g % 6), g % 12, 1 + (g % 28))),
    `Jl. Jenderal Sudirman No. ${g % 300}, RT ${g % 20} RW ${g % 8}`,
  ];
}

const indonesianNumber = (n: number) => String(n).replace('.', ',');
const dmy = (d: Date) => `${String(d.getUTCDate()).padStart(2, '0')}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${d.getUTCFullYear()}`;

function csvFile(regions: string[]): Buffer {
  const lines = [HEADER.join(';')];
  for (let g = 1; g <= ROWS; g++) {
    lines.push(
      row(g, regions)
        .map((cell) => (typeof cell === 'number' ? indonesianNumber(cell) : cell instanceof Date ? dmy(cell) : typeof cell === 'boolean' ? (cell ? 'ya' : 'tidak') : cell.includes(';') ? `"${cell}"` : cell))
        .join(';'),
    );
  }
  return Buffer.from(lines.join('\n'));
}

async function xlsxFile(regions: string[]): Promise<Buffer> {
  const path = `/tmp/bench-impor-${process.pid}.xlsx`;
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: false, useStyles: true });
  const sheet = workbook.addWorksheet('Data');
  sheet.addRow(HEADER).commit();
  for (let g = 1; g <= ROWS; g++) sheet.addRow(row(g, regions)).commit();
  sheet.getColumn(10).numFmt = 'dd/mm/yyyy';
  await workbook.commit();
  return readFileSync(path);
}

function peakRssMb(): number {
  return Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))![1]) / 1024;
}

async function clear(bench: Bench, themeId: string): Promise<void> {
  await bench.db.query(`DELETE FROM submission WHERE theme_id = $1`, [themeId]);
  await bench.db.query(`DELETE FROM outbox`);
  await bench.db.query('VACUUM ANALYZE submission');
}

async function importThroughJob(bench: Bench, themeId: string, file: Buffer, name: string): Promise<{ ms: number; peakMb: number; stored: number }> {
  const imports = bench.app.get(ImportsService);
  const user = (await bench.app.get(UserRepository).find(bench.userId))!;
  const { id } = await imports.create(user, theme.slug, { file, fileName: name, dryRun: false }, 'id');
  global.gc?.();
  writeFileSync('/proc/self/clear_refs', '5');
  const t0 = performance.now();
  await imports.run(id, 1, 1);
  const ms = performance.now() - t0;
  const peakMb = peakRssMb();
  const view = await imports.get(user, id);
  if (view.status !== 'done' || view.stored !== ROWS) throw new Error(`import ${name}: ${JSON.stringify({ ...view, errors: view.errors.slice(0, 5) })}`);
  await clear(bench, themeId);
  return { ms, peakMb, stored: view.stored };
}

async function main(): Promise<void> {
  console.log(`\nimport: ${ROWS.toLocaleString('en')} rows`);
  const bench = await setUp();
  try {
    const themeId = await publish(bench, theme);
    const regions = ((await bench.db.query(`SELECT code FROM region WHERE level = 'kelurahan' AND code LIKE '18.72.%' ORDER BY code`)) as { code: string }[]).map((r) => r.code);
    let t0 = performance.now();
    const csv = csvFile(regions);
    const xlsx = await xlsxFile(regions);
    console.log(`  files made in ${fmt(performance.now() - t0)}: CSV ${(csv.length / 1e6).toFixed(1)} MB, XLSX ${(xlsx.length / 1e6).toFixed(1)} MB`);

    // (a) COPY of the same rows, ready-made (ids, hashes and JSON already computed), best of two.
    const copyPath = `/tmp/bench-impor-${process.pid}.copy`;
    const copyLines: string[] = [];
    for (let g = 1; g <= ROWS; g++) {
      const [region, period, nama_usaha, nama_pemilik, nik_pemilik, sektor, tenaga_kerja, omzet_tahunan, memiliki_nib, tanggal, alamat] = row(g, regions);
      const data = { nama_usaha, nama_pemilik, nik_pemilik, sektor, tenaga_kerja, omzet_tahunan, memiliki_nib, tanggal_mulai: (tanggal as Date).toISOString().slice(0, 10), alamat };
      const id = randomUUID();
      copyLines.push([id, themeId, 1, 'f', 'f', region, period, JSON.stringify(data).replace(/\\/g, '\\\\'), 'bench', id, 1, bench.userId].join('\t'));
    }
    writeFileSync(copyPath, `${copyLines.join('\n')}\n`);
    let copyMs = Infinity;
    for (let i = 0; i < 2; i++) {
      t0 = performance.now();
      const run = spawnSync('psql', [bench.url, '-X', '-q', '-c', `\\copy submission (id, theme_id, version, is_test, is_report, region_code, period_key, data, request_hash, root_id, revision, submitted_by) FROM '${copyPath}'`]);
      if (run.status !== 0) throw new Error(`psql failed: ${run.stderr.toString()}`);
      copyMs = Math.min(copyMs, performance.now() - t0);
      await clear(bench, themeId);
    }
    const copyRate = ROWS / (copyMs / 1000);
    console.log(`  (a) psql \\copy submission FROM: ${fmt(copyMs)} = ${Math.round(copyRate).toLocaleString('en')} rows/s (best of 2)`);

    const rate = (ms: number) => ROWS / (ms / 1000);
    const csvRun = await importThroughJob(bench, themeId, csv, 'bench.csv');
    console.log(
      `  (b) CSV through the import job: ${fmt(csvRun.ms)} = ${Math.round(rate(csvRun.ms)).toLocaleString('en')} rows/s (${(rate(csvRun.ms) / copyRate).toFixed(2)} × COPY; target ≥ 0.3), peak RSS ${csvRun.peakMb.toFixed(0)} MB`,
    );
    const xlsxRun = await importThroughJob(bench, themeId, xlsx, 'bench.xlsx');
    console.log(
      `  (c) XLSX through the import job: ${fmt(xlsxRun.ms)} = ${Math.round(rate(xlsxRun.ms)).toLocaleString('en')} rows/s (${(rate(xlsxRun.ms) / copyRate).toFixed(2)} × COPY), peak RSS ${xlsxRun.peakMb.toFixed(0)} MB`,
    );
    spawnSync('rm', ['-f', copyPath, `/tmp/bench-impor-${process.pid}.xlsx`]);
  } finally {
    await tearDown(bench);
    spawnSync('rm', ['-rf', bench.dataDir]);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
