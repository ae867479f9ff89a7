import { Injectable, Logger } from '@nestjs/common';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EntityManager } from 'typeorm';
import { checkSchemaSafety, compileValidator, InvalidSchemaError, UnsafeSchemaError } from '../../../../schemas/validator';
import { generateThemeTypes } from '../../../../schemas/theme-types';
import { standaloneValidatorModule } from '../../../../schemas/validator/standalone';
import { setBounded } from '../../common/bounded-map';
import { BadRequest, Conflict, FieldError } from '../../common/domain-error';
import { ChangeListener } from '../../database/change-listener.service';
import { AuditService } from '../audit/audit.service';
import { writeOutbox } from '../jobs/outbox.repository';
import { isWithinRegion } from '../regions/region-scope';
import type { User } from '../users/user.entity';
import { BreakingLanguage, breakingChanges } from './breaking-changes';
import { DraftDiff, draftDiff, draftEtag, etagMatches } from './draft-diff';
import { checkDefinition } from './definition-check';
import type { ThemeDefinition } from '../../../../schemas/theme-definition';
import { BreakingChange, DraftChanged, SchemaUnsafe, ThemeInvalid, ThemeNotFound } from './theme-errors';
import type { Theme } from './theme.entity';
import { ThemeRef, ThemeRepository } from './theme.repository';
import { CompiledValidator, ValidatorCache, versionKey } from './validator-cache';

export type { ThemeRef };

export const BUILTIN_THEMES_DIR = join(__dirname, '../../../../schemas/themes');
/** Built-in tematik belong to the city: any Kota Metro admin may evolve them. */
const BUILTIN_OWNER = '18.72';
/** Theme refs a process keeps; far above any real count, it only bounds a flood of made-up slugs. */
const REF_LIMIT = 10_000;

export interface ThemeSummary {
  slug: string;
  title: string;
  description?: string;
  unit: ThemeDefinition['unit'];
  period: ThemeDefinition['period'];
  regionLevel: ThemeDefinition['regionLevel'];
  sensitivity: ThemeDefinition['sensitivity'];
  latestVersion: number;
  /** The title and description in other languages, so lists can be shown in the reader's. */
  translations?: { en?: { title?: string; description?: string } };
}

export interface ThemeDetail extends Partial<Omit<ThemeSummary, 'latestVersion'>> {
  slug: string;
  latestVersion: number | null;
  versions: { version: number; publishedAt: Date }[];
  draft?: ThemeDefinition | null;
  draftUpdatedAt?: Date | null;
  /** Sent as the `ETag` header, not in the body. */
  draftEtag?: string;
}

/** A theme as the designer lists it: published or not, with its draft when there is one. */
export interface EditableTheme {
  slug: string;
  title: string;
  latestVersion: number | null;
  draftUpdatedAt: Date | null;
}

/** A published version as the rest of the server uses it. */
export interface PublishedVersion {
  theme: Theme;
  version: number;
  definition: ThemeDefinition;
}

function summary(definition: ThemeDefinition, latestVersion: number): ThemeSummary {
  const { slug, title, description, unit, period, regionLevel, sensitivity } = definition;
  const english = definition.translations?.en;
  const translated = english && (english.title !== undefined || english.description !== undefined);
  return {
    slug,
    title,
    ...(description !== undefined && { description }),
    unit,
    period,
    regionLevel,
    sensitivity,
    latestVersion,
    ...(translated && { translations: { en: { title: english.title, description: english.description } } }),
  };
}

function prefixed(errors: FieldError[], prefix: string): FieldError[] {
  return errors.map((error) => ({ ...error, path: `${prefix}${error.path}` }));
}

/**
 * Compiles a definition's submission schema, its errors worded with the definition's labels, messages
 * and translations; what Ajv refuses becomes the 422 an admin sees, paths into the definition.
 */
