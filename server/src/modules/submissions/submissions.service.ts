import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import type { MessageLanguage } from '../../../../schemas/validator';
import { contentHash } from '../../common/canonical-json';
import { preparedQuery } from '../../database/prepared-query';
import { BadRequest, Conflict, DomainError, NotFound, RegionOutOfScope, ValidationFailed } from '../../common/domain-error';
import { decodeCursor, Page, toPage } from '../../common/pagination';
import { AuditEntry, auditInsert, AuditService } from '../audit/audit.service';
import { isWithinRegion, subtreeCondition } from '../regions/region-scope';
import type { ThemeDefinition } from '../themes/theme-definition';
import { ThemeNotFound } from '../themes/theme-errors';
import { ThemesService } from '../themes/themes.service';
import type { User } from '../users/user.entity';
import type { CreateSubmissionDto } from './dto/create-submission.dto';
import { FileReference, fileReferences } from './file-references';
import { ALL_PERIODS, isValidPeriodKey, periodKeyAt, periodStart } from './period';
import { Submission, SubmissionStatus } from './submission.entity';

export interface SubmissionView {
  id: string;
  theme: string;
  version: number;
  regionCode: string;
  periodKey: string;
  status: SubmissionStatus;
  current: boolean;
  test: boolean;
  revision: number;
  replaces: string | null;
  data: Record<string, unknown>;
  reviewComment: string | null;
  reviewedAt: Date | null;
  submittedBy: string;
  createdAt: Date;
}

export interface SubmissionDetail extends SubmissionView {
  revisions: { id: string; revision: number; status: SubmissionStatus; current: boolean; createdAt: Date }[];
  events: { action: string; actorId: string | null; comment: string | null; at: Date }[];
}

export interface CreateResult {
  replayed: boolean;
  submission: SubmissionView;
}

/** The spelling the server issues file ids in (and the `file-id` format accepts). */
const CANONICAL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** `<ISO instant>|<id>` as `list` issues it; anything else is not one of our cursors (400, not a failed cast). */
function listCursor(raw: string | undefined): { at: string; id: string } | null {
  const key = decodeCursor(raw);
  if (key === null) return null;
  const [at, id, ...rest] = key.split('|');
  if (rest.length || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(at) || Number.isNaN(Date.parse(at)) || !CANONICAL_UUID.test(id ?? '')) {
    throw new BadRequest('INVALID_CURSOR', 'cursor tidak valid');
  }
  return { at, id };
}

class Unprocessable extends DomainError {
  constructor(code: string, detail: string, path?: string) {
    super(422, code, 'Unprocessable submission', detail, path ? [{ path, keyword: code.toLowerCase(), message: detail }] : undefined);
  }
}

/** The theme fields an ingest reads. */
interface ThemeRef {
  id: string;
  slug: string;
  latestVersion: number | null;
  ownerRegionCode: string;
}

interface IngestContext {
  themeId: string | null;
  latestVersion: number | null;
  ownerRegionCode: string | null;
  regionLevel: string | null;
  /** Set when a submission with this id is already stored. */
  requestHash: string | null;
}

type SubmissionRow = Pick<
  Submission,
  'id' | 'version' | 'regionCode' | 'periodKey' | 'status' | 'current' | 'isTest' | 'revision' | 'data' | 'reviewComment' | 'reviewedAt' | 'submittedBy' | 'createdAt'
>;

/** RETURNING list that yields a `SubmissionRow`. */
const SUBMISSION_ROW_COLUMNS = `id, version, region_code AS "regionCode", period_key AS "periodKey", status, current, is_test AS "isTest", revision,
  data, review_comment AS "reviewComment", reviewed_at AS "reviewedAt", submitted_by AS "submittedBy", created_at AS "createdAt"`;

interface NewSubmission {
  id: string;
  themeId: string;
  version: number;
  isTest: boolean;
  isReport: boolean;
  regionCode: string;
  periodKey: string;
  data: Record<string, unknown>;
  requestHash: string;
  rootId: string;
  revision: number;
  submittedBy: string;
  fileIds: string[];
}

/** The `submission.changed` outbox payload the aggregation workers read. */
function changedPayload(themeId: string, regionCode: string, periodKey: string, submissionId: string): string {
  return JSON.stringify({ themeId, regionCode, periodKey, submissionId });
}

