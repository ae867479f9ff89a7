import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ThemeDefinition } from '../../schemas/theme-definition';
import { REPO_ROOT } from './paths';

/**
 * The theme definitions tests start from, typed as the server reads them. Each variant is small and
 * valid; a test changes the one thing it is about with `change`, which edits the definition in place.
 * Reading files only, so unit and client tests can use it too (publishing is `publishTheme`, test-app.ts).
 */
export type ThemeChange = (definition: ThemeDefinition) => void;

let themes = 0;

function changed(definition: ThemeDefinition, change?: ThemeChange): ThemeDefinition {
  change?.(definition);
  return definition;
}

/**
 * A monthly record theme filled per kelurahan: `nama` and `jumlah` required, the rest optional, one
 * count and one sum. Its slug is new on every call, so any number of them can be created in one database.
 */
export function makeTheme(change?: ThemeChange): ThemeDefinition {
  return changed(
    {
      slug: `uji-${process.pid}-${++themes}`,
      title: 'Tematik uji',
      unit: 'record',
      regionLevel: 'kelurahan',
      period: 'month',
      sensitivity: 'public',
      schema: {
        type: 'object',
        required: ['nama', 'jumlah'],
        additionalProperties: false,
        properties: {
          nama: { type: 'string', title: 'Nama', minLength: 1, maxLength: 100 },
          jumlah: { type: 'integer', title: 'Jumlah', minimum: 0, maximum: 1000 },
          kategori: { type: 'string', title: 'Kategori', enum: ['a', 'b'] },
          catatan: { type: 'string', title: 'Catatan', maxLength: 500 },
        },
      },
      uiSchema: { 'ui:order': ['nama', 'jumlah', 'kategori', 'catatan'] },
      aggregations: [
        { key: 'banyak', title: 'Banyak catatan', op: 'count' },
        { key: 'total_jumlah', title: 'Total jumlah', op: 'sum', field: '/jumlah' },
      ],
    },
    change,
  );
}

/** A daily record theme for the aggregation tests, under `slug`: every op, groupBy, where, ratio and overTime. */
export function aggregationTheme(slug: string, change?: ThemeChange): ThemeDefinition {
  return changed(
    {
      slug,
      title: 'Uji agregasi',
      unit: 'record',
      regionLevel: 'kelurahan',
      period: 'day',
      sensitivity: 'public',
      schema: {
        type: 'object',
        required: ['jumlah', 'kategori'],
        additionalProperties: false,
        properties: {
          jumlah: { type: 'integer', title: 'Jumlah', minimum: 0, maximum: 1000 },
          tinggi: { type: 'number', title: 'Tinggi', minimum: 0, maximum: 300 },
          kategori: { type: 'string', title: 'Kategori', enum: ['a', 'b', 'c'] },
          aktif: { type: 'boolean', title: 'Aktif' },
          stok: { type: 'integer', title: 'Stok', minimum: 0, maximum: 1000 },
        },
      },
      aggregations: [
        { key: 'banyak', title: 'Banyak catatan', op: 'count' },
        { key: 'per_kategori', title: 'Menurut kategori', op: 'count', groupBy: '/kategori' },
        { key: 'jumlah', title: 'Jumlah', op: 'sum', field: '/jumlah' },
        { key: 'rata_tinggi', title: 'Rata-rata tinggi', op: 'avg', field: '/tinggi' },
        { key: 'min_tinggi', title: 'Tinggi terendah', op: 'min', field: '/tinggi' },
        { key: 'max_tinggi', title: 'Tinggi tertinggi', op: 'max', field: '/tinggi' },
        { key: 'besar', title: 'Catatan dengan jumlah ≥ 5', op: 'count', where: { '/jumlah': { gte: 5 } } },
        { key: 'ab', title: 'Kategori a atau b', op: 'count', where: { '/kategori': { in: ['a', 'b'] } } },
        { key: 'persen_aktif', title: 'Aktif (%)', op: 'ratio', numerator: { where: { '/aktif': { eq: true } } }, denominator: {}, scale: 100 },
        { key: 'jumlah_per_tinggi', title: 'Jumlah per tinggi', op: 'ratio', numerator: { field: '/jumlah' }, denominator: { field: '/tinggi' } },
        { key: 'stok', title: 'Stok (terakhir)', op: 'sum', field: '/stok', overTime: 'last' },
        { key: 'stok_rata', title: 'Stok (rata-rata per hari)', op: 'sum', field: '/stok', overTime: 'avg' },
        { key: 'aktif_per_kategori', title: 'Aktif menurut kategori (%)', op: 'ratio', groupBy: '/kategori', numerator: { where: { '/aktif': { eq: true } } }, denominator: {}, scale: 100 },
      ],
    },
    change,
  );
}

