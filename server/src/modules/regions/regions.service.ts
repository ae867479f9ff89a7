import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { BadRequest, NotFound, RegionOutOfScope } from '../../common/domain-error';
import { Page, toPage } from '../../common/pagination';
import { AuditService } from '../audit/audit.service';
import type { User } from '../users/user.entity';
import type { CreateRegionDto } from './dto/create-region.dto';
import { parseRegionFile, RegionRow, sortParentsFirst } from './region-csv';
import { Region, RegionLevel } from './region.entity';
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

/** The level a locally added region must sit under. */
const PARENT_LEVEL: Partial<Record<RegionLevel, RegionLevel>> = { rw: 'kelurahan', rt: 'rw', dasawisma: 'rt' };
const IMPORT_BATCH = 5000;

export const KOTA_METRO_FILE = join(__dirname, 'data', 'wilayah-kota-metro.csv');

export function toRegionView(region: Region): RegionView {
  return { code: region.code, name: region.name, level: region.level, parentCode: region.parentCode };
}

/** '18.72.05.1001' → ['18', '18.72', '18.72.05']: codes are materialized paths. */
export function ancestorCodes(code: string): string[] {
  const parts = code.split('.');
  return parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join('.'));
}

/** Upserts rows in batches, parents first; re-running the same file changes nothing. */
export async function upsertRegions(manager: EntityManager, rows: RegionRow[]): Promise<number> {
  const sorted = sortParentsFirst(rows);
  for (let start = 0; start < sorted.length; start += IMPORT_BATCH) {
    const batch = sorted.slice(start, start + IMPORT_BATCH);
    await manager.query(
      `INSERT INTO region (code, name, level, parent_code)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, level = EXCLUDED.level, parent_code = EXCLUDED.parent_code
       WHERE (region.name, region.level, region.parent_code) IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.level, EXCLUDED.parent_code)`,
      [batch.map((r) => r.code), batch.map((r) => r.name), batch.map((r) => r.level), batch.map((r) => r.parentCode)],
    );
  }
  return sorted.length;
}

@Injectable()
export class RegionsService {
  constructor(
    @InjectRepository(Region) private readonly regions: Repository<Region>,
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Lampung → Kota Metro → 5 kecamatan → 22 kelurahan, from the file shipped in the repo. */
  async seedKotaMetro(): Promise<number> {
    const rows = parseRegionFile(readFileSync(KOTA_METRO_FILE, 'utf8'));
    return this.dataSource.transaction((manager) => upsertRegions(manager, rows));
  }

  async children(parentCode: string | undefined, limit: number, cursor: string | null): Promise<Page<RegionView>> {
    const query = this.regions.createQueryBuilder('r').orderBy('r.code', 'ASC').limit(limit + 1);
    if (parentCode === undefined || parentCode === '') query.where('r.parent_code IS NULL');
    else query.where('r.parent_code = :parentCode', { parentCode });
    if (cursor !== null) query.andWhere('r.code > :cursor', { cursor });
    const page = toPage(await query.getMany(), limit, (region) => region.code);
    return { items: page.items.map(toRegionView), nextCursor: page.nextCursor };
  }

  async getWithPath(code: string): Promise<RegionWithPath> {
    const region = await this.regions.findOneBy({ code });
    if (!region) throw new NotFound('Wilayah');
    const ancestors = await this.regions.createQueryBuilder('r').where('r.code IN (:...codes)', { codes: ancestorCodes(code).concat([code]) }).getMany();
    const path = ancestors.filter((r) => r.code !== code).sort((a, b) => a.code.length - b.code.length);
    return { ...toRegionView(region), path: path.map(toRegionView) };
  }

  /** A region that exists and lies in `scope`; otherwise 404, the same for both. */
  async getInScope(code: string, scope: string): Promise<Region> {
    const region = isWithinRegion(code, scope) ? await this.regions.findOneBy({ code }) : null;
    if (!region) throw new RegionOutOfScope(code);
    return region;
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
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`region:${parent.code}`]);
      const [{ next }] = (await manager.query(
        `SELECT coalesce(max(split_part(substr(code, length($1) + 2), '.', 1)::int), 0) + 1 AS next
         FROM region WHERE parent_code = $1`,
        [parent.code],
      )) as { next: number }[];
      if (next > 999) throw new BadRequest('REGION_LIMIT', `${parent.name} sudah punya 999 wilayah anak`);
      const code = `${parent.code}.${String(next).padStart(3, '0')}`;
      const region = await manager.getRepository(Region).save({ code, name: input.name.trim(), level: input.level, parentCode: parent.code });
      await this.audit.record(
        { actor, action: 'region.created', targetType: 'region', targetId: code, regionCode: code, details: { name: region.name, level: region.level } },
        manager,
      );
      return toRegionView(region);
    });
  }
}