/** The id was stored by another request between our read and our write. */
class IdTaken extends Error {}

export interface ListQuery {
  region?: string;
  period?: string;
  mine?: boolean;
  test?: boolean;
  limit: number;
  cursor?: string;
}

@Injectable()
export class SubmissionsService {
  constructor(
    @InjectRepository(Submission) private readonly submissions: Repository<Submission>,
    private readonly themes: ThemesService,
    private readonly audit: AuditService,
    private readonly dataSource: DataSource,
  ) {}

  /**
   * Validates against the pinned version and stores. The client's UUID makes it idempotent: the same
   * id with the same request answers the stored result (replayed), with another request 409.
   * A new record is one read and one write statement; a report or a revision adds a transaction that
   * locks the chain it replaces.
   */
  async create(actor: User, slug: string, input: CreateSubmissionDto, lang: MessageLanguage, now = new Date()): Promise<CreateResult> {
    const requestHash = contentHash({ slug, ...input, id: undefined });
    const context = await this.ingestContext(slug, input);
    if (context.requestHash !== null) return this.replay(input.id, requestHash);
    if (context.themeId === null) throw new ThemeNotFound(slug);

    const theme: ThemeRef = { id: context.themeId, slug, latestVersion: context.latestVersion, ownerRegionCode: context.ownerRegionCode! };
    const { version, definition, validate } = await this.pinVersion(actor, theme, input);
    if (context.regionLevel === null || !isWithinRegion(input.regionCode, actor.regionCode)) throw new RegionOutOfScope(input.regionCode);
    if (context.regionLevel !== definition.regionLevel) {
      throw new Unprocessable('REGION_LEVEL_MISMATCH', `Tematik ini diisi per ${definition.regionLevel}, bukan ${context.regionLevel}`, '/regionCode');
    }
    const periodKey = this.periodKey(definition, input.period, now);
    const result = validate(input.data, lang);
    if (!result.valid) throw new ValidationFailed(result.errors);
    const files = fileReferences(definition.schema, input.data);
    await this.checkFiles(actor, files);

    const row: NewSubmission = {
      id: input.id,
      themeId: theme.id,
      version,
      isTest: input.test === true,
      isReport: definition.unit === 'report',
      regionCode: input.regionCode,
      periodKey,
      data: input.data,
      requestHash,
      rootId: input.id,
      revision: 1,
      submittedBy: actor.id,
      fileIds: [...new Set(files.map((f) => f.fileId))],
    };
    const audit = (previous: Submission | null): AuditEntry => ({
      actor,
      action: previous ? 'submission.revised' : 'submission.created',
      targetType: 'submission',
      targetId: input.id,
      regionCode: input.regionCode,
      details: { theme: slug, version, periodKey, revision: row.revision, ...(previous && { replaces: previous.id }), ...(row.isTest && { test: true }) },
    });

    try {
      if (!row.isReport && !input.replaces) {
        const stored = await this.insert(null, row, audit(null));
        return { replayed: false, submission: this.view(stored, slug, null) };
      }
      return await this.dataSource.transaction(async (manager) => {
        const previous = await this.previousRevision(manager, actor, theme, definition, input, row.regionCode, periodKey);
        if (previous) {
          await manager.update(Submission, { id: previous.id }, { current: false, updatedAt: () => 'now()' });
          Object.assign(row, { rootId: previous.rootId, revision: previous.revision + 1 });
        }
        const stored = await this.insert(manager, row, audit(previous));
        return { replayed: false, submission: this.view(stored, slug, previous?.id ?? null) };
      });
    } catch (error) {
      // Another request with this id committed first (a retry racing its original): answer as a replay.
      if (error instanceof IdTaken) return this.replay(input.id, requestHash);
      throw error;
    }
  }

