import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { Db, firstRow, preparedRows, rows, SqlParams } from '../../database/sql';
import type { ThemeDefinition } from '../../../../schemas/theme-definition';
import { Theme, ThemeVersion } from './theme.entity';

/** The theme fields a submission is checked against. */
export interface ThemeRef {
  id: string;
  slug: string;
  latestVersion: number | null;
  ownerRegionCode: string;
}

export interface NewVersion {
  themeId: string;
  version: number;
  definition: ThemeDefinition;
  typesTs: string;
  validatorModule: string;
  publishedBy: string | null;
}

/**
 * True while theme `themeId` is still at `version`: part of a statement that must not write once a
 * publish it has not heard of has happened (the ingest).
 */
export function themeStillAtSql(params: SqlParams, themeIdExpression: string, version: number): string {
  return `EXISTS (SELECT 1 FROM theme WHERE id = ${themeIdExpression} AND latest_version = ${params.add(version, 'int')})`;
}

/** The slug of theme `themeIdExpression` (null when there is none), as a scalar subquery. */
export function themeSlugSql(themeIdExpression: string): string {
  return `(SELECT slug FROM theme WHERE theme.id = ${themeIdExpression})`;
}

/** True when `themeIdExpression` names a theme that exists. */
export function themeExistsSql(themeIdExpression: string): string {
  return `EXISTS (SELECT 1 FROM theme WHERE theme.id = ${themeIdExpression})`;
}

/** `theme` and `theme_version`: drafts, published versions and what is derived from them. */
@Injectable()
export class ThemeRepository {
  constructor(
    @InjectRepository(Theme) private readonly themes: Repository<Theme>,
    @InjectRepository(ThemeVersion) private readonly versions: Repository<ThemeVersion>,
    private readonly dataSource: DataSource,
  ) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  findBySlug(slug: string, db: Db = this.dataSource): Promise<Theme | null> {
    return db.getRepository(Theme).findOneBy({ slug });
  }

  findById(id: string, db: Db = this.dataSource): Promise<Theme | null> {
    return db.getRepository(Theme).findOneBy({ id });
  }

  /** The submission path's read: one prepared statement, no TypeORM. */
  async ref(slug: string): Promise<ThemeRef | null> {
    const [row] = await preparedRows<ThemeRef>(
      this.dataSource,
      `SELECT id, slug, latest_version AS "latestVersion", owner_region_code AS "ownerRegionCode" FROM theme WHERE slug = $1`,
      [slug],
    );
    return row ?? null;
  }

  /** Slugs of these theme ids. */
  async slugs(ids: string[]): Promise<Map<string, string>> {
    const found = await rows<{ id: string; slug: string }>(this.dataSource, `SELECT id, slug FROM theme WHERE id = ANY($1::uuid[])`, [ids]);
    return new Map(found.map((row) => [row.id, row.slug]));
  }

  /** Every theme with its title (the draft's, else the latest version's) and owner, by slug. */
  editableSummaries(): Promise<{ slug: string; title: string; ownerRegionCode: string; latestVersion: number | null; draftUpdatedAt: Date | null }[]> {
    return rows(
      this.dataSource,
      `SELECT t.slug, coalesce(t.draft ->> 'title', v.definition ->> 'title', t.slug) AS title, t.owner_region_code AS "ownerRegionCode",
              t.latest_version AS "latestVersion", t.draft_updated_at AS "draftUpdatedAt"
       FROM theme t LEFT JOIN theme_version v ON v.theme_id = t.id AND v.version = t.latest_version
       ORDER BY t.slug`,
    );
  }

  /** Each published theme's latest definition, by slug. */
  latestDefinitions(): Promise<{ id: string; definition: ThemeDefinition; latestVersion: number }[]> {
    return rows(
      this.dataSource,
      `SELECT t.id, v.definition, t.latest_version AS "latestVersion" FROM theme t
       JOIN theme_version v ON v.theme_id = t.id AND v.version = t.latest_version
       ORDER BY t.slug`,
    );
  }

  /** A fingerprint of each published theme's latest aggregations: the aggregation engine compares its own to it. */
  aggregationSignatures(): Promise<{ themeId: string; signature: string }[]> {
    return rows(
      this.dataSource,
      `SELECT t.id AS "themeId", md5((v.definition -> 'aggregations')::text) AS signature FROM theme t
       JOIN theme_version v ON v.theme_id = t.id AND v.version = t.latest_version`,
    );
  }

