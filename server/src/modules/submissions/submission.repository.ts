import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { firstRow, preparedRows, rows, SqlParams } from '../../database/sql';
import { AuditRow, auditInsertSql } from '../audit/audit.repository';
import { outboxInsertSql, outboxRowsSql } from '../jobs/outbox.repository';
import { regionPathsCte, subtreeCondition } from '../regions/region.repository';
import { themeStillAtSql } from '../themes/theme.repository';
import type { User } from '../users/user.entity';
import { userUnchangedSql } from '../users/user.repository';
import { Submission, SubmissionStatus } from './submission.entity';

/** A submission about to be inserted, with what the insert must still find true. */
export interface NewSubmission {
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
  /** When it was filled on the device, already checked against the period; null: when it arrives. */
  filledAt: Date | null;
  fileIds: string[];
  /** The version the theme must still be at for the insert to go ahead; null: no check. */
  expectedLatest: number | null;
  /** What `submittedBy` must still be (enabled, this role, this region); null: no check. */
  author: Pick<User, 'role' | 'regionCode'> | null;
}

/** What the insert found: nothing is written unless `stillValid`, and nothing when the id is taken. */
export interface InsertOutcome {
  createdAt: Date | null;
  stillValid: boolean;
}

export interface SubmissionQuery {
  themeId: string;
  region: string;
  test: boolean;
  period?: string;
  submittedBy?: string;
  /** Submissions older than this (created, id), in the order answered. */
  before: { at: string; id: string } | null;
  limit: number;
}

/** Current submissions across themes: the caller's own, or a review queue of a region subtree. */
export interface AcrossThemesQuery {
  region: string;
  themeId?: string;
  submittedBy?: string;
  period?: string;
  status?: SubmissionStatus;
  before: { at: string; id: string } | null;
  limit: number;
}

export interface SubmissionEvent {
  action: string;
  actorId: string | null;
  comment: string | null;
  at: Date;
}

/** A submission as a `submission.created` webhook describes it (`body` is that event's `submission`). */
export interface SubmissionSummary {
  id: string;
  themeId: string;
  isTest: boolean;
  body: Record<string, unknown>;
}

/** True when file `fileIdExpression` is attached to any submission (the upload sweep keeps it). */
export function fileReferencedSql(fileIdExpression: string): string {
  return `EXISTS (SELECT 1 FROM submission_file sf WHERE sf.file_id = ${fileIdExpression})`;
}

/**
 * True when file `fileIdExpression` is attached to a submission whose region is in the subtree of
 * `regionExpression`: who may read such a submission may read the file.
 */
export function fileAttachedInSubtreeSql(fileIdExpression: string, regionExpression: string): string {
  return `EXISTS (SELECT 1 FROM submission_file sf JOIN submission s ON s.id = sf.submission_id
    WHERE sf.file_id = ${fileIdExpression} AND ${subtreeCondition('s.region_code', regionExpression)})`;
}

/**
 * Each region (in the subtree of `scope`, every one when null) with a counted submission of the
 * theme for the period, and when its first one was filled (on the device, as trusted) or else made:
 * `region_code, submitted_at`. A region
 * whose only submissions were replaced or rejected has none.
 */
export function reportedRegionsSql(params: SqlParams, themeId: string, periodKey: string, scope: string | null): string {
  const scopeParam = params.add(scope, 'text');
  return `SELECT s.region_code, min(coalesce(s.filled_at, s.created_at)) AS submitted_at
    FROM submission s
    WHERE s.theme_id = ${params.add(themeId, 'uuid')} AND s.period_key = ${params.add(periodKey, 'text')} AND NOT s.is_test AND s.status <> 'rejected'
      AND (${scopeParam} IS NULL OR ${subtreeCondition('s.region_code', scopeParam)})
    GROUP BY s.region_code
    HAVING bool_or(s.current)`;
}

/**
 * As reportedRegionsSql for several periods at once: `region_code, period_key, submitted_at`, one row
 * per region and period with a counted submission.
 */
