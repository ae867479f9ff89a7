import type { RegionLevel } from '../../../api/types';
import type { SheetRows } from '../spreadsheet';

/** One row as POST /api/regions/bulk takes it. */
export interface BulkRegionRow {
  name: string;
  level: string;
  parent: string;
}

/** The rows to send and, for each, the line of the sheet it came from (for the report). */
export interface SheetRegionRows {
  rows: BulkRegionRow[];
  lines: number[];
}

/** The level a child of each level has; the levels an admin adds regions below. */
export const CHILD_LEVEL: Partial<Record<RegionLevel, RegionLevel>> = {
  kelurahan: 'rw',
  rw: 'rt',
  rt: 'dasawisma',
};
export const PARENT_LEVEL: Partial<Record<RegionLevel, RegionLevel>> = {
  rw: 'kelurahan',
  rt: 'rw',
  dasawisma: 'rt',
};

const HEADERS: Record<keyof BulkRegionRow, readonly string[]> = {
  name: ['nama', 'name', 'nama wilayah'],
  level: ['tingkat', 'level', 'jenis'],
  parent: ['induk', 'parent', 'di bawah'],
};

/** The template offered for download: an RW with two RTs and a dasawisma below one of them. */
export const TEMPLATE_CSV = 'nama,tingkat,induk\nRW 01,rw,\nRT 01,rt,RW 01\nRT 02,rt,RW 01\nDasawisma Melati,dasawisma,RW 01/RT 01\n';

/** "Dasa Wisma", "RT", " rw " → the API's level words; anything else is passed on for the server to name. */
function levelWord(cell: string): string {
  return cell.trim().toLowerCase().replace(/\s+/g, '');
}

/**
 * The sheet's rows under its header row (`nama, tingkat, induk`, in any order, Indonesian or English);
 * blank rows are skipped. Null when the first row names no `nama` or `tingkat` column.
 */
export function regionRowsOf(sheet: SheetRows): SheetRegionRows | null {
  const header = (sheet[0] ?? []).map((cell) => cell.trim().toLowerCase());
  const column = (key: keyof BulkRegionRow): number => header.findIndex((cell) => HEADERS[key].includes(cell));
  const [name, level, parent] = [column('name'), column('level'), column('parent')];
  if (name < 0 || level < 0) return null;
  const result: SheetRegionRows = { rows: [], lines: [] };
  sheet.slice(1).forEach((cells, index) => {
    if (cells.every((cell) => cell.trim() === '')) return;
    result.rows.push({
      name: (cells[name] ?? '').trim(),
      level: levelWord(cells[level] ?? ''),
      parent: parent < 0 ? '' : (cells[parent] ?? '').trim(),
    });
    result.lines.push(index + 2);
  });
  return result;
}