  async aggregationSignature(themeId: string, version: number, db: Db): Promise<string> {
    const row = await firstRow<{ signature: string }>(
      db,
      `SELECT md5((definition -> 'aggregations')::text) AS signature FROM theme_version WHERE theme_id = $1 AND version = $2`,
      [themeId, version],
    );
    return row!.signature;
  }

  /** A new draft theme; null when the slug is taken (the unique index decides, so a race is a 409, not a 500). */
  async insertDraft(manager: EntityManager, theme: { slug: string; ownerRegionCode: string; draft: ThemeDefinition; createdBy: string | null; builtin: boolean }): Promise<string | null> {
    const created = await firstRow<{ id: string }>(
      manager,
      `INSERT INTO theme (slug, owner_region_code, draft, draft_updated_at, created_by, builtin) VALUES ($1, $2, $3, now(), $4, $5)
       ON CONFLICT (slug) DO NOTHING RETURNING id`,
      [theme.slug, theme.ownerRegionCode, JSON.stringify(theme.draft), theme.createdBy, theme.builtin],
    );
    return created?.id ?? null;
  }

  async saveDraft(manager: EntityManager, themeId: string, draft: ThemeDefinition): Promise<void> {
    await manager.query(`UPDATE theme SET draft = $2, draft_updated_at = now() WHERE id = $1`, [themeId, JSON.stringify(draft)]);
  }

  /** The theme as it is now, locked until `manager` commits: publishes and draft saves of one theme take turns. */
  async lockForPublish(manager: EntityManager, themeId: string): Promise<Theme> {
    await manager.query('SELECT 1 FROM theme WHERE id = $1 FOR UPDATE', [themeId]);
    return manager.getRepository(Theme).findOneByOrFail({ id: themeId });
  }

  /** Stores the version and makes it the latest; the draft is gone. */
  async insertVersion(manager: EntityManager, version: NewVersion): Promise<void> {
    await manager.query(
      `INSERT INTO theme_version (theme_id, version, definition, types_ts, validator_module, published_by) VALUES ($1, $2, $3, $4, $5, $6)`,
      [version.themeId, version.version, JSON.stringify(version.definition), version.typesTs, version.validatorModule, version.publishedBy],
    );
    await manager.query(`UPDATE theme SET latest_version = $2, draft = NULL, draft_updated_at = NULL WHERE id = $1`, [version.themeId, version.version]);
  }

  /** Built-in themes are seeded by every starting replica: they take turns per slug. */
  async lockSlug(manager: EntityManager, slug: string): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`theme:${slug}`]);
  }

  async definition(themeId: string, version: number, db: Db = this.dataSource): Promise<ThemeDefinition> {
    const row = await db.getRepository(ThemeVersion).findOneByOrFail({ themeId, version });
    return row.definition;
  }

  versionList(themeId: string): Promise<Pick<ThemeVersion, 'version' | 'publishedAt'>[]> {
    return this.versions.find({ where: { themeId }, select: { version: true, publishedAt: true }, order: { version: 'ASC' } });
  }

  /** The version's generated TypeScript types. */
  async typesTs(themeId: string, version: number): Promise<string> {
    return (await this.withText(themeId, version, 'typesTs')).typesTs;
  }

  /** The version's precompiled browser validator; null for a version published before they were stored. */
  async validatorModule(themeId: string, version: number): Promise<string | null> {
    return (await this.withText(themeId, version, 'validatorModule')).validatorModule;
  }

  /** A version with one of its large text columns, which plain reads leave out. */
  private withText(themeId: string, version: number, column: 'typesTs' | 'validatorModule'): Promise<ThemeVersion> {
    return this.versions.createQueryBuilder('v').addSelect(`v.${column}`).where('v.theme_id = :id AND v.version = :version', { id: themeId, version }).getOneOrFail();
  }

  /** Only a version published before modules were stored has none; the immutability trigger allows filling it once. */
  async fillValidatorModule(themeId: string, version: number, module: string): Promise<void> {
    await this.versions.query(`UPDATE theme_version SET validator_module = $3 WHERE theme_id = $1 AND version = $2 AND validator_module IS NULL`, [
      themeId,
      version,
      module,
    ]);
  }

  /** Ids of published themes whose latest version has reminders (or, with `alerts`, alert rules). */
  async withReminders(list: 'reminders' | 'alerts' = 'reminders'): Promise<string[]> {
    const found = await rows<{ id: string }>(
      this.dataSource,
      `SELECT t.id FROM theme t JOIN theme_version v ON v.theme_id = t.id AND v.version = t.latest_version
       WHERE jsonb_array_length(coalesce(v.definition -> $1::text, '[]'::jsonb)) > 0`,
      [list],
    );
    return found.map((row) => row.id);
  }
}