  async list(actor: User, slug: string, query: ListQuery): Promise<Page<SubmissionView>> {
    const theme = await this.themes.theme(slug);
    const cursor = listCursor(query.cursor);
    // Ordered by the millisecond the cursor can carry (a Date has no microseconds), then by id, so
    // submissions made within one millisecond are neither skipped nor repeated across pages.
    const createdMs = "date_trunc('milliseconds', s.created_at)";
    const builder = this.submissions
      .createQueryBuilder('s')
      .where('s.theme_id = :theme', { theme: theme.id })
      .andWhere(subtreeCondition('s.region_code', ':region'), { region: query.region || actor.regionCode })
      .andWhere('s.is_test = :test', { test: query.test === true })
      .orderBy(createdMs, 'DESC')
      .addOrderBy('s.id', 'DESC')
      .limit(query.limit + 1);
    if (query.period) builder.andWhere('s.period_key = :period', { period: query.period });
    if (query.mine) builder.andWhere('s.submitted_by = :me', { me: actor.id });
    if (cursor) builder.andWhere(`(${createdMs}, s.id) < (:at::timestamptz, :id::uuid)`, cursor);
    const page = toPage(await builder.getMany(), query.limit, (s) => `${s.createdAt.toISOString()}|${s.id}`);
    return { items: page.items.map((s) => this.view(s, slug, null)), nextCursor: page.nextCursor };
  }

  async get(actor: User, id: string): Promise<SubmissionDetail> {
    const submission = await this.findInScope(actor, id);
    const theme = await this.dataSource.query(`SELECT slug FROM theme WHERE id = $1`, [submission.themeId]) as { slug: string }[];
    const chain = await this.submissions.find({ where: { rootId: submission.rootId }, order: { revision: 'ASC' } });
    const events = (await this.dataSource.query(
      `SELECT action, actor_id AS "actorId", comment, at FROM submission_event WHERE submission_id = $1 ORDER BY id`,
      [id],
    )) as SubmissionDetail['events'];
    const previous = chain.find((s) => s.revision === submission.revision - 1);
    return {
      ...this.view(submission, theme[0].slug, previous?.id ?? null),
      revisions: chain.map((s) => ({ id: s.id, revision: s.revision, status: s.status, current: s.current, createdAt: s.createdAt })),
      events,
    };
  }

  async review(actor: User, id: string, status: 'approved' | 'rejected', comment?: string): Promise<SubmissionDetail> {
    const submission = await this.findInScope(actor, id);
    await this.dataSource.transaction(async (manager) => {
      await manager.update(Submission, { id }, { status, reviewComment: comment ?? null, reviewedBy: actor.id, reviewedAt: () => 'now()', updatedAt: () => 'now()' });
      await manager.query(`INSERT INTO submission_event (submission_id, action, actor_id, comment) VALUES ($1, $2, $3, $4)`, [id, status, actor.id, comment ?? null]);
      if (!submission.isTest) await this.outbox(manager, submission.themeId, submission.regionCode, submission.periodKey, id);
      await this.audit.record(
        { actor, action: `submission.${status}`, targetType: 'submission', targetId: id, regionCode: submission.regionCode, details: { previousStatus: submission.status, comment: comment ?? null } },
        manager,
      );
    });
    return this.get(actor, id);
  }

  /** Submissions outside the caller's subtree answer 404, exactly like ones that do not exist. */
  async findInScope(actor: User, id: string): Promise<Submission> {
    const submission = await this.submissions.findOneBy({ id });
    if (!submission || !isWithinRegion(submission.regionCode, actor.regionCode)) throw new NotFound('Kiriman');
    return submission;
  }

  private async replay(id: string, requestHash: string): Promise<CreateResult> {
    const db = this.dataSource.manager;
    const rows = (await db.query(
      `SELECT s.request_hash, t.slug FROM submission s JOIN theme t ON t.id = s.theme_id WHERE s.id = $1`,
      [id],
    )) as { request_hash: string; slug: string }[];
    if (rows[0].request_hash !== requestHash) {
      throw new Conflict('SUBMISSION_CONFLICT', `Kiriman ${id} sudah ada dengan isi yang berbeda`, { id });
    }
    const stored = await db.getRepository(Submission).findOneByOrFail({ id });
    const previous = stored.revision > 1 ? await db.getRepository(Submission).findOneBy({ rootId: stored.rootId, revision: stored.revision - 1 }) : null;
    return { replayed: true, submission: this.view(stored, rows[0].slug, previous?.id ?? null) };
  }

