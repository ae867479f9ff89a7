import { Injectable } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BadRequest, NotFound, RegionOutOfScope, ValidationFailed } from '../../common/domain-error';
import { Page, toPage } from '../../common/pagination';
import { AuditService } from '../audit/audit.service';
import type { User } from '../users/user.entity';
import type { BulkRegionsDto } from './dto/bulk-regions.dto';
import type { CreateRegionDto } from './dto/create-region.dto';
import { DEMO_KELURAHAN, DEMO_LOCAL_REGIONS } from './demo-local-regions';
import { KnownRegion, PARENT_LEVEL, planRegionRows } from './region-bulk';
import { parseRegionFile } from './region-csv';
import type { Region, RegionLevel } from './region.entity';
import { RegionRepository, upsertRegions } from './region.repository';
import { isWithinRegion } from './region-scope';

export interface RegionView {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
}

export interface RegionWithPath extends RegionView {
  /** Ancestors from the top of the tree down to the parent. */
  path: RegionView[];
}

/** A child list may carry how many children each region has, so a tree can show which ones open. */
export interface RegionWithCount extends RegionView {
  childCount: number;
}

/** One region a bulk add made (or, on a dry run, would make); `row` is its index in the request. */
export interface BulkCreatedRegion extends KnownRegion {
  row: number;
}

const MAX_CHILDREN = 999;

export const KOTA_METRO_FILE = join(__dirname, 'data', 'wilayah-kota-metro.csv');

export function toRegionView(region: Region): RegionView {
  return { code: region.code, name: region.name, level: region.level, parentCode: region.parentCode };
}

/** '18.72.05.1001' → ['18', '18.72', '18.72.05']: codes are materialized paths. */
export function ancestorCodes(code: string): string[] {
  const parts = code.split('.');
  return parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join('.'));
}

@Injectable()
export class RegionsService {
  /**
   * Levels by code, kept for good: regions are added at run time but never deleted, and a code's
   * level never changes. Unknown codes are not kept (a region added a moment later must be found).
   */
  private readonly levels = new Map<string, RegionLevel>();

  constructor(
    private readonly regions: RegionRepository,
    private readonly audit: AuditService,
  ) {}

  /** Lampung → Kota Metro → 5 kecamatan → 22 kelurahan, from the file shipped in the repo. */
  async seedKotaMetro(): Promise<number> {
    const rows = parseRegionFile(readFileSync(KOTA_METRO_FILE, 'utf8'));
    return this.regions.transaction((manager) => upsertRegions(manager, rows));
  }

  /**
   * The demo RW/RT of Rejomulyo, only while Rejomulyo has no RW yet: the RW/RT an admin added there are
   * the real ones and are never renamed or joined by demo rows. Safe on every start.
   */
  async seedDemoLocalRegions(): Promise<number> {
    return this.regions.transaction(async (manager) => {
      if (await this.regions.hasChildren(manager, DEMO_KELURAHAN)) return 0;
      return upsertRegions(manager, DEMO_LOCAL_REGIONS);
    });
  }

  async children(parentCode: string | undefined, limit: number, cursor: string | null, withCounts = false): Promise<Page<RegionView | RegionWithCount>> {
    const found = await this.regions.children(parentCode || null, limit + 1, cursor);
    const page = toPage(found, limit, (region) => region.code);
    const items = page.items.map(toRegionView);
    if (!withCounts) return { items, nextCursor: page.nextCursor };
    const counts = await this.regions.childCounts(items.map((item) => item.code));
    return { items: items.map((item) => ({ ...item, childCount: counts.get(item.code) ?? 0 })), nextCursor: page.nextCursor };
  }

  async getWithPath(code: string): Promise<RegionWithPath> {
    const region = await this.regions.find(code);
    if (!region) throw new NotFound('Wilayah');
    const ancestors = await this.regions.findMany(ancestorCodes(code));
    const path = ancestors.sort((a, b) => a.code.length - b.code.length);
    return { ...toRegionView(region), path: path.map(toRegionView) };
  }

  /** A region that exists and lies in `scope`; otherwise 404, the same for both. */
  async getInScope(code: string, scope: string): Promise<Region> {
    const region = isWithinRegion(code, scope) ? await this.regions.find(code) : null;
    if (!region) throw new RegionOutOfScope(code);
    return region;
  }