export function reportedRegionsByPeriodSql(params: SqlParams, themeId: string, periodKeys: string[], scope: string | null): string {
  const scopeParam = params.add(scope, 'text');
  return `SELECT s.region_code, s.period_key, min(coalesce(s.filled_at, s.created_at)) AS submitted_at
    FROM submission s
    WHERE s.theme_id = ${params.add(themeId, 'uuid')} AND s.period_key = ANY(${params.add(periodKeys, 'text[]')}) AND NOT s.is_test AND s.status <> 'rejected'
      AND (${scopeParam} IS NULL OR ${subtreeCondition('s.region_code', scopeParam)})
    GROUP BY s.region_code, s.period_key
    HAVING bool_or(s.current)`;
}

/** Which submissions an export reads: current, never test fills, in the subtree of `region`. */
export interface SubmissionExportFilter {
  themeId: string;
  region: string;
  /** Period keys, inclusive. */
  from?: string;
  to?: string;
  status?: SubmissionStatus;
}

/** A field of a submissions export: its path, and whether its text may start a formula (a string). */
export interface ExportField {
  path: string[];
  checked: boolean;
}

/** The statements of a submissions export; the rows are read by COPY or a cursor. */
export interface SubmissionExportSql {
  /** Binds the filter and the fields' paths into a session-local table: COPY takes no parameters. */
  args: { sql: string; params: unknown[] };
  /** How many rows `select` answers. */
  count: string;
  /** The rows, with `args` in place (see submissionExportSql). */
  select: string;
}

const WIB_TIMESTAMP = `'YYYY-MM-DD"T"HH24:MI:SS"+07:00"'`;

/** Text that a spreadsheet would run as a formula gets a leading apostrophe (as neutralizeFormula does). */
function neutralSql(text: string): string {
  return `(CASE WHEN ascii(${text}) IN (61, 43, 45, 64, 9, 13) THEN '''' || ${text} ELSE ${text} END)`;
}

/**
 * An export of submissions. Columns: id, version, the Kemendagri codes and names of the region's
 * path (province, kota, kecamatan, kelurahan), with `ownRegion` the region's own code and name, then
 * period, status, review comment, reviewed and created at (WIB), then one column per field path.
 * `csv`: every column is CSV-ready text (COPY … CSV), a string's text neutralized like any text;
 * `rows`: names as they are and the whole `data` last, for a writer that reads fields itself.
 */
export function submissionExportSql(filter: SubmissionExportFilter, fields: ExportField[], mode: 'csv' | 'rows', ownRegion: boolean): SubmissionExportSql {
  const params = new SqlParams();
  const args = [
    `${params.add(filter.themeId, 'uuid')} AS theme_id`,
    `${params.add(filter.region, 'text')} AS region`,
    `${params.add(filter.from ?? null, 'text')} AS from_key`,
    `${params.add(filter.to ?? null, 'text')} AS to_key`,
    `${params.add(filter.status ?? null, 'text')} AS status`,
    ...(mode === 'csv' ? fields.map((field, i) => (field.path.length === 1 ? `${params.add(field.path[0], 'text')} AS f${i}` : `${params.add(field.path, 'text[]')} AS f${i}`)) : []),
  ];
  // Each argument as a scalar subquery: evaluated once, and the planner plans with it as a parameter.
  const arg = (name: string) => `(SELECT ${name} FROM wk_export_args)`;
  const name = (expression: string) => (mode === 'csv' ? neutralSql(expression) : expression);
  // The region columns once per region (a few dozen), not once per row.
  const regionColumns = [1, 2, 3, 4].flatMap((depth) => [`codes[${depth}] AS k${depth}`, `${name(`names[${depth}]`)} AS n${depth}`]);
  regionColumns.push(`${name('names[cardinality(names)]')} AS own`);
  const region = [1, 2, 3, 4].flatMap((depth) => [`p.k${depth}`, `p.n${depth}`]);
  if (ownRegion) region.push('s.region_code', 'p.own');
  const fixed = [
    's.id',
    's.version',
    ...region,
    's.period_key',
    's.status',
    name('s.review_comment'),
    `to_char(s.reviewed_at AT TIME ZONE 'Asia/Jakarta', ${WIB_TIMESTAMP})`,
    `to_char(s.created_at AT TIME ZONE 'Asia/Jakarta', ${WIB_TIMESTAMP})`,
  ];
  // One lookup for a field that can never hold formula text; one more for the check of one that can
  // (its type is read only when the first character is one a formula starts with).
  const values = fields.map((field, i) => {
    const key = arg(`f${i}`);
    const text = field.path.length === 1 ? `(s.data ->> ${key})` : `(s.data #>> ${key})`;
    if (!field.checked) return text;
    const json = field.path.length === 1 ? `(s.data -> ${key})` : `(s.data #> ${key})`;
    return `CASE WHEN ascii(${text}) IN (61, 43, 45, 64, 9, 13) AND jsonb_typeof(${json}) = 'string' THEN '''' || ${text} ELSE ${text} END`;
  });
  const scope = arg('region');
  const where = `s.theme_id = ${arg('theme_id')} AND s.current AND NOT s.is_test AND ${subtreeCondition('s.region_code', scope)}
    AND (${arg('from_key')} IS NULL OR s.period_key COLLATE "C" >= ${arg('from_key')}) AND (${arg('to_key')} IS NULL OR s.period_key COLLATE "C" <= ${arg('to_key')})
    AND (${arg('status')} IS NULL OR s.status = ${arg('status')})`;
  const columns = mode === 'csv' ? [...fixed, ...values] : [...fixed, 's.data'];
  return {
    args: { sql: `CREATE TEMP TABLE wk_export_args ON COMMIT DROP AS SELECT ${args.join(', ')}`, params: params.values },
    count: `SELECT count(*)::int AS n FROM submission s WHERE ${where}`,
    select: `WITH RECURSIVE ${regionPathsCte(scope)}, wk_regions AS (SELECT code, ${regionColumns.join(', ')} FROM wk_paths)
  SELECT ${columns.join(', ')}
  FROM submission s JOIN wk_regions p ON p.code = s.region_code
  WHERE ${where}`,
  };
}

