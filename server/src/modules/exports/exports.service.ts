import { Inject, Injectable, Logger } from '@nestjs/common';
import { createReadStream, createWriteStream, mkdirSync } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough, Readable, Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { invalidCursor, type Page, toPage } from '../../common/pagination';
import { BadRequest, DomainError, Forbidden, NotFound, RegionOutOfScope } from '../../common/domain-error';
import { AggregationService, AggregatesFilter, AggregateSelection } from '../aggregation/aggregation.service';
import { AuditService } from '../audit/audit.service';
import type { TokenScope } from '../auth/access-policy';
import { JobProducer } from '../jobs/job-producer';
import { isWithinRegion } from '../regions/region-scope';
import { RegionsService } from '../regions/regions.service';
import { isValidPeriodKey, periodKeyAt } from '../submissions/period';
import { SUBMISSION_STATUSES, type SubmissionStatus } from '../submissions/submission.entity';
import { submissionExportSql, SubmissionExportFilter } from '../submissions/submission.repository';
import type { ThemeDefinition } from '../../../../schemas/theme-definition';
import { ThemesService } from '../themes/themes.service';
import type { User } from '../users/user.entity';
import { UserRepository } from '../users/user.repository';
import type { CreateExportDto } from './dto/create-export.dto';
import type { ExportFormat, ExportJob, ExportKind, ExportStatus } from './export.entity';
import { ExportRepository } from './export.repository';
import { belowKelurahan, METADATA_COLUMNS, metadataRows, regionCodesOf, satuDataColumns, satuDataRow } from './satu-data';
import { fieldColumns, fixedColumns } from './submission-columns';
import { ExportPlan } from './export-child';
import { runInChild } from './export-process';
import { sinkFor } from './table-sinks';
import type { TableColumn } from './table-writers';

export interface ExportView {
  id: string;
  theme: string;
  kind: ExportKind;
  /** What was asked for (the aggregates' or submissions' query), so a list can say which file is which. */
  query: Record<string, string>;
  format: ExportFormat;
  status: ExportStatus;
  progress: number;
  rows: number;
  createdAt: Date;
  finishedAt: Date | null;
  expiresAt: Date | null;
  error?: string;
}

export interface ExportFile {
  filename: string;
  contentType: string;
  stream: Readable;
}

