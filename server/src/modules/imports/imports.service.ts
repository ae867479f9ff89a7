import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { fieldTitle, type MessageLanguage } from '../../../../schemas/validator';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { canonicalJson } from '../../common/canonical-json';
import { BadRequest, DomainError, NotFound } from '../../common/domain-error';
import { AuditService } from '../audit/audit.service';
import { JobProducer } from '../jobs/job-producer';
import { RegionsService } from '../regions/regions.service';
import { periodKeyAt } from '../submissions/period';
import type { NewSubmission } from '../submissions/submission.repository';
import { ImportTarget, SubmissionsService } from '../submissions/submissions.service';
import { ThemeNotFound } from '../themes/theme-errors';
import { ThemesService } from '../themes/themes.service';
import type { User } from '../users/user.entity';
import { UserRepository } from '../users/user.repository';
import { resolvePeriod } from './import-period';
import { readSheets, UnreadableFile } from './import-reader';
import { ReadFile, readRows, RowError, templateMeta } from './import-rows';
import { buildImportTemplate } from './import-template';
import { ImportJob, ImportOutcome, ImportRepository, ImportStatus } from './import.repository';
import { importRowId } from './row-id';

/** An import as GET /api/imports/:id answers it. */
export interface ImportView {
  id: string;
  theme: string;
  version: number | null;
  dryRun: boolean;
  fileName: string | null;
  status: ImportStatus;
  progress: number;
  /** `template`, `kobo` or `table` (any other sheet or CSV), once read. */
  source: string | null;
  total: number;
  accepted: number;
  rejected: number;
  /** Rows newly stored, and rows whose submission was already stored (the same file or record again). */
  stored: number;
  alreadyStored: number;
  /** `field`: the field's title in the import's language, for screens (never the pointer). */
  errors: (RowError & { field: string | null })[];
  ignoredColumns: string[];
  error?: string;
  createdAt: Date;
  finishedAt: Date | null;
}

export interface ImportUpload {
  file: Buffer;
  fileName: string | null;
  dryRun: boolean;
  version?: number;
  /** The region of rows that name none. */
  regionCode?: string;
}

/** Above this, a file is refused when uploaded: 100 000 rows of a wide theme fit well below it. */
export const MAX_IMPORT_BYTES = 64 * 1024 * 1024;
/** A report lists at most this many problems; the counts still cover every row. */
const MAX_REPORTED_ERRORS = 5000;
const PROGRESS_EVERY_MS = 500;
const YIELD_EVERY_ROWS = 200;

class ImportFailed extends Error {}

/**
 * Moving in from spreadsheets: the template of a theme version, and imports (a job) that read a
 * template, a CSV or a Kobo/ODK export, check every row as POST …/submissions would, and store all
 * rows or none.
 */
@Injectable()
export class ImportsService {
  private readonly logger = new Logger('Imports');

