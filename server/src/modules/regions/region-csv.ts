import type { RegionLevel } from './region.entity';

/** One row of a Kemendagri region file: `kode,nama,tingkat,kode_induk`. */
export interface RegionRow {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
}

const LEVEL_OF_TINGKAT: Record<string, RegionLevel> = {
  provinsi: 'provinsi',
  kabupaten_kota: 'kota',
  kecamatan: 'kecamatan',
  desa_kelurahan: 'kelurahan',
};

/** RFC 4180 fields: quoted fields may hold commas, quotes ("") and newlines. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let field = '';
  let row: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.length > 1 || r[0] !== '');
}

export class RegionFileError extends Error {}

/** Parses and checks a whole file before anything is written, so a bad file changes nothing. */
export function parseRegionFile(text: string): RegionRow[] {
  const [header, ...rows] = parseCsv(text.replace(/^\uFEFF/, ''));
  if (header?.join(',') !== 'kode,nama,tingkat,kode_induk') {
    throw new RegionFileError('header must be: kode,nama,tingkat,kode_induk');
  }
  return rows.map((cells, index) => {
    const line = index + 2;
    if (cells.length !== 4) throw new RegionFileError(`line ${line}: expected 4 fields, got ${cells.length}`);
    const [code, name, tingkat, parent] = cells.map((cell) => cell.trim());
    if (!/^\d+(\.\d+)*$/.test(code)) throw new RegionFileError(`line ${line}: bad kode "${code}"`);
    const level = LEVEL_OF_TINGKAT[tingkat];
    if (!level) throw new RegionFileError(`line ${line}: unknown tingkat "${tingkat}"`);
    if (!name) throw new RegionFileError(`line ${line}: empty nama`);
    const parentCode = parent === '' ? null : parent;
    if (parentCode !== null && !code.startsWith(`${parentCode}.`)) {
      throw new RegionFileError(`line ${line}: kode ${code} is not under kode_induk ${parentCode}`);
    }
    return { code, name, level, parentCode };
  });
}

/** Parents before children, so each batch satisfies the foreign key. */
export function sortParentsFirst(rows: RegionRow[]): RegionRow[] {
  const depth = (code: string) => code.split('.').length;
  return [...rows].sort((a, b) => depth(a.code) - depth(b.code) || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}