/** `submission`, its revisions and review events (`submission_event`), and its files (`submission_file`). */
@Injectable()
export class SubmissionRepository {
  constructor(
    @InjectRepository(Submission) private readonly submissions: Repository<Submission>,
    private readonly dataSource: DataSource,
  ) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /**
   * The submission, its file links, its outbox row and its audit row in one statement: without a
   * `manager` it is its own transaction, run as a prepared statement. The statement checks what was
   * taken from memory (`expectedLatest`, `author`) and inserts nothing when it no longer holds; an id
   * already stored inserts nothing either (`createdAt` null).
   */
  async insert(manager: EntityManager | null, row: NewSubmission, audit: AuditRow): Promise<InsertOutcome> {
    const params = new SqlParams();
    // Also read by the checks below.
    const themeId = params.add(row.themeId, 'uuid');
    const submittedBy = params.add(row.submittedBy, 'uuid');
    const values = [
      params.add(row.id, 'uuid'),
      themeId,
      params.add(row.version, 'int'),
      params.add(row.isTest, 'boolean'),
      params.add(row.isReport, 'boolean'),
      params.add(row.regionCode, 'text'),
      params.add(row.periodKey, 'text'),
      params.add(JSON.stringify(row.data), 'jsonb'),
      params.add(row.requestHash, 'text'),
      params.add(row.rootId, 'uuid'),
      params.add(row.revision, 'int'),
      submittedBy,
      // Never after the moment the row is written, whatever this process's clock said.
      ((filled) => `CASE WHEN ${filled} IS NULL THEN NULL ELSE least(${filled}, now()) END`)(params.add(row.filledAt, 'timestamptz')),
    ];
    // Checked in the statement that writes, so a change not yet heard of by this process still counts.
    const checks = ['true'];
    if (row.expectedLatest !== null) checks.push(themeStillAtSql(params, themeId, row.expectedLatest));
    if (row.author !== null) checks.push(userUnchangedSql(params, submittedBy, row.author));
    // Test fills never reach the aggregation workers; the two texts are two prepared statements.
    const changed = row.isTest
      ? ''
      : `, changed AS (
        ${outboxInsertSql(params, 'submission.changed', { themeId: row.themeId, regionCode: row.regionCode, periodKey: row.periodKey, submissionId: row.id }, 's')}
      )`;
    const sql = `
      WITH checked AS (SELECT ${checks.join(' AND ')} AS ok), s AS (
        INSERT INTO submission (id, theme_id, version, is_test, is_report, region_code, period_key, data, request_hash, root_id, revision, submitted_by, filled_at)
        SELECT ${values.join(', ')} FROM checked WHERE checked.ok
        ON CONFLICT (id) DO NOTHING
        RETURNING id, created_at
      ), linked AS (
        INSERT INTO submission_file (submission_id, file_id) SELECT s.id, unnest(${params.add(row.fileIds, 'uuid[]')}) FROM s ON CONFLICT DO NOTHING
      )${changed}, audited AS (
        ${auditInsertSql(params, audit, 's')}
      )
      SELECT (SELECT created_at FROM s) AS "createdAt", (SELECT ok FROM checked) AS "stillValid"`;
    const [outcome] = manager ? await rows<InsertOutcome>(manager, sql, params.values) : await preparedRows<InsertOutcome>(this.dataSource, sql, params.values);
    return outcome;
  }