  constructor(
    private readonly imports: ImportRepository,
    private readonly submissions: SubmissionsService,
    private readonly themes: ThemesService,
    private readonly regions: RegionsService,
    private readonly users: UserRepository,
    private readonly audit: AuditService,
    private readonly producer: JobProducer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The template of the latest version, its region dropdown the caller's subtree. */
  async template(actor: User, slug: string): Promise<{ filename: string; file: Buffer }> {
    const target = await this.submissions.importTarget(slug);
    const regions = await this.regions.atLevel(actor.regionCode, target.definition.regionLevel);
    const file = await buildImportTemplate(slug, target.version, target.definition, regions);
    return { filename: `templat-impor-${slug}-v${target.version}.xlsx`, file };
  }

  async create(actor: User, slug: string, upload: ImportUpload, lang: MessageLanguage): Promise<{ id: string }> {
    if (upload.file.length === 0) throw new BadRequest('FILE_MISSING', 'Berkas yang diunggah kosong');
    const target = await this.submissions.importTarget(slug, upload.version);
    const fileHash = createHash('sha256').update(upload.file).digest('hex');
    const id = await this.imports.insert({
      ownerId: actor.id,
      themeId: target.themeId,
      version: upload.version ?? null,
      regionCode: upload.regionCode ?? null,
      dryRun: upload.dryRun,
      language: lang,
      fileName: upload.fileName,
      fileHash,
      file: upload.file,
    });
    await this.audit.record({
      actor,
      action: upload.dryRun ? 'import.checked' : 'import.created',
      targetType: 'import',
      targetId: id,
      regionCode: actor.regionCode,
      details: { theme: slug, fileName: upload.fileName, fileHash, bytes: upload.file.length },
    });
    await this.producer.enqueue('imports.run', { importId: id });
    return { id };
  }

  /** Only its owner reads an import; anyone else's answers 404, as one that does not exist. */
  async get(actor: User, id: string): Promise<ImportView> {
    const job = await this.imports.find(id);
    if (!job || job.ownerId !== actor.id) throw new NotFound('Impor');
    return this.view(job);
  }

  /** The `imports.run` handler: idempotent, as a job may run twice (a finished import is left as it is). */
  async run(importId: string, attempt: number, attempts: number): Promise<void> {
    const file = await this.imports.start(importId);
    if (file === null) return;
    const job = (await this.imports.find(importId))!;
    try {
      const owner = await this.users.find(job.ownerId);
      // The owner's rights as they are now: a disabled or demoted admin imports nothing.
      if (!owner || owner.disabled || owner.role !== 'admin') throw new ImportFailed('Pemilik impor ini tidak lagi berhak mengimpor');
      const outcome = await this.process(owner, job, file);
      await this.imports.finish(importId, outcome);
    } catch (error) {
      const known = error instanceof ImportFailed || error instanceof UnreadableFile || error instanceof DomainError;
      if (!known && attempt < attempts) throw error;
      if (!known) this.logger.error(`Import ${importId} failed: ${error instanceof Error ? error.stack : String(error)}`);
      await this.imports.fail(importId, known ? (error as Error).message : 'Impor gagal karena kesalahan server; coba lagi');
    }
  }

  /** Queues again the imports whose job was lost (a job already running or done ignores the repeat). */
  async sweep(): Promise<boolean> {
    for (const id of await this.imports.stale(this.config.jobs.staleAfterMs, 100)) await this.producer.enqueue('imports.run', { importId: id });
    return false;
  }

  private async process(owner: User, job: ImportJob, file: Buffer): Promise<ImportOutcome> {
    const slug = await this.slugOf(job.themeId);
    const tables = await readSheets(file);
    const template = templateMeta(tables);
    if (template && template.slug !== slug) {
      throw new ImportFailed(`Templat ini untuk tematik "${template.slug}", bukan "${slug}"; unduh templat tematik ini`);
    }
    // A template names the version it was made from: its rows are checked against that version.
    const target = await this.submissions.importTarget(slug, job.version ?? template?.version);
    return this.check(owner, job, target, readRows(target.definition, tables, template));
  }

  private async slugOf(themeId: string): Promise<string> {
    const slugs = await this.themes.slugs([themeId]);
    const slug = slugs.get(themeId);
    if (!slug) throw new ThemeNotFound(themeId);
    return slug;
  }

  private async check(owner: User, job: ImportJob, target: ImportTarget, read: ReadFile): Promise<ImportOutcome> {
    const errors: RowError[] = [...read.fileErrors];
    const now = new Date();
    const accepted: NewSubmission[] = [];
    const occurrences = new Map<string, number>();
    const reportCells = new Map<string, number>();
    const rejectedRows = new Set<number>(read.fileErrors.map((e) => e.row).filter((row) => row > 1));
    let lastProgress = Date.now();
    for (const [index, row] of read.rows.entries()) {
      const rowErrors: RowError[] = [...row.errors];
      const period = resolvePeriod(row.period, target.definition.period);
      if (!period.ok) rowErrors.push({ row: row.row, path: '/period', message: period.message });
      const periodKey = period.ok ? (period.value ?? periodKeyAt(target.definition.period, now)) : '';
      const regionCode = row.regionCode ?? job.regionCode;
      const canonicalData = canonicalJson(row.data);
      const key = `${regionCode}|${periodKey}|${canonicalData}`;
      const occurrence = (occurrences.get(key) ?? 0) + 1;
      occurrences.set(key, occurrence);
      const id = importRowId(target.themeId, { sourceId: row.sourceId, regionCode, periodKey, canonicalData }, occurrence);
      // Errors of reading come first; a cell that could not be read is not judged again by the validator.
      const checked = await this.submissions.checkImportRow(owner, target, { id, regionCode, period: period.ok ? period.value : undefined, data: row.data, canonicalData }, job.language, now);
      if (!checked.ok) {
        const unread = new Set(rowErrors.map((e) => e.path));
        for (const error of checked.errors) if (!unread.has(error.path)) rowErrors.push({ row: row.row, path: error.path, message: error.message });
      } else if (target.definition.unit === 'report') {
        // One report per region and period: a file saying two things about one cell is refused, not resolved by order.
        const cell = `${checked.row.regionCode}|${checked.row.periodKey}`;
        const first = reportCells.get(cell);
        if (first !== undefined && rowErrors.length === 0) {
          rowErrors.push({ row: row.row, path: '/regionCode', message: `Laporan wilayah ${checked.row.regionCode} periode ${checked.row.periodKey} sudah ada di baris ${first}; satu laporan per wilayah dan periode` });
        } else reportCells.set(cell, row.row);
      }
      if (rowErrors.length || !checked.ok) {
        rejectedRows.add(row.row);
        errors.push(...rowErrors);
      } else accepted.push(checked.row);
      // Checking is CPU work: other requests and jobs of this process get their turn between rows.
      if (index % YIELD_EVERY_ROWS === 0) await nextTurn();
      if (Date.now() - lastProgress > PROGRESS_EVERY_MS) {
        lastProgress = Date.now();
        // Reading and checking is most of the work; storing is the last tenth.
        await this.imports.progress(job.id, ((index + 1) / read.rows.length) * 0.9);
      }
    }
    // A Kobo record exported twice in one file is one submission.
    const unique = new Map(accepted.map((row) => [row.id, row]));
    const outcome: ImportOutcome = {
      source: read.source,
      total: read.rows.length,
      accepted: errors.length ? 0 : unique.size,
      rejected: rejectedRows.size,
      stored: 0,
      alreadyStored: 0,
      errors: errors.slice(0, MAX_REPORTED_ERRORS),
      ignoredColumns: read.ignoredColumns,
    };
    if (read.rows.length === 0 && !errors.length) outcome.errors = [{ row: 1, path: '', message: 'Berkas tidak berisi baris data' }];
    // All rows or none: any problem anywhere stores nothing.
    if (errors.length || job.dryRun || read.rows.length === 0) return outcome;
    await this.imports.progress(job.id, 0.9);
    const stored = await this.submissions.storeImport(owner, target, [...unique.values()], {
      action: 'submission.imported',
      targetType: 'import',
      targetId: job.id,
      details: { theme: target.slug, version: target.version, fileName: job.fileName, fileHash: job.fileHash, source: read.source },
    });
    return { ...outcome, ...stored };
  }

  private async view(job: ImportJob): Promise<ImportView> {
    const slug = (await this.themes.slugs([job.themeId])).get(job.themeId) ?? '';
    let titles: (pointer: string) => string | null = () => null;
    if (job.errors.length) {
      try {
        const target = await this.submissions.importTarget(slug, job.version ?? undefined);
        const texts = { schema: target.definition.schema, uiSchema: target.definition.uiSchema, translations: target.definition.translations };
        titles = (pointer) => fieldTitle(texts, pointer, job.language);
      } catch {
        // The theme is gone: the report still reads by its messages.
      }
    }
    const regionWords = job.language === 'en' ? { '/regionCode': 'Region code', '/period': 'Period' } : { '/regionCode': 'Kode wilayah', '/period': 'Periode' };
    return {
      id: job.id,
      theme: slug,
      version: job.version,
      dryRun: job.dryRun,
      fileName: job.fileName,
      status: job.status,
      progress: job.progress,
      source: job.source,
      total: job.total,
      accepted: job.accepted,
      rejected: job.rejected,
      stored: job.stored,
      alreadyStored: job.alreadyStored,
      errors: job.errors.map((error) => ({
        ...error,
        field: error.path === '' ? null : ((regionWords as Record<string, string>)[error.path] ?? titles(error.path)),
      })),
      ignoredColumns: job.ignoredColumns,
      ...(job.error && { error: job.error }),
      createdAt: job.createdAt,
      finishedAt: job.finishedAt,
    };
  }
}
