import { randomUUID } from 'node:crypto';
import { periodKeyAt } from '../../../server/src/modules/submissions/period';
import type { ThemeDefinition } from '../../../server/src/modules/themes/theme-definition';
import type { TestApp } from '../../support/test-app';

export const KOTA_METRO = '18.72';
export const METRO_PUSAT = '18.72.01';
export const METRO_SELATAN = '18.72.05';
export const REJOMULYO = '18.72.05.1001';
export const MARGOREJO = '18.72.05.1002';

let themes = 0;

/**
 * A small valid definition of a monthly record theme filled per kelurahan: `nama` and `jumlah`
 * required, the rest optional, one count and one sum. Tests change one thing each.
 */
export function makeTheme(change?: (definition: ThemeDefinition) => void): ThemeDefinition {
  const definition: ThemeDefinition = {
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
  };
  change?.(definition);
  return definition;
}

/** POST /api/themes then publish; returns the slug. Fails the test on any other answer. */
export async function publishTheme(t: TestApp, auth: string, definition: ThemeDefinition): Promise<string> {
  const created = await t.http().post('/api/themes').set('Authorization', auth).send(definition);
  if (created.status !== 201) throw new Error(`create ${definition.slug}: ${created.status} ${created.text}`);
  const published = await t.http().post(`/api/themes/${definition.slug}/publish`).set('Authorization', auth);
  if (published.status !== 201) throw new Error(`publish ${definition.slug}: ${published.status} ${published.text}`);
  return definition.slug;
}

export interface SubmissionBody {
  id: string;
  regionCode: string;
  period?: string;
  version?: number;
  data: Record<string, unknown>;
  replaces?: string;
  test?: boolean;
}

export function makeSubmission(regionCode: string, data: Record<string, unknown>, extra: Partial<SubmissionBody> = {}): SubmissionBody {
  return { id: randomUUID(), regionCode, data, ...extra };
}

/** Valid data for the built-in `covid-harian` (report, day, kelurahan). */
export function covidData(konfirmasiBaru = 2): Record<string, unknown> {
  return { suspek: 4, konfirmasi_baru: konfirmasiBaru, sembuh: 1, meninggal: 0, isolasi_mandiri: 7 };
}

export function postSubmission(t: TestApp, auth: string, slug: string, body: SubmissionBody) {
  return t.http().post(`/api/themes/${slug}/submissions`).set('Authorization', auth).send(body);
}

/** The WIB day `days` before today, e.g. `2026-11-25`: always a period that has started. */
export function dayKey(days: number): string {
  return periodKeyAt('day', new Date(Date.now() - days * 24 * 3600_000));
}
