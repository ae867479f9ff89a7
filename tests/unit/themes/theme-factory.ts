import { readFileSync, readdirSync } from 'fs';
import { join } from 'path';
import type { ThemeDefinition } from '../../../server/src/modules/themes/theme-definition';

export const REPO_ROOT = join(__dirname, '..', '..', '..');
const THEMES_DIR = join(REPO_ROOT, 'schemas', 'themes');
const FIXTURES_DIR = join(REPO_ROOT, 'tests', 'fixtures', 'themes');

export function builtInSlugs(): string[] {
  return readdirSync(THEMES_DIR)
    .filter((name) => name.endsWith('.json'))
    .map((name) => name.replace(/\.json$/, ''))
    .sort();
}

export function loadBuiltIn(slug: string): ThemeDefinition {
  return JSON.parse(readFileSync(join(THEMES_DIR, `${slug}.json`), 'utf8')) as ThemeDefinition;
}

export function loadFixture(slug: string, kind: 'valid' | 'invalid'): unknown {
  return JSON.parse(readFileSync(join(FIXTURES_DIR, `${slug}.${kind}.json`), 'utf8'));
}

/** A small, valid definition touching every part of the format; tests change one thing each. */
export function makeDefinition(change?: (definition: ThemeDefinition) => void): ThemeDefinition {
  const definition: ThemeDefinition = {
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
  };
  change?.(definition);
  return definition;
}
