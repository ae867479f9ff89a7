import type { FieldError } from '../../common/domain-error';
import { LOCAL_LEVELS, type RegionLevel } from './region.entity';

/** The level a locally added region must sit under. */
export const PARENT_LEVEL: Partial<Record<RegionLevel, RegionLevel>> = { rw: 'kelurahan', rt: 'rw', dasawisma: 'rt' };

const LEVEL_WORD: Record<RegionLevel, string> = {
  provinsi: 'provinsi',
  kota: 'kota',
  kecamatan: 'kecamatan',
  kelurahan: 'kelurahan',
  rw: 'RW',
  rt: 'RT',
  dasawisma: 'dasawisma',
};

export interface KnownRegion {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
}

/** A row that passed: its parent is an existing region (`parentCode`) or an earlier row (`parentRow`). */
export interface PlannedRegion {
  row: number;
  name: string;
  level: RegionLevel;
  parent: { code: string } | { row: number };
}

export interface RegionPlan {
  planned: PlannedRegion[];
  errors: FieldError[];
}

/** Names compare without case and extra spaces: "rw  03" is the same RW as "RW 03". */
const nameKey = (name: string): string => name.trim().replace(/\s+/g, ' ').toLowerCase();

/** A node of the tree as the plan sees it: an existing region or a planned row. */
type Node = { code: string; level: RegionLevel; name: string } | { row: number; level: RegionLevel; name: string };
const nodeId = (node: Node): string => ('code' in node ? node.code : `#${node.row}`);

/** What is wrong with a row's own cells, `path` naming the column. */
function fieldErrors(name: string, level: unknown, parent: unknown): FieldError[] {
  const found: FieldError[] = [];
  if (!name) found.push({ path: 'name', keyword: 'required', message: 'Nama wajib diisi' });
  else if (name.length > 120) found.push({ path: 'name', keyword: 'maxLength', message: 'Nama paling panjang 120 huruf' });
  else if (name.includes('/')) found.push({ path: 'name', keyword: 'pattern', message: 'Nama tidak boleh memuat garis miring (/)' });
  if (typeof level !== 'string' || !LOCAL_LEVELS.includes(level as RegionLevel)) {
    found.push({ path: 'level', keyword: 'enum', message: 'Tingkat harus rw, rt atau dasawisma' });
  }
  if (typeof parent !== 'string') found.push({ path: 'parent', keyword: 'type', message: 'Induk harus berupa teks' });
  return found;
}

/**
 * Checks rows to add below `base` one by one, against the regions already there (`existing`, every
 * region below `base`) and the rows before it, and reports every bad row with its column. Pure: codes
 * are given later, under the parents' locks.
 */
export function planRegionRows(base: KnownRegion, existing: KnownRegion[], rows: unknown[]): RegionPlan {
  const children = new Map<string, Map<string, Node>>();
  const addChild = (parentId: string, node: Node): void => {
    const siblings = children.get(parentId) ?? new Map<string, Node>();
    siblings.set(nameKey(node.name), node);
    children.set(parentId, siblings);
  };
  for (const region of existing) if (region.parentCode) addChild(region.parentCode, region);

  const planned: PlannedRegion[] = [];
  const errors: FieldError[] = [];
  rows.forEach((raw, row) => {
    const problem = (column: string, keyword: string, message: string): void => {
      errors.push({ path: `/rows/${row}/${column}`, keyword, message });
    };
    const input = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
    const name = typeof input.name === 'string' ? input.name.trim().replace(/\s+/g, ' ') : '';
    const fieldProblems = fieldErrors(name, input.level, input.parent ?? '');
    if (fieldProblems.length) {
      errors.push(...fieldProblems.map((found) => ({ ...found, path: `/rows/${row}/${found.path}` })));
      return;
    }
    const parentPath = (input.parent ?? '') as string;
    const level = input.level as RegionLevel;

    let parent: Node = base;
    for (const segment of parentPath.split('/').map((part) => part.trim()).filter(Boolean)) {
      const found: Node | undefined = children.get(nodeId(parent))?.get(nameKey(segment));
      if (!found) return problem('parent', 'parentMissing', `Induk "${segment}" tidak ditemukan di bawah ${parent.name}`);
      parent = found;
    }
    const expected = PARENT_LEVEL[level]!;
    if (parent.level !== expected) {
      return problem('level', 'parentLevel', `${LEVEL_WORD[level]} harus berada di bawah ${LEVEL_WORD[expected]}, bukan ${LEVEL_WORD[parent.level]} ${parent.name}`);
    }
    if (children.get(nodeId(parent))?.has(nameKey(name))) return problem('name', 'duplicate', `${name} sudah ada di bawah ${parent.name}`);
    addChild(nodeId(parent), { row, level, name });
    planned.push({ row, name, level, parent: 'code' in parent ? { code: parent.code } : { row: parent.row } });
  });
  return { planned, errors };
}
