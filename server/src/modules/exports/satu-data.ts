import type { AggregateItem } from '../aggregation/aggregation.service';
import { REGION_LEVELS, RegionLevel } from '../regions/region.entity';
import type { Aggregation } from '../../../../schemas/theme-definition';
import type { TableColumn, TableValue } from './table-writers';

/**
 * The Satu Data long format: one row per value, the Kemendagri code and name of every level from the
 * province down to the row's own (empty below it), then the period, the indicator and its value. A
 * query below kelurahan level (RW, RT, dasawisma have no Kemendagri code) adds the row's own region.
 */

/** The Kemendagri levels and the column names that carry them. */
const KEMENDAGRI: { level: RegionLevel; column: string }[] = [
  { level: 'provinsi', column: 'provinsi' },
  { level: 'kota', column: 'kabupaten_kota' },
  { level: 'kecamatan', column: 'kecamatan' },
  { level: 'kelurahan', column: 'desa_kelurahan' },
];

export const SUPPRESSED_NOTE = 'disensor';

/** Codes of the Kemendagri levels, then names: `kode_provinsi, nama_provinsi, …`. */
export const REGION_COLUMNS: TableColumn[] = KEMENDAGRI.flatMap(({ column }) => [
  { name: `kode_${column}`, text: true, shared: true },
  { name: `nama_${column}`, shared: true },
]);

/** Own-region columns, for levels below kelurahan. */
export const OWN_REGION_COLUMNS: TableColumn[] = [
  { name: 'kode_wilayah', text: true, shared: true },
  { name: 'nama_wilayah', shared: true },
];

export function belowKelurahan(level: RegionLevel): boolean {
  return REGION_LEVELS.indexOf(level) > REGION_LEVELS.indexOf('kelurahan');
}

export function satuDataColumns(level: RegionLevel): TableColumn[] {
  return [
    ...REGION_COLUMNS,
    { name: 'periode', text: true, shared: true },
    { name: 'tahun' },
    { name: 'indikator', text: true, shared: true },
    { name: 'nama_indikator', shared: true },
    { name: 'kelompok', shared: true },
    { name: 'nilai' },
    { name: 'satuan', shared: true },
    { name: 'keterangan', shared: true },
    ...(belowKelurahan(level) ? OWN_REGION_COLUMNS : []),
  ];
}

/** '18.72.05.1001.002' → its code at `depth` parts ('18.72.05' at 3), null when it has fewer. */
function codeAt(code: string, depth: number): string | null {
  const parts = code.split('.');
  return parts.length >= depth ? parts.slice(0, depth).join('.') : null;
}

/** Every code the region columns of these rows name (the rows' own and their ancestors'). */
export function regionCodesOf(regionCodes: readonly string[]): string[] {
  const codes = new Set<string>();
  for (const code of regionCodes) {
    const parts = code.split('.');
    for (let depth = 1; depth <= parts.length; depth++) codes.add(parts.slice(0, depth).join('.'));
  }
  return [...codes];
}

/** The region columns of one row (see REGION_COLUMNS, then OWN_REGION_COLUMNS when asked). */
export function regionValues(regionCode: string, names: ReadonlyMap<string, string>, withOwn: boolean): TableValue[] {
  const values: TableValue[] = [];
  KEMENDAGRI.forEach((_, index) => {
    const code = codeAt(regionCode, index + 1);
    values.push(code, code === null ? null : (names.get(code) ?? null));
  });
  if (withOwn) values.push(regionCode, names.get(regionCode) ?? null);
  return values;
}

/** The year of a period key; none for a theme without periods (`all`). */
export function yearOf(periodKey: string): number | null {
  return /^\d{4}/.test(periodKey) ? Number(periodKey.slice(0, 4)) : null;
}

/** A group's value as a cell: text as it is, numbers as numbers, true/false as text. */
function groupValue(group: AggregateItem['group']): TableValue {
  if (group === null) return null;
  return typeof group === 'number' ? group : String(group);
}

/** One Satu Data row of an aggregate item. */
export function satuDataRow(item: AggregateItem, aggregation: Aggregation, names: ReadonlyMap<string, string>): TableValue[] {
  const periodKey = item.periodKey;
  return [
    ...regionValues(item.regionCode, names, false),
    periodKey,
    yearOf(periodKey),
    item.measure,
    aggregation.title,
    groupValue(item.group),
    item.suppressed ? null : item.value,
    aggregation.satuan ?? null,
    item.suppressed ? SUPPRESSED_NOTE : null,
    ...(belowKelurahan(item.level) ? [item.regionCode, names.get(item.regionCode) ?? null] : []),
  ];
}

export const METADATA_COLUMNS: TableColumn[] = [
  { name: 'indikator', text: true },
  { name: 'nama_indikator' },
  { name: 'konsep' },
  { name: 'definisi' },
  { name: 'rumus' },
  { name: 'satuan' },
  { name: 'sumber' },
];

/** The metadata sheet: each indicator's Satu Data metadata. */
export function metadataRows(aggregations: readonly Aggregation[]): TableValue[][] {
  return aggregations.map((a) => [a.key, a.title, a.konsep ?? null, a.definisi ?? a.description ?? null, a.rumus ?? null, a.satuan ?? null, a.sumber ?? null]);
}
