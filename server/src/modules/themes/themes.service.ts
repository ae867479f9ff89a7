import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { checkSchemaSafety, compileValidator, InvalidSchemaError, UnsafeSchemaError } from '../../../../schemas/validator';
import { generateThemeTypes } from '../../../../schemas/theme-types';
import { standaloneValidatorModule } from '../../../../schemas/validator/standalone';
import { BadRequest, Conflict, FieldError } from '../../common/domain-error';
import { AuditService } from '../audit/audit.service';
import { isWithinRegion } from '../regions/region-scope';
import type { User } from '../users/user.entity';
import { breakingChanges } from './breaking-changes';
import { checkDefinition } from './definition-check';
import type { ObjectSchema, ThemeDefinition } from './theme-definition';
import { BreakingChange, SchemaUnsafe, ThemeInvalid, ThemeNotFound } from './theme-errors';
import { Theme, ThemeVersion } from './theme.entity';
import { CompiledValidator, ValidatorCache, versionKey } from './validator-cache';

export const BUILTIN_THEMES_DIR = join(__dirname, '../../../../schemas/themes');
/** Built-in tematik belong to the city: any Kota Metro admin may evolve them. */
const BUILTIN_OWNER = '18.72';

export interface ThemeSummary {
  slug: string;
  title: string;
  description?: string;
  unit: ThemeDefinition['unit'];
  period: ThemeDefinition['period'];
  regionLevel: ThemeDefinition['regionLevel'];
  sensitivity: ThemeDefinition['sensitivity'];
  latestVersion: number;
}

export interface ThemeDetail extends Partial<Omit<ThemeSummary, 'latestVersion'>> {
  slug: string;
  latestVersion: number | null;
  versions: { version: number; publishedAt: Date }[];
  draft?: ThemeDefinition | null;
  draftUpdatedAt?: Date | null;
}

/** A published version as the rest of the server uses it. */
export interface PublishedVersion {
  theme: Theme;
  version: number;
  definition: ThemeDefinition;
}

function summary(definition: ThemeDefinition, latestVersion: number): ThemeSummary {
  const { slug, title, description, unit, period, regionLevel, sensitivity } = definition;
  return { slug, title, ...(description !== undefined && { description }), unit, period, regionLevel, sensitivity, latestVersion };
}

function prefixed(errors: FieldError[], prefix: string): FieldError[] {
  return errors.map((error) => ({ ...error, path: `${prefix}${error.path}` }));
}

/** Compiles a submission schema; what Ajv refuses becomes the 422 an admin sees, paths into the definition. */
function compileSchema(schema: ObjectSchema): CompiledValidator {
  try {
    return compileValidator(schema);
  } catch (error) {
    if (error instanceof UnsafeSchemaError) throw new SchemaUnsafe(prefixed(error.errors, '/schema'));
    if (error instanceof InvalidSchemaError) throw new ThemeInvalid(prefixed(error.errors, '/schema'));
    throw new ThemeInvalid([{ path: '/schema', keyword: 'schema', message: error instanceof Error ? error.message : String(error) }]);
  }
}