/**
 * A definition touching every part of the format — personal fields, widgets, a nested object, a
 * ratio, a reminder — for the checks that need no database. Always slug `uji-coba`, so that two of
 * them compare as versions of one theme.
 */
export function completeTheme(change?: ThemeChange): ThemeDefinition {
  return changed(
    {
      slug: 'uji-coba',
      title: 'Uji coba',
      unit: 'record',
      regionLevel: 'kelurahan',
      period: 'month',
      sensitivity: 'personal',
      personalFields: ['/nama'],
      schema: {
        type: 'object',
        required: ['nama', 'jumlah'],
        additionalProperties: false,
        properties: {
          nama: { type: 'string', title: 'Nama', maxLength: 100 },
          jumlah: { type: 'integer', title: 'Jumlah', minimum: 0, maximum: 1000 },
          berat: { type: 'number', title: 'Berat (kg)', minimum: 0, maximum: 200 },
          kategori: { type: 'string', title: 'Kategori', enum: ['a', 'b'] },
          aktif: { type: 'boolean', title: 'Aktif' },
          tanggal: { type: 'string', title: 'Tanggal', format: 'date' },
          lokasi: {
            type: 'object',
            title: 'Lokasi',
            properties: { lat: { type: 'number', title: 'Lintang' }, lon: { type: 'number', title: 'Bujur' } },
          },
        },
      },
      uiSchema: {
        'ui:order': ['nama', 'jumlah', 'berat', 'kategori', 'aktif', 'tanggal', 'lokasi'],
        aktif: { 'ui:widget': 'radio' },
        lokasi: { 'ui:widget': 'gps', lat: { 'ui:help': 'Lintang' } },
      },
      aggregations: [
        { key: 'jumlah_total', title: 'Jumlah total', op: 'sum', field: '/jumlah' },
        { key: 'per_kategori', title: 'Menurut kategori', op: 'count', groupBy: '/kategori' },
        {
          key: 'persen_aktif',
          title: 'Aktif (%)',
          op: 'ratio',
          numerator: { where: { '/aktif': { eq: true } } },
          denominator: {},
          scale: 100,
        },
      ],
      reminders: [{ key: 'bulanan', cron: '0 8 5 * *', audience: 'kader', when: 'always' }],
    },
    change,
  );
}

const THEMES_DIR = join(REPO_ROOT, 'schemas', 'themes');
const FIXTURES_DIR = join(REPO_ROOT, 'tests', 'fixtures', 'themes');

/** The built-in tematik (schemas/themes/), by file name, sorted. */
export function builtInSlugs(): string[] {
  return readdirSync(THEMES_DIR)
    .filter((name) => name.endsWith('.json'))
    .map((name) => name.replace(/\.json$/, ''))
    .sort();
}

export function loadBuiltIn(slug: string): ThemeDefinition {
  return JSON.parse(readFileSync(join(THEMES_DIR, `${slug}.json`), 'utf8')) as ThemeDefinition;
}

/**
 * A daily report per kelurahan made like the built-in covid-harian (its fields, measures, due time and
 * reminders), for tests whose point needs a kelurahan-level daily theme: covid-harian itself is kept
 * per RT, and only Rejomulyo has RTs in the seed. Its data is `covidData()`.
 */
export function dailyKelurahanTheme(slug = 'harian-kelurahan', change?: ThemeChange): ThemeDefinition {
  const covid = loadBuiltIn('covid-harian');
  return makeTheme((d) => {
    Object.assign(d, covid, { slug, regionLevel: 'kelurahan', alerts: (covid.alerts ?? []).filter((rule) => rule.level !== 'rt') });
    change?.(d);
  });
}

/**
 * A fixture's kind: `valid` and `invalid` exist for every built-in; a built-in whose form branches
 * (a field asked only on a condition, a list of rows) adds `valid-<case>` and `invalid-<case>` files
 * for the other paths.
 */