  /**
   * New records of one theme in one statement per batch, each with its `submission.changed` outbox
   * row, inside the caller's transaction: an import stores all its rows or none. Ids already stored
   * insert nothing (a file uploaded again); answers how many were new.
   */
  async insertMany(manager: EntityManager, themeId: string, submittedBy: string, batch: NewSubmission[]): Promise<number> {
    if (!batch.length) return 0;
    const params = new SqlParams();
    const theme = params.add(themeId, 'uuid');
    const sql = `
      WITH s AS (
        INSERT INTO submission (id, theme_id, version, is_test, is_report, region_code, period_key, data, request_hash, root_id, revision, submitted_by, filled_at)
        SELECT u.id, ${theme}, u.version, false, false, u.region_code, u.period_key, u.data, u.request_hash, u.id, 1, ${params.add(submittedBy, 'uuid')}, NULL
        FROM unnest(${params.add(batch.map((r) => r.id), 'uuid[]')}, ${params.add(batch.map((r) => r.version))}::int[], ${params.add(batch.map((r) => r.regionCode), 'text[]')},
          ${params.add(batch.map((r) => r.periodKey), 'text[]')}, ${params.add(batch.map((r) => JSON.stringify(r.data)))}::jsonb[], ${params.add(batch.map((r) => r.requestHash), 'text[]')})
          AS u(id, version, region_code, period_key, data, request_hash)
        ON CONFLICT (id) DO NOTHING
        RETURNING id, region_code, period_key
      ), changed AS (
        ${outboxRowsSql(params, 'submission.changed', `jsonb_build_object('themeId', ${theme}, 'regionCode', s.region_code, 'periodKey', s.period_key, 'submissionId', s.id)`, 's')}
      )
      SELECT count(*)::int AS stored FROM s`;
    const [{ stored }] = await rows<{ stored: number }>(manager, sql, params.values);
    return stored;
  }

  async isStored(id: string, manager?: EntityManager): Promise<boolean> {
    const sql = `SELECT 1 AS found FROM submission WHERE id = $1`;
    const found = manager ? await rows<{ found: number }>(manager, sql, [id]) : await preparedRows<{ found: number }>(this.dataSource, sql, [id]);
    return found.length > 0;
  }

  find(id: string, db: EntityManager | DataSource = this.dataSource): Promise<Submission | null> {
    return db.getRepository(Submission).findOneBy({ id });
  }

  /** What a replay is judged by: the hash of the request that stored `id`. */
  async requestHash(id: string): Promise<string | null> {
    const row = await firstRow<{ requestHash: string }>(this.dataSource, `SELECT request_hash AS "requestHash" FROM submission WHERE id = $1`, [id]);
    return row?.requestHash ?? null;
  }

  /** Every revision of a chain, oldest first. */
  chain(rootId: string): Promise<Submission[]> {
    return this.submissions.find({ where: { rootId }, order: { revision: 'ASC' } });
  }

  revision(rootId: string, revision: number): Promise<Submission | null> {
    return this.submissions.findOneBy({ rootId, revision });
  }

  events(id: string): Promise<SubmissionEvent[]> {
    return rows<SubmissionEvent>(this.dataSource, `SELECT action, actor_id AS "actorId", comment, at FROM submission_event WHERE submission_id = $1 ORDER BY id`, [id]);
  }