  private async pinVersion(actor: User, theme: ThemeRef, input: CreateSubmissionDto) {
    if (input.test === true) {
      if (actor.role !== 'admin' || !isWithinRegion(theme.ownerRegionCode, actor.regionCode)) {
        throw new Unprocessable('TEST_NOT_ALLOWED', 'Hanya admin pemilik tematik yang dapat menguji draf', '/test');
      }
      const withDraft = await this.themes.theme(theme.slug);
      const validator = this.themes.draftValidator(withDraft);
      return { version: 0, definition: withDraft.draft!, validate: validator.validate };
    }
    if (theme.latestVersion === null) throw new NotFound(`Tematik ${theme.slug}`);
    const version = input.version ?? theme.latestVersion;
    if (version > theme.latestVersion) throw new Unprocessable('VERSION_NOT_FOUND', `Versi ${version} belum terbit`, '/version');
    const definition = await this.themes.definition(theme.id, version);
    return { version, definition, validate: this.themes.validator(theme.id, version, definition).validate };
  }

  /** Periods are WIB calendar periods; a future period cannot be reported yet. */
  private periodKey(definition: ThemeDefinition, requested: string | undefined, now: Date): string {
    if (definition.period === 'none') {
      if (requested !== undefined && requested !== ALL_PERIODS) {
        throw new Unprocessable('PERIOD_INVALID', 'Tematik ini tidak berperiode; period harus "all" atau kosong', '/period');
      }
      return ALL_PERIODS;
    }
    const key = requested ?? periodKeyAt(definition.period, now);
    if (!isValidPeriodKey(definition.period, key)) {
      throw new Unprocessable('PERIOD_INVALID', `Periode ${key} bukan periode ${definition.period} yang sah`, '/period');
    }
    if (periodStart(definition.period, key)!.getTime() > now.getTime()) {
      throw new Unprocessable('PERIOD_IN_FUTURE', `Periode ${key} belum dimulai (WIB)`, '/period');
    }
    return key;
  }

