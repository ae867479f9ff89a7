import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import type { MessageLanguage } from '../../../../schemas/validator';
import { contentHash } from '../../common/canonical-json';
import { preparedQuery } from '../../database/prepared-query';
import { BadRequest, Conflict, DomainError, Forbidden, NotFound, RegionOutOfScope, Unauthorized, ValidationFailed } from '../../common/domain-error';
import { decodeCursor, Page, toPage } from '../../common/pagination';
import { AuditEntry, auditInsert, AuditService } from '../audit/audit.service';
import { ACCESS_POLICY, policyKey } from '../auth/access-policy';
import { AuthService } from '../auth/auth.service';
import { isWithinRegion, subtreeCondition } from '../regions/region-scope';
import type { ThemeDefinition } from '../themes/theme-definition';
import { ThemeNotFound } from '../themes/theme-errors';
import { ThemesService } from '../themes/themes.service';
import type { User } from '../users/user.entity';
import type { CreateSubmissionDto } from './dto/create-submission.dto';
import { FileReference, fileReferences } from './file-references';
import { IngestContextService, ThemeRef } from './ingest-context.service';
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

type SubmissionRow = Pick<
  Submission,
  'id' | 'version' | 'regionCode' | 'periodKey' | 'status' | 'current' | 'isTest' | 'revision' | 'data' | 'reviewComment' | 'reviewedAt' | 'submittedBy' | 'createdAt'
>;

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
  /** The version the theme must still be at for the insert to go ahead; null: no check. */
  expectedLatest: number | null;
  /** What `submittedBy` must still be (enabled, this role, this region); null: no check. */
  author: Pick<User, 'role' | 'regionCode'> | null;
}

/** The `submission.changed` outbox payload the aggregation workers read. */
function changedPayload(themeId: string, regionCode: string, periodKey: string, submissionId: string): string {
  return JSON.stringify({ themeId, regionCode, periodKey, submissionId });
}

/** The id is already stored: the insert wrote nothing. */
class IdTaken extends Error {}

/**
 * The insert found the author no longer as authenticated (disabled, moved, re-roled) or the theme
 * no longer at the version defaulted to: what was kept in memory is behind a change whose
 * notification has not arrived yet. Nothing was written.
 */
class StaleContext extends Error {}

/** One try at storing a submission. */
interface Attempt {
  /** Read the theme from the database whatever is kept. */
  fresh: boolean;
  /** Set when the theme came from memory. */
  cached: boolean;
  /** The author was read from the database after a refusal, not taken from memory. */
  freshAuthor: boolean;
}