  /** A region's level, null when no region has this code; from memory after the first read. */
  async level(code: string): Promise<RegionLevel | null> {
    const kept = this.levels.get(code);
    if (kept !== undefined) return kept;
    const level = await this.regions.level(code);
    if (level !== null) this.levels.set(code, level);
    return level;
  }

  /** The regions at `level` in the subtree of `scope` (an import template's dropdown). */
  atLevel(scope: string, level: RegionLevel): Promise<{ code: string; name: string }[]> {
    return this.regions.atLevel(scope, level);
  }

  /** Names by code, for answers that name regions; codes with no region are absent. */
  names(codes: string[]): Promise<Map<string, string>> {
    return codes.length ? this.regions.names([...new Set(codes)]) : Promise.resolve(new Map());
  }

  /**
   * Adds an RW, RT or dasawisma. Its code is the parent's code plus the next 3-digit number, taken
   * under a lock on the parent so two admins adding at once never get the same code.
   */
  async create(actor: User, input: CreateRegionDto): Promise<RegionView> {
    const parent = await this.getInScope(input.parentCode, actor.regionCode);
    const expected = PARENT_LEVEL[input.level];
    if (parent.level !== expected) {
      throw new BadRequest('INVALID_REGION_LEVEL', `${input.level} harus berada di bawah ${expected}, bukan ${parent.level}`);
    }
    return this.regions.transaction(async (manager) => {
      const next = await this.regions.nextChildNumber(manager, parent.code);
      if (next > MAX_CHILDREN) throw new BadRequest('REGION_LIMIT', `${parent.name} sudah punya 999 wilayah anak`);
      const code = `${parent.code}.${String(next).padStart(3, '0')}`;
      const region = await this.regions.insert(manager, { code, name: input.name.trim(), level: input.level, parentCode: parent.code });
      await this.audit.record(
        { actor, action: 'region.created', targetType: 'region', targetId: code, regionCode: code, details: { name: region.name, level: region.level } },
        manager,
      );
      return toRegionView(region);
    });
  }

  /**
   * Adds many RW, RT and dasawisma below `parentCode` in one go, all or none: every row is checked
   * first and every bad one named (422 with `errors` at `/rows/<index>/<column>`); codes are given
   * like `create` gives them, under the parents' locks. A dry run answers the same and adds nothing.
   */
  async bulkCreate(actor: User, input: BulkRegionsDto): Promise<{ dryRun: boolean; created: BulkCreatedRegion[] }> {
    const base = await this.getInScope(input.parentCode, actor.regionCode);
    if (!Object.values(PARENT_LEVEL).includes(base.level)) {
      throw new BadRequest('INVALID_REGION_LEVEL', `Di bawah ${base.level} tidak dapat ditambahkan RW, RT atau dasawisma`);
    }
    return this.regions.transaction(async (manager) => {
      const plan = planRegionRows(base, await this.regions.descendants(manager, base.code), input.rows);
      if (plan.errors.length) throw new ValidationFailed(plan.errors, 'Ada baris yang perlu diperbaiki; tidak ada wilayah yang ditambahkan');
      // Locks in code order, so two bulk adds touching the same parents never wait on each other in a circle.
      const existingParents = [...new Set(plan.planned.flatMap((row) => ('code' in row.parent ? [row.parent.code] : [])))].sort();
      const next = new Map<string, number>();
      for (const code of existingParents) next.set(code, await this.regions.nextChildNumber(manager, code));
      const codeOfRow = new Map<number, string>();
      const created = plan.planned.map((row): BulkCreatedRegion => {
        const parentCode = 'code' in row.parent ? row.parent.code : codeOfRow.get(row.parent.row)!;
        const number = next.get(parentCode) ?? 1;
        if (number > MAX_CHILDREN) {
          throw new ValidationFailed([{ path: `/rows/${row.row}/parent`, keyword: 'tooMany', message: `Sudah ada ${MAX_CHILDREN} wilayah di bawah induk ini` }]);
        }
        next.set(parentCode, number + 1);
        const code = `${parentCode}.${String(number).padStart(3, '0')}`;
        codeOfRow.set(row.row, code);
        return { row: row.row, code, name: row.name, level: row.level, parentCode };
      });
      if (input.dryRun) return { dryRun: true, created };
      await this.regions.insertMany(manager, created);
      await this.audit.recordMany(
        created.map((region) => ({
          actor,
          action: 'region.created',
          targetType: 'region',
          targetId: region.code,
          regionCode: region.code,
          details: { name: region.name, level: region.level },
        })),
        manager,
      );
      return { dryRun: false, created };
    });
  }
}