/** The downloadable types of a version; a schema json-schema-to-typescript cannot read is refused, never a 500. */
async function typesOf(definition: ThemeDefinition): Promise<string> {
  try {
    return await generateThemeTypes(definition);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ThemeInvalid([{ path: '/schema', keyword: 'types', message: `tipe TypeScript tidak dapat dibuat dari skema ini: ${reason}` }]);
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

@Injectable()
export class ThemesService {
  private readonly logger = new Logger('ThemesService');
  /** Published definitions never change, so every process may keep them. */
  private readonly versions = new Map<string, ThemeDefinition>();

  constructor(
    @InjectRepository(Theme) private readonly themes: Repository<Theme>,
    @InjectRepository(ThemeVersion) private readonly themeVersions: Repository<ThemeVersion>,
    private readonly dataSource: DataSource,
    private readonly validators: ValidatorCache,
    private readonly audit: AuditService,
  ) {}

  /**
   * Everything wrong with a definition, as the 422 an admin sees; on success, its compiled validator.
   * The safety policy is checked first, so `"minimum": {"$data": …}` is refused as unsafe rather than
   * as a number the meta-schema expected; compiling catches what only Ajv sees (a `$ref` to nowhere).
   */
  checked(definition: unknown): { definition: ThemeDefinition; validator: CompiledValidator } {
    const schema = isPlainObject(definition) ? definition.schema : undefined;
    const unsafe = isPlainObject(schema) ? checkSchemaSafety(schema) : [];
    if (unsafe.length) throw new SchemaUnsafe(prefixed(unsafe, '/schema'));
    const errors = checkDefinition(definition);
    if (errors.length) throw new ThemeInvalid(errors);
    const valid = definition as ThemeDefinition;
    // The theme table also requires a leading letter (CHECK on theme.slug); say so instead of a 500.
    if (!/^[a-z]/.test(valid.slug)) {
      throw new ThemeInvalid([{ path: '/slug', keyword: 'pattern', message: 'slug harus diawali huruf kecil (a–z)' }]);
    }
    return { definition: valid, validator: compileSchema(valid.schema) };
  }

  async listPublished(): Promise<ThemeSummary[]> {
    const rows = (await this.dataSource.query(
      `SELECT v.definition, t.latest_version FROM theme t
       JOIN theme_version v ON v.theme_id = t.id AND v.version = t.latest_version
       ORDER BY t.slug`,
    )) as { definition: ThemeDefinition; latest_version: number }[];
    return rows.map((row) => summary(row.definition, row.latest_version));
  }

  async create(actor: User, input: unknown): Promise<ThemeDetail> {
    const { definition } = this.checked(input);
    const theme = await this.dataSource.transaction(async (manager) => {
      // ON CONFLICT, not a check first: two admins creating one slug at once get 201 and 409, never a 500.
      const [created] = (await manager.query(
        `INSERT INTO theme (slug, owner_region_code, draft, draft_updated_at, created_by) VALUES ($1, $2, $3, now(), $4)
         ON CONFLICT (slug) DO NOTHING RETURNING id`,
        [definition.slug, actor.regionCode, JSON.stringify(definition), actor.id],
      )) as { id: string }[];
      if (!created) throw new Conflict('THEME_EXISTS', `Tematik ${definition.slug} sudah ada`);
      const { id } = created;
      await this.audit.record({ actor, action: 'theme.created', targetType: 'theme', targetId: definition.slug, regionCode: actor.regionCode }, manager);
      return manager.getRepository(Theme).findOneByOrFail({ id });
    });
    return this.detail(theme, true);
  }

  async updateDraft(actor: User, slug: string, input: unknown): Promise<ThemeDetail> {
    const { definition } = this.checked(input);
    if (definition.slug !== slug) {
      throw new ThemeInvalid([{ path: '/slug', keyword: 'const', message: `slug harus ${slug}; slug tidak dapat diubah` }]);
    }
    const theme = await this.editable(actor, slug);
    const saved = await this.dataSource.transaction(async (manager) => {
      await manager.query(`UPDATE theme SET draft = $2, draft_updated_at = now() WHERE id = $1`, [theme.id, JSON.stringify(definition)]);
      await this.audit.record({ actor, action: 'theme.draft_saved', targetType: 'theme', targetId: slug, regionCode: theme.ownerRegionCode }, manager);
      return manager.getRepository(Theme).findOneByOrFail({ id: theme.id });
    });
    return this.detail(saved, true);
  }

  /**
   * Freezes the draft as the next version. Refused with the reasons when it would break what the
   * previous version's aggregations read.
   */
  async publish(actor: User | null, slug: string, manager?: EntityManager): Promise<{ version: number }> {
    const run = async (tx: EntityManager) => {
      const theme = actor ? await this.editable(actor, slug, tx) : await tx.getRepository(Theme).findOneBy({ slug });
      if (!theme) throw new ThemeNotFound(slug);
      await tx.query('SELECT 1 FROM theme WHERE id = $1 FOR UPDATE', [theme.id]);
      const fresh = await tx.getRepository(Theme).findOneByOrFail({ id: theme.id });
      if (!fresh.draft) throw new BadRequest('NO_DRAFT', 'Tidak ada draf untuk diterbitkan');
      const { definition, validator } = this.checked(fresh.draft);
      if (fresh.latestVersion !== null) {
        const previous = await this.definition(fresh.id, fresh.latestVersion, tx);
        const reasons = breakingChanges(previous, definition);
        if (reasons.length) throw new BreakingChange(reasons);
      }
      const version = (fresh.latestVersion ?? 0) + 1;
      await tx.query(
        `INSERT INTO theme_version (theme_id, version, definition, types_ts, validator_module, published_by) VALUES ($1, $2, $3, $4, $5, $6)`,
        [fresh.id, version, JSON.stringify(definition), await typesOf(definition), await standaloneValidatorModule(definition.schema), actor?.id ?? null],
      );
      await tx.query(`UPDATE theme SET latest_version = $2, draft = NULL, draft_updated_at = NULL WHERE id = $1`, [fresh.id, version]);
      await tx.query(`INSERT INTO outbox (topic, payload) VALUES ('theme.published', $1)`, [JSON.stringify({ themeId: fresh.id, version })]);
      await this.audit.record(
        { actor, action: 'theme.published', targetType: 'theme', targetId: slug, regionCode: fresh.ownerRegionCode, details: { version } },
        tx,
      );
      return { version, key: versionKey(fresh.id, version), validator };
    };
    // Inside a caller's transaction the version compiles again on first use.
    if (manager) return { version: (await run(manager)).version };
    const { version, key, validator } = await this.dataSource.transaction(run);
    // Cached only once committed: a publish that fails after compiling must not leave its
    // validator under a version number the next publish will take.
    this.validators.set(key, validator);
    return { version };
  }

  async get(slug: string, viewer: User): Promise<ThemeDetail> {
    const theme = await this.themes.findOneBy({ slug });
    if (!theme) throw new ThemeNotFound(slug);
    const canSeeDraft = viewer.role === 'admin' && isWithinRegion(theme.ownerRegionCode, viewer.regionCode);
    // A theme that was never published is only visible to the admins who may edit it.
    if (theme.latestVersion === null && !canSeeDraft) throw new ThemeNotFound(slug);
    return this.detail(theme, canSeeDraft);
  }

  /** A published version; 404 for a version that does not exist. */
  async getVersion(slug: string, version: number): Promise<PublishedVersion> {
    const theme = await this.themes.findOneBy({ slug });
    if (!theme || theme.latestVersion === null || version < 1 || version > theme.latestVersion) throw new ThemeNotFound(`${slug} v${version}`);
    return { theme, version, definition: await this.definition(theme.id, version) };
  }

  async latest(slug: string): Promise<PublishedVersion> {
    const theme = await this.themes.findOneBy({ slug });
    if (!theme || theme.latestVersion === null) throw new ThemeNotFound(slug);
    return { theme, version: theme.latestVersion, definition: await this.definition(theme.id, theme.latestVersion) };
  }

  async theme(slug: string): Promise<Theme> {
    const theme = await this.themes.findOneBy({ slug });
    if (!theme) throw new ThemeNotFound(slug);
    return theme;
  }

  async types(slug: string, version: number): Promise<string> {
    const { theme } = await this.getVersion(slug, version);
    const row = await this.themeVersions
      .createQueryBuilder('v')
      .addSelect('v.typesTs')
      .where('v.theme_id = :id AND v.version = :version', { id: theme.id, version })
      .getOneOrFail();
    return row.typesTs;
  }

  /** The version's schema as a precompiled validator module for the browser; 404 like the version itself. */
  async validatorModule(slug: string, version: number): Promise<string> {
    const { theme, definition } = await this.getVersion(slug, version);
    const row = await this.themeVersions
      .createQueryBuilder('v')
      .addSelect('v.validatorModule')
      .where('v.theme_id = :id AND v.version = :version', { id: theme.id, version })
      .getOneOrFail();
    if (row.validatorModule !== null) return row.validatorModule;
    // Published before modules were stored: made once, and kept for every process.
    const made = await standaloneValidatorModule(definition.schema);
    await this.themeVersions.query(`UPDATE theme_version SET validator_module = $3 WHERE theme_id = $1 AND version = $2 AND validator_module IS NULL`, [
      theme.id,
      version,
      made,
    ]);
    return made;
  }

  validator(themeId: string, version: number, definition: ThemeDefinition): CompiledValidator {
    return this.validators.get(versionKey(themeId, version), () => compileSchema(definition.schema));
  }

  /** Test fills of a draft are validated against the draft as last saved. */
  draftValidator(theme: Theme): CompiledValidator {
    const draft = theme.draft;
    if (!draft) throw new BadRequest('NO_DRAFT', 'Tematik ini tidak punya draf untuk diuji');
    return this.validators.get(`${theme.id}:draft`, () => compileSchema(draft.schema), String(theme.draftUpdatedAt?.getTime()));
  }

  async definition(themeId: string, version: number, manager?: EntityManager): Promise<ThemeDefinition> {
    const key = versionKey(themeId, version);
    const cached = this.versions.get(key);
    if (cached) return cached;
    const row = await (manager ?? this.dataSource.manager).getRepository(ThemeVersion).findOneByOrFail({ themeId, version });
    this.versions.set(key, row.definition);
    return row.definition;
  }

  /** Publishes each built-in tematik in `schemas/themes/` as version 1 when it is not there yet. */
  async publishBuiltins(): Promise<string[]> {
    const published: string[] = [];
    for (const file of readdirSync(BUILTIN_THEMES_DIR).filter((name) => name.endsWith('.json')).sort()) {
      const { definition } = this.checked(JSON.parse(readFileSync(join(BUILTIN_THEMES_DIR, file), 'utf8')));
      await this.dataSource.transaction(async (manager) => {
        await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`theme:${definition.slug}`]);
        if (await manager.getRepository(Theme).existsBy({ slug: definition.slug })) return;
        await manager.query(
          `INSERT INTO theme (slug, owner_region_code, draft, draft_updated_at, builtin) VALUES ($1, $2, $3, now(), true)`,
          [definition.slug, BUILTIN_OWNER, JSON.stringify(definition)],
        );
        await this.publish(null, definition.slug, manager);
        published.push(definition.slug);
      });
    }
    if (published.length) this.logger.log(`Published built-in tematik: ${published.join(', ')}`);
    return published;
  }

  /** Themes an admin may edit: owned by a region inside theirs; any other answers 404. */
  private async editable(actor: User, slug: string, manager?: EntityManager): Promise<Theme> {
    const theme = await (manager ?? this.dataSource.manager).getRepository(Theme).findOneBy({ slug });
    if (!theme || !isWithinRegion(theme.ownerRegionCode, actor.regionCode)) throw new ThemeNotFound(slug);
    return theme;
  }

  private async detail(theme: Theme, withDraft: boolean): Promise<ThemeDetail> {
    const versions = await this.themeVersions.find({
      where: { themeId: theme.id },
      select: { version: true, publishedAt: true },
      order: { version: 'ASC' },
    });
    const latest = theme.latestVersion !== null ? await this.definition(theme.id, theme.latestVersion) : null;
    return {
      ...(latest ? summary(latest, theme.latestVersion!) : {}),
      slug: theme.slug,
      latestVersion: theme.latestVersion,
      versions: versions.map((v) => ({ version: v.version, publishedAt: v.publishedAt })),
      ...(withDraft && { draft: theme.draft, draftUpdatedAt: theme.draftUpdatedAt }),
    };
  }
}