function compileSchema({ schema, uiSchema, messages, translations }: ThemeDefinition): CompiledValidator {
  try {
    return compileValidator(schema, { texts: { uiSchema, messages, translations } });
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
  /** Refs by slug, kept while `ChangeListener` hears every change to `theme`. */
  private readonly refs = new Map<string, ThemeRef>();

  constructor(
    private readonly themes: ThemeRepository,
    private readonly validators: ValidatorCache,
    private readonly audit: AuditService,
    private readonly changes: ChangeListener,
  ) {
    changes.subscribe('theme', { changed: (slug) => this.refs.delete(slug), reset: () => this.refs.clear() });
  }

  /**
   * What a submission is checked against, from memory when it can be (`cached`: it may be a moment
   * behind a publish another process just made). `fresh` reads the database whatever is kept.
   */
  async ref(slug: string, fresh: boolean): Promise<{ ref: ThemeRef | null; cached: boolean }> {
    const kept = !fresh && this.changes.trusted ? this.refs.get(slug) : undefined;
    if (kept) return { ref: kept, cached: true };
    const generation = this.changes.generation;
    const ref = await this.themes.ref(slug);
    // Unknown slugs are not kept: a theme created a moment later must be found.
    if (ref && this.changes.mayKeep(generation)) setBounded(this.refs, slug, ref, REF_LIMIT);
    return { ref, cached: false };
  }

  /** A publish this process has not heard of yet was found by a write: read the theme again next time. */
  forgetRef(slug: string): void {
    this.refs.delete(slug);
  }

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
    return { definition: valid, validator: compileSchema(valid) };
  }

  async listPublished(): Promise<ThemeSummary[]> {
    const rows = await this.themes.latestDefinitions();
    return rows.map((row) => summary(row.definition, row.latestVersion));
  }

  /** `auditDetails` say where the draft came from (an XLSForm import) in its audit row. */
  async create(actor: User, input: unknown, auditDetails?: Record<string, unknown>): Promise<ThemeDetail> {
    const { definition } = this.checked(input);
    const theme = await this.themes.transaction(async (manager) => {
      const id = await this.themes.insertDraft(manager, { slug: definition.slug, ownerRegionCode: actor.regionCode, draft: definition, createdBy: actor.id, builtin: false });
      if (id === null) throw new Conflict('THEME_EXISTS', `Tematik ${definition.slug} sudah ada`);
      await this.audit.record(
        { actor, action: 'theme.created', targetType: 'theme', targetId: definition.slug, regionCode: actor.regionCode, ...(auditDetails && { details: auditDetails }) },
        manager,
      );
      return (await this.themes.findById(id, manager))!;
    });
    return this.detail(theme, true);
  }

  /**
   * Saves the draft. With `ifMatch` (the draft's ETag when the caller read it) a draft someone else
   * saved since is refused with 412 instead of overwritten; without it the save overwrites.
   */
  async updateDraft(actor: User, slug: string, input: unknown, ifMatch?: string): Promise<ThemeDetail> {
    const { definition } = this.checked(input);
    if (definition.slug !== slug) {
      throw new ThemeInvalid([{ path: '/slug', keyword: 'const', message: `slug harus ${slug}; slug tidak dapat diubah` }]);
    }
    const theme = await this.editable(actor, slug);
    const saved = await this.themes.transaction(async (manager) => {
      const current = await this.themes.lockForPublish(manager, theme.id);
      if (ifMatch !== undefined && !etagMatches(ifMatch, draftEtag(current.draft))) throw new DraftChanged();
      await this.themes.saveDraft(manager, theme.id, definition);
      await this.audit.record({ actor, action: 'theme.draft_saved', targetType: 'theme', targetId: slug, regionCode: theme.ownerRegionCode }, manager);
      return (await this.themes.findById(theme.id, manager))!;
    });
    return this.detail(saved, true);
  }

  /**
   * Freezes the draft as the next version. Refused with the reasons when it would break what the
   * previous version's aggregations read.
   */
  async publish(actor: User | null, slug: string, manager?: EntityManager): Promise<{ version: number }> {
    const run = async (tx: EntityManager) => {
      const theme = actor ? await this.editable(actor, slug, tx) : await this.themes.findBySlug(slug, tx);
      if (!theme) throw new ThemeNotFound(slug);
      const fresh = await this.themes.lockForPublish(tx, theme.id);
      if (!fresh.draft) throw new BadRequest('NO_DRAFT', 'Tidak ada draf untuk diterbitkan');
      const { definition, validator } = this.checked(fresh.draft);
      if (fresh.latestVersion !== null) {
        const previous = await this.definition(fresh.id, fresh.latestVersion, tx);
        const reasons = breakingChanges(previous, definition);
        if (reasons.length) throw new BreakingChange(reasons);
      }
      const version = (fresh.latestVersion ?? 0) + 1;
      await this.themes.insertVersion(tx, {
        themeId: fresh.id,
        version,
        definition,
        typesTs: await typesOf(definition),
        validatorModule: await standaloneValidatorModule(definition.schema),
        publishedBy: actor?.id ?? null,
      });
      await writeOutbox(tx, 'theme.published', { themeId: fresh.id, version });
      await this.audit.record(
        { actor, action: 'theme.published', targetType: 'theme', targetId: slug, regionCode: fresh.ownerRegionCode, details: { version } },
        tx,
      );
      return { version, key: versionKey(fresh.id, version), validator };
    };
    // Inside a caller's transaction the version compiles again on first use.
    if (manager) return { version: (await run(manager)).version };
    const { version, key, validator } = await this.themes.transaction(run);
    // Cached only once committed: a publish that fails after compiling must not leave its
    // validator under a version number the next publish will take.
    this.validators.set(key, validator);
    return { version };
  }

  /** The themes an admin may edit, published or only drafted, by slug. */
  async listEditable(actor: User): Promise<EditableTheme[]> {
    const themes = await this.themes.editableSummaries();
    return themes
      .filter((theme) => isWithinRegion(theme.ownerRegionCode, actor.regionCode))
      .map(({ slug, title, latestVersion, draftUpdatedAt }) => ({ slug, title, latestVersion, draftUpdatedAt }));
  }

  /** The draft against the latest published version, with the reasons a publish would be refused. */
  async diff(actor: User, slug: string, lang: BreakingLanguage): Promise<DraftDiff> {
    const theme = await this.editable(actor, slug);
    if (!theme.draft) throw new BadRequest('NO_DRAFT', 'Tematik ini tidak punya draf');
    const previous = theme.latestVersion !== null ? await this.definition(theme.id, theme.latestVersion) : null;
    return draftDiff(previous, theme.draft, lang);
  }

  async get(slug: string, viewer: User): Promise<ThemeDetail> {
    const theme = await this.themes.findBySlug(slug);
    if (!theme) throw new ThemeNotFound(slug);
    const canSeeDraft = viewer.role === 'admin' && isWithinRegion(theme.ownerRegionCode, viewer.regionCode);
    // A theme that was never published is only visible to the admins who may edit it.
    if (theme.latestVersion === null && !canSeeDraft) throw new ThemeNotFound(slug);
    return this.detail(theme, canSeeDraft);
  }

  /** A published version; 404 for a version that does not exist. */
  async getVersion(slug: string, version: number): Promise<PublishedVersion> {
    const theme = await this.themes.findBySlug(slug);
    if (!theme || theme.latestVersion === null || version < 1 || version > theme.latestVersion) throw new ThemeNotFound(`${slug} v${version}`);
    return { theme, version, definition: await this.definition(theme.id, version) };
  }

  async latest(slug: string): Promise<PublishedVersion> {
    const theme = await this.themes.findBySlug(slug);
    if (!theme || theme.latestVersion === null) throw new ThemeNotFound(slug);
    return { theme, version: theme.latestVersion, definition: await this.definition(theme.id, theme.latestVersion) };
  }

  findById(id: string): Promise<Theme | null> {
    return this.themes.findById(id);
  }

  async theme(slug: string): Promise<Theme> {
    const theme = await this.themes.findBySlug(slug);
    if (!theme) throw new ThemeNotFound(slug);
    return theme;
  }

  async types(slug: string, version: number): Promise<string> {
    const { theme } = await this.getVersion(slug, version);
    return this.themes.typesTs(theme.id, version);
  }

  /** The version's schema as a precompiled validator module for the browser; 404 like the version itself. */
  async validatorModule(slug: string, version: number): Promise<string> {
    const { theme, definition } = await this.getVersion(slug, version);
    const stored = await this.themes.validatorModule(theme.id, version);
    if (stored !== null) return stored;
    // Published before modules were stored: made once, and kept for every process.
    const made = await standaloneValidatorModule(definition.schema);
    await this.themes.fillValidatorModule(theme.id, version, made);
    return made;
  }

  validator(themeId: string, version: number, definition: ThemeDefinition): CompiledValidator {
    return this.validators.get(versionKey(themeId, version), () => compileSchema(definition));
  }

  /** Test fills of a draft are validated against the draft as last saved. */
  draftValidator(theme: Theme): CompiledValidator {
    const draft = theme.draft;
    if (!draft) throw new BadRequest('NO_DRAFT', 'Tematik ini tidak punya draf untuk diuji');
    return this.validators.get(`${theme.id}:draft`, () => compileSchema(draft), String(theme.draftUpdatedAt?.getTime()));
  }

  async definition(themeId: string, version: number, manager?: EntityManager): Promise<ThemeDefinition> {
    const key = versionKey(themeId, version);
    const cached = this.versions.get(key);
    if (cached) return cached;
    const definition = await this.themes.definition(themeId, version, manager);
    this.versions.set(key, definition);
    return definition;
  }

  /** The latest published version of a theme known by id (the workers' view); null when unpublished or gone. */
  async latestById(themeId: string, manager?: EntityManager): Promise<{ slug: string; version: number; definition: ThemeDefinition } | null> {
    const theme = await this.themes.findById(themeId, manager);
    if (!theme || theme.latestVersion === null) return null;
    return { slug: theme.slug, version: theme.latestVersion, definition: await this.definition(themeId, theme.latestVersion, manager) };
  }

  /** Slugs by theme id, for answers that name themes. */
  slugs(themeIds: string[]): Promise<Map<string, string>> {
    return themeIds.length ? this.themes.slugs([...new Set(themeIds)]) : Promise.resolve(new Map());
  }

  /** Ids of published themes whose latest version has reminders. */
  withReminders(): Promise<string[]> {
    return this.themes.withReminders();
  }

  /** When the theme's first version was published; null when it never was. */
  async firstPublishedAt(themeId: string): Promise<Date | null> {
    const [first] = await this.themes.versionList(themeId);
    return first?.publishedAt ?? null;
  }

  /** Ids of published themes whose latest version has alert rules. */
  withAlerts(): Promise<string[]> {
    return this.themes.withReminders('alerts');
  }

  /** A fingerprint of each published theme's latest aggregations. */
  aggregationSignatures(): Promise<{ themeId: string; signature: string }[]> {
    return this.themes.aggregationSignatures();
  }

  aggregationSignature(themeId: string, version: number, manager: EntityManager): Promise<string> {
    return this.themes.aggregationSignature(themeId, version, manager);
  }

  /** Publishes each built-in tematik in `schemas/themes/` as version 1 when it is not there yet. */
  async publishBuiltins(): Promise<string[]> {
    const published: string[] = [];
    for (const file of readdirSync(BUILTIN_THEMES_DIR).filter((name) => name.endsWith('.json')).sort()) {
      const { definition } = this.checked(JSON.parse(readFileSync(join(BUILTIN_THEMES_DIR, file), 'utf8')));
      await this.themes.transaction(async (manager) => {
        await this.themes.lockSlug(manager, definition.slug);
        const id = await this.themes.insertDraft(manager, { slug: definition.slug, ownerRegionCode: BUILTIN_OWNER, draft: definition, createdBy: null, builtin: true });
        if (id === null) return;
        await this.publish(null, definition.slug, manager);
        published.push(definition.slug);
      });
    }
    if (published.length) this.logger.log(`Published built-in tematik: ${published.join(', ')}`);
    return published;
  }

  /** Themes an admin may edit: owned by a region inside theirs; any other answers 404. */
  private async editable(actor: User, slug: string, manager?: EntityManager): Promise<Theme> {
    const theme = await this.themes.findBySlug(slug, manager);
    if (!theme || !isWithinRegion(theme.ownerRegionCode, actor.regionCode)) throw new ThemeNotFound(slug);
    return theme;
  }

  private async detail(theme: Theme, withDraft: boolean): Promise<ThemeDetail> {
    const versions = await this.themes.versionList(theme.id);
    const latest = theme.latestVersion !== null ? await this.definition(theme.id, theme.latestVersion) : null;
    return {
      ...(latest ? summary(latest, theme.latestVersion!) : {}),
      slug: theme.slug,
      latestVersion: theme.latestVersion,
      versions: versions.map((v) => ({ version: v.version, publishedAt: v.publishedAt })),
      ...(withDraft && { draft: theme.draft, draftUpdatedAt: theme.draftUpdatedAt, draftEtag: draftEtag(theme.draft) }),
    };
  }
}