const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  json: 'application/json; charset=utf-8',
};
const KIND_NAMES: Record<ExportKind, string> = { aggregates: 'agregat', submissions: 'kiriman' };
const AGGREGATE_QUERY_KEYS = ['measure', 'level', 'period', 'from', 'to', 'region'];
const SUBMISSION_QUERY_KEYS = ['region', 'from', 'to', 'status'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Progress is written at most this often: a row per second is plenty to watch. */
const PROGRESS_EVERY_MS = 500;

class ExportNotReady extends DomainError {
  constructor() {
    super(409, 'EXPORT_NOT_READY', 'Conflict', 'Ekspor ini belum selesai; tanyakan statusnya lagi nanti');
  }
}

class ExportGone extends DomainError {
  constructor() {
    super(410, 'EXPORT_EXPIRED', 'Gone', 'Berkas ekspor ini sudah kedaluwarsa dan dihapus; buat ekspor baru');
  }
}

function invalidQuery(key: string, message: string): BadRequest {
  return new BadRequest('INVALID_QUERY', message, [{ path: `/query/${key}`, keyword: 'query', message }]);
}

/**
 * Results as files: the aggregates routes' CSV and XLSX (streamed as they are read), and exports made
 * in the background by the `exports.run` job into DATA_DIR/exports, kept EXPORT_TTL_HOURS for their
 * owner alone. Everything an export may be refused for is checked when it is asked for, before any work.
 */
@Injectable()
export class ExportsService {
  private readonly logger = new Logger('Exports');
  private readonly dir: string;

  constructor(
    private readonly exports: ExportRepository,
    private readonly aggregation: AggregationService,
    private readonly themes: ThemesService,
    private readonly regions: RegionsService,
    private readonly users: UserRepository,
    private readonly audit: AuditService,
    private readonly producer: JobProducer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.dir = join(config.dataDir, 'exports');
  }

  /** GET …/aggregates.csv and .xlsx: the query is checked first, then the file streams as cells are read. */
  async aggregatesFile(actor: User, slug: string, filter: AggregatesFilter, format: 'csv' | 'xlsx'): Promise<ExportFile> {
    const selection = await this.aggregation.select(actor, slug, filter);
    const out = new PassThrough();
    this.writeAggregates(selection, format, out, () => undefined).then(
      () => out.end(),
      (error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error))),
    );
    return { filename: this.filename(slug, 'aggregates', format), contentType: CONTENT_TYPES[format], stream: out };
  }

  async create(actor: User, scopes: readonly TokenScope[] | null, input: CreateExportDto): Promise<ExportView> {
    const { theme, definition } = await this.themes.latest(input.theme);
    const query = input.query ?? {};
    if (input.kind === 'aggregates') {
      this.onlyKeys(query, AGGREGATE_QUERY_KEYS);
      await this.aggregation.select(actor, input.theme, query);
    } else {
      if (actor.role !== 'admin') throw new Forbidden('Hanya admin yang dapat mengekspor kiriman');
      if (scopes && !scopes.includes('submissions:read')) throw new Forbidden('Token API ini tidak punya cakupan submissions:read', 'INSUFFICIENT_SCOPE');
      this.submissionFilter(actor, theme.id, definition, query);
    }
    const job = await this.exports.insert({ ownerId: actor.id, themeId: theme.id, kind: input.kind, format: input.format, query });
    await this.audit.record({
      actor,
      action: 'export.created',
      targetType: 'export',
      targetId: job.id,
      regionCode: query.region || actor.regionCode,
      details: { theme: input.theme, kind: input.kind, format: input.format, query },
    });
    await this.enqueue(job.id);
    return this.view(job, input.theme);
  }

  async get(actor: User, id: string): Promise<ExportView> {
    const job = await this.owned(actor, id);
    const slugs = await this.themes.slugs([job.themeId]);
    return this.view(job, slugs.get(job.themeId) ?? '');
  }

  /** GET /api/exports: the caller's own exports whose file is not past its time, newest first. */
  async list(actor: User, limit: number, cursor: string | null): Promise<Page<ExportView>> {
    if (cursor !== null && !UUID.test(cursor)) throw invalidCursor();
    const jobs = await this.exports.listOwned(actor.id, this.config.exportTtlHours, cursor, limit + 1);
    const slugs = await this.themes.slugs([...new Set(jobs.map((job) => job.themeId))]);
    return toPage(
      jobs.map((job) => this.view(job, slugs.get(job.themeId) ?? '')),
      limit,
      (view) => view.id,
    );
  }

  async file(actor: User, id: string): Promise<ExportFile> {
    const job = await this.owned(actor, id);
    if (job.fileRemovedAt || (job.expiresAt && job.expiresAt.getTime() <= Date.now())) throw new ExportGone();
    if (job.status !== 'done') throw new ExportNotReady();
    const slug = (await this.themes.slugs([job.themeId])).get(job.themeId) ?? 'tematik';
    const path = this.path(job.id, job.format);
    await stat(path).catch(() => {
      throw new ExportGone();
    });
    // A submissions file holds personal fields (UU PDP): each download is on record, not only the request.
    if (job.kind === 'submissions') {
      await this.audit.record({ actor, action: 'export.downloaded', targetType: 'export', targetId: job.id, regionCode: actor.regionCode, details: { theme: slug, kind: job.kind, format: job.format } });
    }
    return { filename: this.filename(slug, job.kind, job.format, job.finishedAt ?? job.createdAt), contentType: CONTENT_TYPES[job.format], stream: createReadStream(path) };
  }

  /**
   * The job: writes the file next to its final name and renames it when complete, so a file that
   * exists is whole. Runs with the owner's rights as they are now. Idempotent: a finished export is
   * left alone; an interrupted one starts over.
   */
  async run(id: string, attempt: number, attempts: number): Promise<void> {
    const job = await this.exports.find(id);
    if (!job || !(await this.exports.start(id))) return;
    mkdirSync(this.dir, { recursive: true });
    const path = this.path(job.id, job.format);
    const partial = `${path}.part`;
    try {
      const owner = await this.users.find(job.ownerId);
      if (!owner || owner.disabled) throw new Forbidden('Pemilik ekspor ini tidak lagi aktif');
      const slug = (await this.themes.slugs([job.themeId])).get(job.themeId);
      if (!slug) throw new NotFound('Tematik');
      let lastWrite = 0;
      const progress = (done: number, total: number) => {
        const now = Date.now();
        if (now - lastWrite < PROGRESS_EVERY_MS) return;
        lastWrite = now;
        void this.exports.progress(job.id, total > 0 ? Math.min(0.99, done / total) : 0, done).catch(() => undefined);
      };
      let count: number;
      if (job.kind === 'aggregates') {
        const out = createWriteStream(partial);
        count = await this.writeAggregates(await this.aggregation.select(owner, slug, job.query), job.format, out, progress);
        out.end();
        await finished(out);
      } else {
        count = await this.writeSubmissions(owner, slug, job.query, job.format, partial, progress);
      }
      await rename(partial, path);
      await this.exports.finish(job.id, count, (await stat(path)).size, this.config.exportTtlHours);
    } catch (error) {
      await rm(partial, { force: true });
      const message = error instanceof Error ? error.message : String(error);
      if (error instanceof DomainError || attempt >= attempts) {
        await this.exports.fail(job.id, message);
        return;
      }
      throw error;
    }
  }

  /** The sweep: removes files past their time, and enqueues again exports whose job may be lost. */
  async sweep(): Promise<boolean> {
    const expired = await this.exports.expired(500);
    for (const job of expired) await rm(this.path(job.id, job.format), { force: true });
    await this.exports.markRemoved(expired.map((job) => job.id));
    for (const id of await this.exports.stale(this.config.jobs.staleAfterMs, 100)) await this.enqueue(id);
    return expired.length === 500;
  }

  /** Writes the selection's cells in Satu Data long format; answers the number of rows. */
  private async writeAggregates(selection: AggregateSelection, format: ExportFormat, out: Writable, progress: (done: number, total: number) => void): Promise<number> {
    const total = await this.aggregation.count(selection);
    const { definition } = selection;
    const metadata = metadataRows(selection.measures);
    const described = metadata.map((row) => Object.fromEntries(METADATA_COLUMNS.map((c, i) => [c.name, row[i] ?? null])));
    const sink = sinkFor(format, out, { tematik: definition.slug, judul: definition.title, versi: selection.version, metadata: described });
    await sink.header(satuDataColumns(selection.level));
    const byKey = new Map(definition.aggregations.map((a) => [a.key, a]));
    let count = 0;
    for await (const items of this.aggregation.stream(selection)) {
      const names = await this.regions.names(regionCodesOf(items.map((item) => item.regionCode)));
      for (const item of items) await sink.row(satuDataRow(item, byKey.get(item.measure)!, names));
      count += items.length;
      progress(count, total);
    }
    await sink.finish({ name: 'metadata', columns: METADATA_COLUMNS, rows: metadata });
    return count;
  }

  /** Writes the submissions of a theme, one column per field of any version; answers the number of rows. */
  private async writeSubmissions(owner: User, slug: string, query: Record<string, string>, format: ExportFormat, path: string, progress: (done: number, total: number) => void): Promise<number> {
    const { theme, version, definition } = await this.themes.latest(slug);
    const filter = this.submissionFilter(owner, theme.id, definition, query);
    const versions: ThemeDefinition[] = [];
    for (let v = version; v >= 1; v--) versions.push(await this.themes.definition(theme.id, v));
    // Personal fields of any version, for whoever may not see them (only admins export submissions today).
    const personal = owner.role === 'admin' ? new Set<string>() : new Set(versions.flatMap((d) => d.personalFields ?? []));
    const ownRegion = belowKelurahan(definition.regionLevel);
    const fixed = fixedColumns(ownRegion);
    const fields = fieldColumns(versions, new Set(fixed.map((c) => c.name)), personal);
    const columns = [...fixed, ...fields.map((field): TableColumn => ({ name: field.name, shared: field.enumerated }))];
    const paths = fields.map((field) => ({ path: field.tokens, checked: field.mayStartFormula }));
    const statement = submissionExportSql(filter, paths, format === 'csv' ? 'csv' : 'rows', ownRegion);
    const plan: ExportPlan = {
      connectionString: this.exports.connectionString(),
      format,
      statement,
      columns,
      fields: fields.map((field) => field.tokens),
      head: { tematik: slug, judul: definition.title, versi: version },
      path,
    };
    return runInChild(plan, progress);
  }

  /** A submissions query checked against the caller's subtree and the theme's periods. */
  private submissionFilter(actor: User, themeId: string, definition: ThemeDefinition, query: Record<string, string>): SubmissionExportFilter {
    this.onlyKeys(query, SUBMISSION_QUERY_KEYS);
    const region = query.region || actor.regionCode;
    if (!isWithinRegion(region, actor.regionCode)) throw new RegionOutOfScope(region);
    for (const key of ['from', 'to'] as const) {
      const value = query[key];
      if (value && !isValidPeriodKey(definition.period, value)) throw invalidQuery(key, `${key} harus kunci periode ${definition.period} yang sah, bukan "${value}"`);
    }
    if (query.status && !(SUBMISSION_STATUSES as readonly string[]).includes(query.status)) {
      throw invalidQuery('status', `status harus salah satu dari ${SUBMISSION_STATUSES.join(', ')}`);
    }
    return { themeId, region, from: query.from || undefined, to: query.to || undefined, status: (query.status || undefined) as SubmissionStatus | undefined };
  }

  private onlyKeys(query: Record<string, string>, allowed: string[]): void {
    const unknown = Object.keys(query).find((key) => !allowed.includes(key));
    if (unknown !== undefined) throw invalidQuery(unknown, `kueri "${unknown}" tidak dikenal; pilih dari ${allowed.join(', ')}`);
  }

  /** An export of the caller's own; anybody else's answers 404 like one that does not exist. */
  private async owned(actor: User, id: string): Promise<ExportJob> {
    const job = await this.exports.find(id);
    if (!job || job.ownerId !== actor.id) throw new NotFound('Ekspor');
    return job;
  }

  /** Redis away: the row stays queued and the sweep enqueues it again. */
  private async enqueue(id: string): Promise<void> {
    await this.producer.enqueue('exports.run', { exportId: id }).catch((error: unknown) => {
      this.logger.warn(`Export ${id} not enqueued yet: ${error instanceof Error ? error.message : String(error)}`);
    });
  }

  private path(id: string, format: ExportFormat): string {
    return join(this.dir, `${id}.${format}`);
  }

  private filename(slug: string, kind: ExportKind, format: ExportFormat, at = new Date()): string {
    return `${slug}-${KIND_NAMES[kind]}-${periodKeyAt('day', at)}.${format}`;
  }

  private view(job: ExportJob, slug: string): ExportView {
    return {
      id: job.id,
      theme: slug,
      kind: job.kind,
      query: job.query,
      format: job.format,
      status: job.status,
      progress: job.progress,
      rows: Number(job.rows),
      createdAt: job.createdAt,
      finishedAt: job.finishedAt,
      expiresAt: job.expiresAt,
      ...(job.error !== null && { error: job.error }),
    };
  }
}