/** Who may submit, as `AccessGuard` decided it for the user it authenticated. */
const SUBMIT_POLICY = ACCESS_POLICY[policyKey('POST', '/api/themes/:slug/submissions')];

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
    private readonly context: IngestContextService,
    private readonly auth: AuthService,
  ) {}

  /**
   * Validates against the pinned version and stores. The client's UUID makes it idempotent: the same
   * id with the same request answers the stored result (replayed), with another request 409.
   * A new record is one statement when the theme and region are in memory (IngestContextService): an
   * id already stored is found by the insert itself. A report or a revision adds a transaction that
   * locks the chain it replaces.
   */
  async create(actor: User, slug: string, input: CreateSubmissionDto, lang: MessageLanguage, now = new Date()): Promise<CreateResult> {
    const requestHash = contentHash({ slug, ...input, id: undefined });
    // Test fills are checked against the theme's owner, so they always read the theme afresh.
    const attempt: Attempt = { fresh: input.test === true, cached: false, freshAuthor: false };
    let author = actor;
    for (;;) {
      try {
        return await this.ingest(author, slug, input, lang, now, requestHash, attempt);
      } catch (error) {
        if (error instanceof IdTaken) return this.replay(input.id, requestHash);
        if (error instanceof StaleContext) {
          // Decide again as the guard would have with the user as stored now, and the theme afresh.
          this.context.forget(slug);
          const stored = await this.auth.freshUser(actor.id);
          if (!stored) throw new Unauthorized();
          if (SUBMIT_POLICY.roles === 'public' || !SUBMIT_POLICY.roles.includes(stored.role)) throw new Forbidden();
          if (!isWithinRegion(input.regionCode, stored.regionCode)) throw new RegionOutOfScope(input.regionCode);
          author = stored;
          attempt.fresh = true;
          attempt.freshAuthor = true;
          continue;
        }
        if (!(error instanceof DomainError)) throw error;
        // A stored id answers as a replay before any other refusal, so a retry gets the original answer.
        if (await this.isStored(input.id)) return this.replay(input.id, requestHash);
        // The kept theme may be a moment behind a publish: decide once more from the database.
        if (!attempt.cached || attempt.fresh) throw error;
        this.context.forget(slug);
        attempt.fresh = true;
      }
    }
  }

  private async ingest(
    actor: User,
    slug: string,
    input: CreateSubmissionDto,
    lang: MessageLanguage,
    now: Date,
    requestHash: string,
    attempt: Attempt,
  ): Promise<CreateResult> {
    const context = await this.context.context(slug, input.regionCode, attempt.fresh);
    attempt.cached = context.cached;
    const theme = context.theme;
    if (theme === null) throw new ThemeNotFound(slug);
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
      // A version defaulted from a kept theme is stored only if it is still the latest.
      expectedLatest: context.cached && input.version === undefined ? version : null,
      // The user comes from memory too; after a refusal it was read afresh and needs no check.
      author: attempt.freshAuthor ? null : { role: actor.role, regionCode: actor.regionCode },
    };
    const audit = (previous: Submission | null): AuditEntry => ({
      actor,
      action: previous ? 'submission.revised' : 'submission.created',
      targetType: 'submission',
      targetId: input.id,
      regionCode: input.regionCode,
      details: { theme: slug, version, periodKey, revision: row.revision, ...(previous && { replaces: previous.id }), ...(row.isTest && { test: true }) },
    });

    if (!row.isReport && !input.replaces) {
      const createdAt = await this.insert(null, row, audit(null));
      return { replayed: false, submission: this.newView(row, slug, null, createdAt) };
    }
    return this.dataSource.transaction(async (manager) => {
      const previous = await this.previousRevision(manager, actor, theme, definition, input, row.regionCode, periodKey);
      if (previous) {
        await manager.update(Submission, { id: previous.id }, { current: false, updatedAt: () => 'now()' });
        Object.assign(row, { rootId: previous.rootId, revision: previous.revision + 1 });
      }
      const createdAt = await this.insert(manager, row, audit(previous));
      return { replayed: false, submission: this.newView(row, slug, previous?.id ?? null, createdAt) };
    });
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

  private async isStored(id: string): Promise<boolean> {
    const rows = await preparedQuery<{ found: number }>(this.dataSource, `SELECT 1 AS found FROM submission WHERE id = $1`, [id]);
    return rows.length > 0;
  }

  /**
   * The submission, its file links, its outbox row and its audit row in one statement: without a
   * `manager` it is its own transaction. An id already stored inserts nothing and throws `IdTaken`;
   * an author or theme no longer as expected inserts nothing and throws `StaleContext`. Only what
   * the database decides comes back: the rest of the answer is what was sent.
   */
  private async insert(manager: EntityManager | null, row: NewSubmission, audit: AuditEntry): Promise<Date> {
    const params: unknown[] = [];
    const bind = (value: unknown, type: string) => `$${params.push(value)}::${type}`;
    // Also read by the checks below.
    const themeId = bind(row.themeId, 'uuid');
    const submittedBy = bind(row.submittedBy, 'uuid');
    const values = [
      bind(row.id, 'uuid'),
      themeId,
      bind(row.version, 'int'),
      bind(row.isTest, 'boolean'),
      bind(row.isReport, 'boolean'),
      bind(row.regionCode, 'text'),
      bind(row.periodKey, 'text'),
      bind(JSON.stringify(row.data), 'jsonb'),
      bind(row.requestHash, 'text'),
      bind(row.rootId, 'uuid'),
      bind(row.revision, 'int'),
      submittedBy,
    ];
    // Checked in the statement that writes, so a change not yet heard of by this process still counts.
    const checks = ['true'];
    if (row.expectedLatest !== null) checks.push(`EXISTS (SELECT 1 FROM theme WHERE id = ${themeId} AND latest_version = ${bind(row.expectedLatest, 'int')})`);
    if (row.author !== null) {
      checks.push(
        `EXISTS (SELECT 1 FROM app_user WHERE id = ${submittedBy} AND NOT disabled AND role = ${bind(row.author.role, 'text')} AND region_code = ${bind(row.author.regionCode, 'text')})`,
      );
    }
    // Test fills never reach the aggregation workers; the two texts are two prepared statements.
    const changed = row.isTest
      ? ''
      : `, changed AS (
        INSERT INTO outbox (topic, payload) SELECT 'submission.changed', ${bind(changedPayload(row.themeId, row.regionCode, row.periodKey, row.id), 'jsonb')} FROM s
      )`;
    const sql = `
      WITH checked AS (SELECT ${checks.join(' AND ')} AS ok), s AS (
        INSERT INTO submission (id, theme_id, version, is_test, is_report, region_code, period_key, data, request_hash, root_id, revision, submitted_by)
        SELECT ${values.join(', ')} FROM checked WHERE checked.ok
        ON CONFLICT (id) DO NOTHING
        RETURNING id, created_at
      ), linked AS (
        INSERT INTO submission_file (submission_id, file_id) SELECT s.id, unnest(${bind(row.fileIds, 'uuid[]')}) FROM s ON CONFLICT DO NOTHING
      )${changed}, audited AS (
        ${auditInsert(audit, (value) => `$${params.push(value)}`, 's')}
      )
      SELECT (SELECT created_at FROM s) AS "createdAt", (SELECT ok FROM checked) AS "stillValid"`;
    type Outcome = { createdAt: Date | null; stillValid: boolean };
    const [outcome] = manager ? ((await manager.query(sql, params)) as Outcome[]) : await preparedQuery<Outcome>(this.dataSource, sql, params);
    if (!outcome.stillValid) throw new StaleContext();
    if (outcome.createdAt === null) throw new IdTaken();
    return outcome.createdAt;
  }

  /** "Something changed" for the aggregation workers, committed with the change itself. */
  private async outbox(manager: EntityManager, themeId: string, regionCode: string, periodKey: string, submissionId: string): Promise<void> {
    await manager.query(`INSERT INTO outbox (topic, payload) VALUES ('submission.changed', $1)`, [changedPayload(themeId, regionCode, periodKey, submissionId)]);
  }

  /** A submission just inserted, answered from what was sent: its JSONB is not read back. */
  private newView(row: NewSubmission, slug: string, replaces: string | null, createdAt: Date): SubmissionView {
    const { id, version, regionCode, periodKey, isTest, revision, data, submittedBy } = row;
    const stored: SubmissionRow = { id, version, regionCode, periodKey, isTest, revision, data, submittedBy, createdAt, status: 'submitted', current: true, reviewComment: null, reviewedAt: null };
    return this.view(stored, slug, replaces);
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