export type FixtureKind = 'valid' | 'invalid' | `valid-${string}` | `invalid-${string}`;

/** tests/fixtures/themes/: data a built-in accepts (`valid…`) or refuses (`invalid…`), shared with the client tests. */
export function loadFixture(slug: string, kind: FixtureKind): Record<string, unknown> {
  return JSON.parse(readFileSync(join(FIXTURES_DIR, `${slug}.${kind}.json`), 'utf8')) as Record<string, unknown>;
}

/** The extra cases of a built-in (`<slug>.valid-<case>.json` or `<slug>.invalid-<case>.json`), by kind, sorted. */
export function fixtureCases(slug: string, kind: 'valid' | 'invalid'): FixtureKind[] {
  const prefix = `${slug}.${kind}-`;
  return readdirSync(FIXTURES_DIR)
    .filter((name) => name.startsWith(prefix) && name.endsWith('.json'))
    .map((name) => name.slice(slug.length + 1, -'.json'.length) as FixtureKind)
    .sort();
}

/**
 * Why each built-in's invalid fixture must fail: the one field a kader would have to fix, and what
 * they read about it in Bahasa Indonesia and in English (the server's 422 and the form alike).
 */
export const INVALID_FIXTURES: Record<string, { path: string; keyword: string; id: string; en: string }> = {
  'arseti': {
    path: '/terakhir_disedot',
    keyword: 'format',
    id: 'Tanggal terakhir tangki septik disedot harus tanggal yang benar',
    en: 'Date the septic tank was last emptied must be a valid date',
  },
  'covid-harian': { path: '/konfirmasi_baru', keyword: 'minimum', id: 'Kasus konfirmasi baru paling sedikit 0', en: 'New confirmed cases must be at least 0' },
  'dasawisma-rekap': { path: '/jumlah_kk', keyword: 'required', id: 'Jumlah kepala keluarga (KK) wajib diisi', en: 'Fill in Heads of family (KK)' },
  'kemiskinan': { path: '/desil', keyword: 'maximum', id: 'Desil kesejahteraan harus angka 1–10', en: 'Welfare decile must be a number from 1 to 10' },
  'kwt': { path: '/komoditas', keyword: 'enum', id: 'Pilih salah satu Komoditas utama', en: 'Choose one of the options for Main commodity' },
  'posyandu': { path: '/foto', keyword: 'format', id: 'Unggah ulang Foto kegiatan', en: 'Upload Photo of the activity again' },
  'stbm': {
    path: '/stop_babs',
    keyword: 'type',
    id: 'Pilih Ya atau Tidak untuk Pilar 1: Stop buang air besar sembarangan',
    en: 'Choose Yes or No for Pillar 1: Stop open defecation',
  },
  'stunting': {
    path: '/umur_hari',
    keyword: 'maximum',
    id: 'Umur paling banyak 5 tahun: formulir ini untuk balita',
    en: 'Age can be at most 5 years: this form is for children under five',
  },
  'umkm': { path: '/nik_pemilik', keyword: 'pattern', id: 'NIK pemilik harus 16 angka', en: "Owner's NIK must be 16 digits" },
  'up2k': { path: '/aktif', keyword: 'required', id: 'Pilih Ya atau Tidak untuk Kelompok masih aktif berusaha', en: 'Choose Yes or No for Group still in business' },
};

/**
 * Why each extra invalid fixture (`<slug>.invalid-<case>.json`) must fail, keyed `<slug>.<kind>`:
 * the path a branch of the form makes wrong (a field its condition requires, a row of a list).
 */
export const INVALID_CASES: Record<string, { path: string; keyword: string; id: string; en: string }> = {
  'dasawisma-rekap.invalid-rumah-tangga': {
    path: '/rumah_tangga/1/nama_krt',
    keyword: 'required',
    id: 'Nama kepala rumah tangga (Daftar rumah tangga ke-2) wajib diisi',
    en: 'Fill in Name of the head of household (List of households no. 2)',
  },
  'umkm.invalid-tanpa-nib': { path: '/nib', keyword: 'required', id: 'Isi NIB: usaha ini sudah memiliki NIB', en: 'Fill in the NIB: this business has one' },
};
