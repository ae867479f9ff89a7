import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, IsNull, MoreThan, Repository } from 'typeorm';
import { firstRow, preparedRows, rows, SqlParams } from '../../database/sql';
import type { KnownRegion } from './region-bulk';
import { RegionRow, sortParentsFirst } from './region-csv';
import { Region, RegionLevel } from './region.entity';

const IMPORT_BATCH = 5000;

/**
 * SQL for "column is in the subtree of `param`": a range on the "C"-collated code, so it is one
 * index scan ('/' is the character right after '.').
 */
export function subtreeCondition(column: string, param: string): string {
  return `(${column} = ${param} OR (${column} > (${param} || '.') COLLATE "C" AND ${column} < (${param} || '/') COLLATE "C"))`;
}

/** SQL for the name of the region whose code is `codeExpression` (null when there is none). */
export function regionNameSql(codeExpression: string): string {
  return `(SELECT r.name FROM region r WHERE r.code = ${codeExpression})`;
}

/** The regions at `level` in the subtree of `scope` (every one when `scope` is null), as `code, name`. */
export function regionsAtLevelSql(params: SqlParams, level: string, scope: string | null): string {
  const scopeParam = params.add(scope, 'text');
  return `SELECT r.code, r.name FROM region r
    WHERE r.level = ${params.add(level, 'text')} AND (${scopeParam} IS NULL OR ${subtreeCondition('r.code', scopeParam)})`;
}

/**
 * A recursive CTE `wk_paths(code, codes, names)`: every region in the subtree of `scope` (an SQL
 * expression) with the codes and names of its path from the top, itself included — `codes[1]` is its
 * province, `codes[4]` its kelurahan. Only the path to `scope` and its subtree are walked.
 */
export function regionPathsCte(scope: string): string {
  return `wk_paths(code, codes, names) AS (
    SELECT r.code, ARRAY[r.code::text], ARRAY[r.name] FROM region r
    WHERE r.parent_code IS NULL AND (${subtreeCondition('r.code', scope)} OR ${subtreeCondition(scope, 'r.code')})
    UNION ALL
    SELECT c.code, p.codes || c.code::text, p.names || c.name FROM region c JOIN wk_paths p ON c.parent_code = p.code
    WHERE ${subtreeCondition('c.code', scope)} OR ${subtreeCondition(scope, 'c.code')}
  )`;
}

/** Upserts rows in batches, parents first; re-running the same file changes nothing. */
export async function upsertRegions(manager: EntityManager, regions: RegionRow[]): Promise<number> {
  const sorted = sortParentsFirst(regions);
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

/** `region`: the Kemendagri tree and the RW/RT/dasawisma admins add below it. */
@Injectable()
export class RegionRepository {
  constructor(
    @InjectRepository(Region) private readonly regions: Repository<Region>,
    private readonly dataSource: DataSource,
  ) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  find(code: string): Promise<Region | null> {
    return this.regions.findOneBy({ code });
  }

  findMany(codes: string[]): Promise<Region[]> {
    return codes.length ? this.regions.findBy({ code: In(codes) }) : Promise.resolve([]);
  }

  /** Children of `parentCode` (top level when null) after `afterCode`, in code order. */
  children(parentCode: string | null, limit: number, afterCode: string | null): Promise<Region[]> {
    return this.regions.find({
      where: { parentCode: parentCode ?? IsNull(), ...(afterCode !== null && { code: MoreThan(afterCode) }) },
      order: { code: 'ASC' },
      take: limit,
    });
  }

  /** The submission path's read: one prepared statement, no TypeORM. */
  async level(code: string): Promise<RegionLevel | null> {
    const [row] = await preparedRows<{ level: RegionLevel }>(this.dataSource, `SELECT level FROM region WHERE code = $1`, [code]);
    return row?.level ?? null;
  }

  async names(codes: string[]): Promise<Map<string, string>> {
    const found = await rows<{ code: string; name: string }>(this.dataSource, `SELECT code, name FROM region WHERE code = ANY($1::text[])`, [codes]);
    return new Map(found.map((row) => [row.code, row.name]));
  }

  /**
   * The next free child number of `parentCode`, locked until `manager` commits, so two admins
   * adding at once never get the same code.
   */
  /** Whether `code` has any child region; under the same lock `nextChildNumber` takes. */
  async hasChildren(manager: EntityManager, code: string): Promise<boolean> {
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`region:${code}`]);
    const row = await firstRow<{ found: boolean }>(manager, 'SELECT EXISTS (SELECT 1 FROM region WHERE parent_code = $1) AS found', [code]);
    return row!.found;
  }

  async nextChildNumber(manager: EntityManager, parentCode: string): Promise<number> {
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`region:${parentCode}`]);
    const row = await firstRow<{ next: number }>(
      manager,
      `SELECT coalesce(max(split_part(substr(code, length($1) + 2), '.', 1)::int), 0) + 1 AS next
       FROM region WHERE parent_code = $1`,
      [parentCode],
    );
    return row!.next;
  }

  insert(manager: EntityManager, region: Pick<Region, 'code' | 'name' | 'level' | 'parentCode'>): Promise<Region> {
    return manager.getRepository(Region).save(region);
  }

  /** The regions at `level` in the subtree of `scope`, by code. */
  atLevel(scope: string, level: RegionLevel): Promise<{ code: string; name: string }[]> {
    const params = new SqlParams();
    return rows(this.dataSource, `${regionsAtLevelSql(params, level, scope)} ORDER BY r.code`, params.values);
  }

  /** Every region below `code` (not itself), as the bulk add checks names against them. */
  descendants(manager: EntityManager, code: string): Promise<KnownRegion[]> {
    return rows<KnownRegion>(
      manager,
      `SELECT code, name, level, parent_code AS "parentCode" FROM region WHERE ${subtreeCondition('code', '$1')} AND code <> $1`,
      [code],
    );
  }

  async insertMany(manager: EntityManager, regions: KnownRegion[]): Promise<void> {
    await manager.query(
      `INSERT INTO region (code, name, level, parent_code) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])`,
      [regions.map((r) => r.code), regions.map((r) => r.name), regions.map((r) => r.level), regions.map((r) => r.parentCode)],
    );
  }

  /** How many children each of `codes` has; codes without children are absent. */
  async childCounts(codes: string[]): Promise<Map<string, number>> {
    const found = await rows<{ code: string; count: number }>(
      this.dataSource,
      `SELECT parent_code AS code, count(*)::int AS count FROM region WHERE parent_code = ANY($1::text[]) GROUP BY parent_code`,
      [codes],
    );
    return new Map(found.map((row) => [row.code, row.count]));
  }
}