  /**
   * The revision this submission replaces: for a report theme the current report of the same region
   * and period, for a record theme the one named in `replaces`.
   */
  private async previousRevision(
    manager: EntityManager,
    actor: User,
    theme: ThemeRef,
    definition: ThemeDefinition,
    input: CreateSubmissionDto,
    regionCode: string,
    periodKey: string,
  ): Promise<Submission | null> {
    const isTest = input.test === true;
    if (definition.unit === 'report') {
      if (input.replaces) throw new Unprocessable('REPLACES_NOT_ALLOWED', 'Laporan diganti otomatis per wilayah dan periode', '/replaces');
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`report:${theme.id}:${regionCode}:${periodKey}:${isTest}`]);
      return manager.getRepository(Submission).findOneBy({ themeId: theme.id, regionCode, periodKey, current: true, isReport: true, isTest });
    }
    if (!input.replaces) return null;
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`submission:${input.replaces}`]);
    const replaced = await manager.getRepository(Submission).findOneBy({ id: input.replaces });
    if (!replaced || replaced.themeId !== theme.id || !isWithinRegion(replaced.regionCode, actor.regionCode)) {
      throw new Unprocessable('REPLACES_NOT_FOUND', 'Kiriman yang direvisi tidak ditemukan', '/replaces');
    }
    if (!replaced.current) throw new Conflict('REVISION_CONFLICT', 'Kiriman itu sudah direvisi; revisi versi terbarunya', { current: replaced.rootId });
    if (replaced.regionCode !== regionCode || replaced.periodKey !== periodKey || replaced.isTest !== isTest) {
      throw new Unprocessable('REPLACES_MISMATCH', 'Revisi harus untuk wilayah dan periode yang sama', '/replaces');
    }
    return replaced;
  }

  /**
   * Every referenced file must exist and be readable by the author (uploaded by them, or already
   * attached to a submission in their subtree): naming someone else's file id must not make it
   * readable through a submission of one's own.
   */
  private async checkFiles(actor: User, references: FileReference[]): Promise<void> {
    if (!references.length) return;
    const ids = [...new Set(references.map((ref) => ref.fileId).filter((id) => CANONICAL_UUID.test(id)))];
    const found = (await this.dataSource.query(
      `SELECT f.id FROM stored_file f
       WHERE f.id = ANY($1::uuid[])
         AND (f.uploaded_by = $2 OR EXISTS (
           SELECT 1 FROM submission_file sf JOIN submission s ON s.id = sf.submission_id
           WHERE sf.file_id = f.id AND ${subtreeCondition('s.region_code', '$3')}))`,
      [ids, actor.id, actor.regionCode],
    )) as { id: string }[];
    const readable = new Set(found.map((row) => row.id));
    const missing = references.filter((ref) => !readable.has(ref.fileId));
    if (missing.length) {
      throw new ValidationFailed(missing.map((ref) => ({ path: ref.pointer, keyword: 'format', message: 'Berkas tidak ditemukan; unggah ulang fotonya' })));
    }
  }

  /** What an ingest needs to know, in one round trip: the theme, the region, and whether the id is taken. */
  private async ingestContext(slug: string, input: CreateSubmissionDto): Promise<IngestContext> {
    const [row] = await preparedQuery<IngestContext>(
      this.dataSource,
      `SELECT t.id AS "themeId", t.latest_version AS "latestVersion", t.owner_region_code AS "ownerRegionCode",
              r.level AS "regionLevel", s.request_hash AS "requestHash"
       FROM (SELECT 1) AS one
       LEFT JOIN theme t ON t.slug = $1
       LEFT JOIN region r ON r.code = $2
       LEFT JOIN submission s ON s.id = $3`,
      [slug, input.regionCode, input.id],
    );
    return row;
  }

  /**
   * The submission, its file links, its outbox row and its audit row in one statement: without a
   * `manager` it is its own transaction. An id already stored inserts nothing and throws `IdTaken`.
   */
  private async insert(manager: EntityManager | null, row: NewSubmission, audit: AuditEntry): Promise<SubmissionRow> {
    const params: unknown[] = [];
    const bind = (value: unknown) => `$${params.push(value)}`;
    const sql = `
      WITH s AS (
        INSERT INTO submission (id, theme_id, version, is_test, is_report, region_code, period_key, data, request_hash, root_id, revision, current, status, submitted_by)
        VALUES (${[row.id, row.themeId, row.version, row.isTest, row.isReport, row.regionCode, row.periodKey, JSON.stringify(row.data), row.requestHash, row.rootId, row.revision].map(bind).join(', ')}, true, 'submitted', ${bind(row.submittedBy)})
        ON CONFLICT (id) DO NOTHING
        RETURNING ${SUBMISSION_ROW_COLUMNS}
      ), linked AS (
        INSERT INTO submission_file (submission_id, file_id) SELECT s.id, unnest(${bind(row.fileIds)}::uuid[]) FROM s ON CONFLICT DO NOTHING
      ), changed AS (
        INSERT INTO outbox (topic, payload) SELECT 'submission.changed', ${bind(changedPayload(row.themeId, row.regionCode, row.periodKey, row.id))}::jsonb FROM s WHERE NOT s."isTest"
      ), audited AS (
        ${auditInsert(audit, bind, 's')}
      )
      SELECT * FROM s`;
    const [stored] = manager ? ((await manager.query(sql, params)) as SubmissionRow[]) : await preparedQuery<SubmissionRow>(this.dataSource, sql, params);
    if (!stored) throw new IdTaken();
    return stored;
  }

  /** "Something changed" for the aggregation workers, committed with the change itself. */
  private async outbox(manager: EntityManager, themeId: string, regionCode: string, periodKey: string, submissionId: string): Promise<void> {
    await manager.query(`INSERT INTO outbox (topic, payload) VALUES ('submission.changed', $1)`, [changedPayload(themeId, regionCode, periodKey, submissionId)]);
  }

  private view(s: SubmissionRow, slug: string, replaces: string | null): SubmissionView {
    return {
      id: s.id,
      theme: slug,
      version: s.version,
      regionCode: s.regionCode,
      periodKey: s.periodKey,
      status: s.status,
      current: s.current,
      test: s.isTest,
      revision: s.revision,
      replaces,
      data: s.data,
      reviewComment: s.reviewComment,
      reviewedAt: s.reviewedAt,
      submittedBy: s.submittedBy,
      createdAt: s.createdAt,
    };
  }
}