  /** A page, newest first. */
  page(query: SubmissionQuery): Promise<Submission[]> {
    // Ordered by the millisecond the cursor can carry (a Date has no microseconds), then by id, so
    // submissions made within one millisecond are neither skipped nor repeated across pages.
    const createdMs = "date_trunc('milliseconds', s.created_at)";
    const builder = this.submissions
      .createQueryBuilder('s')
      .where('s.theme_id = :theme', { theme: query.themeId })
      .andWhere(subtreeCondition('s.region_code', ':region'), { region: query.region })
      .andWhere('s.is_test = :test', { test: query.test })
      .orderBy(createdMs, 'DESC')
      .addOrderBy('s.id', 'DESC')
      .limit(query.limit);
    if (query.period) builder.andWhere('s.period_key = :period', { period: query.period });
    if (query.submittedBy) builder.andWhere('s.submitted_by = :me', { me: query.submittedBy });
    if (query.before) builder.andWhere(`(${createdMs}, s.id) < (:at::timestamptz, :id::uuid)`, query.before);
    return builder.getMany();
  }

  /** A page of current, non-test submissions of any theme, newest first (ordered as `page`). */
  pageAcrossThemes(query: AcrossThemesQuery): Promise<Submission[]> {
    const createdMs = "date_trunc('milliseconds', s.created_at)";
    const builder = this.submissions
      .createQueryBuilder('s')
      .where(subtreeCondition('s.region_code', ':region'), { region: query.region })
      .andWhere('s.current AND NOT s.is_test')
      .orderBy(createdMs, 'DESC')
      .addOrderBy('s.id', 'DESC')
      .limit(query.limit);
    if (query.themeId) builder.andWhere('s.theme_id = :theme', { theme: query.themeId });
    if (query.submittedBy) builder.andWhere('s.submitted_by = :me', { me: query.submittedBy });
    if (query.period) builder.andWhere('s.period_key = :period', { period: query.period });
    if (query.status) builder.andWhere('s.status = :status', { status: query.status });
    if (query.before) builder.andWhere(`(${createdMs}, s.id) < (:at::timestamptz, :id::uuid)`, query.before);
    return builder.getMany();
  }

  /**
   * The current report of a region and period, locked against a concurrent report of the same cell
   * until `manager` commits.
   */
  async lockCurrentReport(manager: EntityManager, cell: { themeId: string; regionCode: string; periodKey: string; isTest: boolean }): Promise<Submission | null> {
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`report:${cell.themeId}:${cell.regionCode}:${cell.periodKey}:${cell.isTest}`]);
    return manager.getRepository(Submission).findOneBy({ ...cell, current: true, isReport: true });
  }

  /** The submission `id`, locked against a concurrent revision of it until `manager` commits. */
  async lockForRevision(manager: EntityManager, id: string): Promise<Submission | null> {
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`submission:${id}`]);
    return manager.getRepository(Submission).findOneBy({ id });
  }

  /** A newer revision replaces it. */
  async markReplaced(manager: EntityManager, id: string): Promise<void> {
    await manager.update(Submission, { id }, { current: false, updatedAt: () => 'now()' });
  }

  async review(manager: EntityManager, id: string, review: { status: SubmissionStatus; comment: string | null; reviewerId: string }): Promise<void> {
    await manager.update(Submission, { id }, { status: review.status, reviewComment: review.comment, reviewedBy: review.reviewerId, reviewedAt: () => 'now()', updatedAt: () => 'now()' });
    await manager.query(`INSERT INTO submission_event (submission_id, action, actor_id, comment) VALUES ($1, $2, $3, $4)`, [id, review.status, review.reviewerId, review.comment]);
  }

  /** Submissions by id, as webhooks describe them; run inside the relay's transaction. */
  summaries(manager: EntityManager, ids: string[]): Promise<SubmissionSummary[]> {
    return rows<SubmissionSummary>(
      manager,
      `SELECT s.id, s.theme_id AS "themeId", s.is_test AS "isTest", jsonb_build_object(
         'id', s.id, 'regionCode', s.region_code, 'periodKey', s.period_key, 'version', s.version,
         'revision', s.revision, 'rootId', s.root_id, 'status', s.status, 'createdAt', s.created_at) AS body
       FROM submission s WHERE s.id = ANY($1::uuid[])`,
      [ids],
    );
  }
}
