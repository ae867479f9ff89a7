import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { periodLabel } from '../../../../schemas/labels/period-label';
import { recordSummary } from '../../../../schemas/labels/record-summary';
import type { CompiledValidator, FieldError, MessageLanguage } from '../../../../schemas/validator';
import { contentHash, hashOfCanonical } from '../../common/canonical-json';
import { BadRequest, Conflict, DomainError, Forbidden, NotFound, RegionOutOfScope, Unauthorized, ValidationFailed } from '../../common/domain-error';
import { decodeCursor, invalidCursor, Page, toPage } from '../../common/pagination';
import { AuditEntry, auditRow, AuditService } from '../audit/audit.service';
import { ACCESS_POLICY, policyKey } from '../auth/access-policy';
import { AuthService } from '../auth/auth.service';
import { FilesService } from '../files/files.service';
import { NotificationsService } from '../notifications/notifications.service';
import { writeOutbox } from '../jobs/outbox.repository';
import { isWithinRegion } from '../regions/region-scope';
import { RegionsService } from '../regions/regions.service';
import type { ThemeDefinition } from '../../../../schemas/theme-definition';
import { ThemeNotFound } from '../themes/theme-errors';
import { ThemeRef, ThemesService } from '../themes/themes.service';
import type { User } from '../users/user.entity';
import type { CreateSubmissionDto } from './dto/create-submission.dto';
import type { CreateTestSubmissionDto } from './dto/create-test-submission.dto';
import { withCalculatedFields } from './calculated-fields';
import { FileReference, fileReferences } from './file-references';
import { ALL_PERIODS, isValidPeriodKey, periodKeyAt, periodStart, trustedFilledAt } from './period';
import { SUBMISSION_STATUSES, type Submission, type SubmissionStatus } from './submission.entity';
import { NewSubmission, SubmissionRepository } from './submission.repository';

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

/** A submission as lists show it to a person: which theme, which record, which period, in words. */
export interface LabelledSubmissionView extends SubmissionView {
  themeTitle: string;
  /** The values that name the record (the theme's `summary` fields); null when they are empty. */
  summary: string | null;
  periodLabel: string;
}

export interface SubmissionDetail extends LabelledSubmissionView {
  revisions: { id: string; revision: number; status: SubmissionStatus; current: boolean; createdAt: Date }[];
  events: { action: string; actorId: string | null; comment: string | null; at: Date }[];
}

export interface CreateResult {
  replayed: boolean;
  submission: SubmissionView;
}

/** The spelling the server issues ids in (and the `file-id` format accepts). */
const CANONICAL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** `<ISO instant>|<id>` as `list` issues it; anything else is not one of our cursors (400, not a failed cast). */
function listCursor(raw: string | undefined): { at: string; id: string } | null {
  const key = decodeCursor(raw);
  if (key === null) return null;
  const [at, id, ...rest] = key.split('|');
  if (rest.length || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(at) || Number.isNaN(Date.parse(at)) || !CANONICAL_UUID.test(id ?? '')) {
    throw invalidCursor();
  }
  return { at, id };
}

class Unprocessable extends DomainError {
  constructor(code: string, detail: string, path?: string) {
    super(422, code, 'Unprocessable submission', detail, path ? [{ path, keyword: code.toLowerCase(), message: detail }] : undefined);
  }
}

/** Ids named in one read's audit row; a longer page is counted, not listed. */
const AUDITED_READ_IDS = 100;

type SubmissionRow = Pick<
  Submission,
  'id' | 'version' | 'regionCode' | 'periodKey' | 'status' | 'current' | 'isTest' | 'revision' | 'data' | 'reviewComment' | 'reviewedAt' | 'submittedBy' | 'createdAt'
>;

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

/** A published version as an import checks its rows against it, read once per import. */
export interface ImportTarget {
  themeId: string;
  slug: string;
  version: number;
  definition: ThemeDefinition;
  validate: CompiledValidator['validate'];
}

/** One row of an import as the submissions service judges it. */
export interface ImportRowInput {
  id: string;
  regionCode: string | null;
  /** A period key; absent: the current period, as for POST. */
  period: string | undefined;
  data: Record<string, unknown>;
  /** `canonicalJson(data)`: the import makes it once per row (for the row's id too). */
  canonicalData: string;
}

export type CheckedImportRow = { ok: true; row: NewSubmission } | { ok: false; errors: FieldError[] };

/** Who may submit, as `AccessGuard` decided it for the user it authenticated. */
const SUBMIT_POLICY = ACCESS_POLICY[policyKey('POST', '/api/themes/:slug/submissions')];

export interface AcrossThemesListQuery {
  mine: boolean;
  theme?: string;
  status?: string;
  region?: string;
  period?: string;
  limit: number;
  cursor?: string;
}

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
    private readonly submissions: SubmissionRepository,
    private readonly themes: ThemesService,
    private readonly regions: RegionsService,
    private readonly files: FilesService,
    private readonly audit: AuditService,
    private readonly auth: AuthService,
    private readonly notifications: NotificationsService,
  ) {}

  /**
   * Validates against the pinned version and stores. The client's UUID makes it idempotent: the same
   * id with the same request answers the stored result (replayed), with another request 409.
   * A new record is one statement when the theme and region are in memory (ThemesService.ref,
   * RegionsService.level): an id already stored is found by the insert itself. A report or a revision adds a transaction that
   * locks the chain it replaces.
   */
  async create(actor: User, slug: string, input: CreateSubmissionDto, lang: MessageLanguage, now = new Date()): Promise<CreateResult> {
    // filledAt is when, not what: a retry stamped otherwise (an app updated between two tries) is still the same submission.
    const requestHash = contentHash({ slug, ...input, id: undefined, filledAt: undefined });
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
          this.themes.forgetRef(slug);
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
        if (await this.submissions.isStored(input.id)) return this.replay(input.id, requestHash);
        // The kept theme may be a moment behind a publish: decide once more from the database.
        if (!attempt.cached || attempt.fresh) throw error;
        this.themes.forgetRef(slug);
        attempt.fresh = true;
      }
    }
  }

  /**
   * A test fill of the draft from the designer, checked by the draft's validator exactly as a real
   * fill is checked by its version's. It is stored as a test (never counted, exported or shown as
   * missing) in the admin's own region and the current period: the designer asks for neither.
   */
  async createTest(actor: User, slug: string, input: CreateTestSubmissionDto, lang: MessageLanguage, now = new Date()): Promise<CreateResult> {
    const requestHash = contentHash({ slug, test: true, data: input.data });
    const theme = await this.themes.theme(slug);
    if (!isWithinRegion(theme.ownerRegionCode, actor.regionCode)) throw new ThemeNotFound(slug);
    // Asked first: it refuses a theme without a draft.
    const validator = this.themes.draftValidator(theme);
    const definition = theme.draft!;
    const data = withCalculatedFields(definition, input.data);
    const result = validator.validate(data, lang);
    if (!result.valid) throw new ValidationFailed(result.errors);
    const files = fileReferences(definition.schema, data);
    await this.checkFiles(actor, files);
    const row: NewSubmission = {
      id: input.id,
      themeId: theme.id,
      version: 0,
      isTest: true,
      // Never a report: a test fill has no revisions to chain.
      isReport: false,
      // Never counted for completeness, so when it was filled does not matter.
      filledAt: null,
      regionCode: actor.regionCode,
      periodKey: this.periodKey(definition, undefined, now),
      data,
      requestHash,
      rootId: input.id,
      revision: 1,
      submittedBy: actor.id,
      fileIds: [...new Set(files.map((f) => f.fileId))],
      expectedLatest: null,
      author: null,
    };
    const audit: AuditEntry = {
      actor,
      action: 'submission.created',
      targetType: 'submission',
      targetId: input.id,
      regionCode: actor.regionCode,
      details: { theme: slug, version: 0, periodKey: row.periodKey, revision: 1, test: true },
    };
    try {
      return { replayed: false, submission: this.newView(row, slug, null, await this.insert(null, row, audit)) };
    } catch (error) {
      if (error instanceof IdTaken) return this.replay(input.id, requestHash);
      throw error;
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
    const [{ ref: theme, cached }, regionLevel] = await Promise.all([this.themes.ref(slug, attempt.fresh), this.regions.level(input.regionCode)]);
    attempt.cached = cached;
    if (theme === null) throw new ThemeNotFound(slug);
    const { version, definition, validate } = await this.pinVersion(actor, theme, input);
    if (regionLevel === null || !isWithinRegion(input.regionCode, actor.regionCode)) throw new RegionOutOfScope(input.regionCode);
    if (regionLevel !== definition.regionLevel) {
      throw new Unprocessable('REGION_LEVEL_MISMATCH', `Tematik ini diisi per ${definition.regionLevel}, bukan ${regionLevel}`, '/regionCode');
    }
    const periodKey = this.periodKey(definition, input.period, now);
    const data = withCalculatedFields(definition, input.data);
    const result = validate(data, lang);
    if (!result.valid) throw new ValidationFailed(result.errors);
    const files = fileReferences(definition.schema, data);
    await this.checkFiles(actor, files);

    const row: NewSubmission = {
      id: input.id,
      themeId: theme.id,
      version,
      isTest: input.test === true,
      isReport: definition.unit === 'report',
      regionCode: input.regionCode,
      periodKey,
      data,
      requestHash,
      rootId: input.id,
      revision: 1,
      submittedBy: actor.id,
      filledAt: trustedFilledAt(definition.period, periodKey, input.filledAt, now),
      fileIds: [...new Set(files.map((f) => f.fileId))],
      // A version defaulted from a kept theme is stored only if it is still the latest.
      expectedLatest: cached && input.version === undefined ? version : null,
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
    return this.submissions.transaction(async (manager) => {
      const previous = await this.previousRevision(manager, actor, theme, definition, input, row.regionCode, periodKey);
      if (previous) {
        await this.submissions.markReplaced(manager, previous.id);
        Object.assign(row, { rootId: previous.rootId, revision: previous.revision + 1 });
      }
      const createdAt = await this.insert(manager, row, audit(previous));
      return { replayed: false, submission: this.newView(row, slug, previous?.id ?? null, createdAt) };
    });
  }

  /** The version an import loads into: `version`, or the latest published. */
  async importTarget(slug: string, version?: number): Promise<ImportTarget> {
    const theme = await this.themes.theme(slug);
    if (theme.latestVersion === null) throw new ThemeNotFound(slug);
    const pinned = version ?? theme.latestVersion;
    if (!Number.isInteger(pinned) || pinned < 1 || pinned > theme.latestVersion) throw new Unprocessable('VERSION_NOT_FOUND', `Versi ${pinned} belum terbit`, '/version');
    const definition = await this.themes.definition(theme.id, pinned);
    return { themeId: theme.id, slug, version: pinned, definition, validate: this.themes.validator(theme.id, pinned, definition).validate };
  }

  /**
   * One imported row judged exactly as POST …/submissions judges a submission — region in the
   * caller's subtree and at the theme's level, period, the version's validator with its messages —
   * answered as the row's errors instead of thrown, so a file reports every bad row at once.
   */
  async checkImportRow(actor: User, target: ImportTarget, input: ImportRowInput, lang: MessageLanguage, now = new Date()): Promise<CheckedImportRow> {
    const errors: FieldError[] = [];
    const { definition } = target;
    const regionLevel = input.regionCode ? await this.regions.level(input.regionCode) : null;
    if (!input.regionCode) errors.push({ path: '/regionCode', keyword: 'required', message: lang === 'en' ? 'Region code is required' : 'Kode wilayah wajib diisi' });
    else if (regionLevel === null || !isWithinRegion(input.regionCode, actor.regionCode)) errors.push({ path: '/regionCode', keyword: 'region', message: new RegionOutOfScope(input.regionCode).message });
    else if (regionLevel !== definition.regionLevel) {
      errors.push({ path: '/regionCode', keyword: 'region_level_mismatch', message: `Tematik ini diisi per ${definition.regionLevel}, bukan ${regionLevel}` });
    }
    let periodKey = '';
    try {
      periodKey = this.periodKey(definition, input.period, now);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      errors.push(...(error.errors ?? [{ path: '/period', keyword: 'period', message: error.message }]));
    }
    // Calculated fields are computed as for POST: a value the file holds for one is replaced.
    const data = withCalculatedFields(definition, input.data);
    const result = target.validate(data, lang);
    if (!result.valid) errors.push(...result.errors);
    if (errors.length) return { ok: false, errors };
    const regionCode = input.regionCode!;
    return {
      ok: true,
      row: {
        id: input.id,
        themeId: target.themeId,
        version: target.version,
        isTest: false,
        isReport: definition.unit === 'report',
        regionCode,
        periodKey,
        data,
        // As POST hashes its request, so a later POST of the same id and content is a replay: the
        // object's canonical JSON is written around the data's (keys in canonical order).
        requestHash: hashOfCanonical(
          `{"data":${input.canonicalData},"period":${JSON.stringify(periodKey)},"regionCode":${JSON.stringify(regionCode)},"slug":${JSON.stringify(target.slug)},"version":${target.version}}`,
        ),
        rootId: input.id,
        revision: 1,
        submittedBy: actor.id,
        filledAt: null,
        fileIds: [],
        expectedLatest: null,
        author: null,
      },
    };
  }

  /**
   * Stores checked rows all or none, in one transaction with their outbox rows (so aggregates
   * refresh) and one audit entry. An id already stored is skipped: the same file twice stores once.
   * A report row for a region and period that already has a report becomes its next revision, as POST does.
   */
  async storeImport(actor: User, target: ImportTarget, checked: NewSubmission[], audit: Omit<AuditEntry, 'actor' | 'regionCode'>): Promise<{ stored: number; alreadyStored: number }> {
    const BATCH = 5000;
    return this.submissions.transaction(async (manager) => {
      let stored = 0;
      if (target.definition.unit === 'report') {
        for (const row of checked) {
          if (await this.submissions.isStored(row.id, manager)) continue;
          const previous = await this.submissions.lockCurrentReport(manager, { themeId: target.themeId, regionCode: row.regionCode, periodKey: row.periodKey, isTest: false });
          if (previous) {
            await this.submissions.markReplaced(manager, previous.id);
            Object.assign(row, { rootId: previous.rootId, revision: previous.revision + 1 });
          }
          const entry: AuditEntry = {
            actor,
            action: previous ? 'submission.revised' : 'submission.created',
            targetType: 'submission',
            targetId: row.id,
            regionCode: row.regionCode,
            details: { theme: target.slug, version: row.version, periodKey: row.periodKey, revision: row.revision, ...(previous && { replaces: previous.id }), import: audit.targetId },
          };
          if ((await this.submissions.insert(manager, row, auditRow(entry))).createdAt !== null) stored += 1;
        }
      } else {
        for (let start = 0; start < checked.length; start += BATCH) {
          stored += await this.submissions.insertMany(manager, target.themeId, actor.id, checked.slice(start, start + BATCH));
        }
      }
      await this.audit.record({ ...audit, actor, regionCode: actor.regionCode, details: { ...audit.details, stored, alreadyStored: checked.length - stored } }, manager);
      return { stored, alreadyStored: checked.length - stored };
    });
  }

  async list(actor: User, slug: string, query: ListQuery): Promise<Page<SubmissionView>> {
    const theme = await this.themes.theme(slug);
    const found = await this.submissions.page({
      themeId: theme.id,
      region: query.region || actor.regionCode,
      test: query.test === true,
      period: query.period || undefined,
      submittedBy: query.mine ? actor.id : undefined,
      before: listCursor(query.cursor),
      limit: query.limit + 1,
    });
    const page = toPage(found, query.limit, (s) => `${s.createdAt.toISOString()}|${s.id}`);
    await this.auditReads(actor, page.items.map((s) => ({ ...s, themeId: theme.id })));
    return { items: page.items.map((s) => this.view(s, slug, null)), nextCursor: page.nextCursor };
  }

  /**
   * Current submissions across every theme, newest first. `mine` (always, for a kader): the caller's
   * own. Otherwise an admin's review queue: every submission in the caller's subtree, or in `region`'s
   * (which the guard has checked lies inside it).
   */
  async listAcrossThemes(actor: User, query: AcrossThemesListQuery, lang: MessageLanguage): Promise<Page<LabelledSubmissionView>> {
    const status = query.status || undefined;
    if (status !== undefined && !(SUBMISSION_STATUSES as readonly string[]).includes(status)) {
      throw new BadRequest('INVALID_STATUS', `status harus salah satu dari ${SUBMISSION_STATUSES.join(', ')}`);
    }
    const themeId = query.theme ? (await this.themes.theme(query.theme)).id : undefined;
    const found = await this.submissions.pageAcrossThemes({
      region: query.region || actor.regionCode,
      themeId,
      submittedBy: query.mine || actor.role !== 'admin' ? actor.id : undefined,
      period: query.period || undefined,
      status: status as SubmissionStatus | undefined,
      before: listCursor(query.cursor),
      limit: query.limit + 1,
    });
    const page = toPage(found, query.limit, (s) => `${s.createdAt.toISOString()}|${s.id}`);
    const slugs = await this.themes.slugs(page.items.map((s) => s.themeId));
    const items = await Promise.all(page.items.map((s) => this.labelled(s, slugs.get(s.themeId)!, null, lang)));
    await this.auditReads(actor, page.items);
    return { items, nextCursor: page.nextCursor };
  }

  async get(actor: User, id: string, lang: MessageLanguage = 'id'): Promise<SubmissionDetail> {
    const submission = await this.findInScope(actor, id);
    const [slugs, chain, events] = await Promise.all([this.themes.slugs([submission.themeId]), this.submissions.chain(submission.rootId), this.submissions.events(id)]);
    const previous = chain.find((s) => s.revision === submission.revision - 1);
    await this.auditReads(actor, [submission]);
    return {
      ...(await this.labelled(submission, slugs.get(submission.themeId)!, previous?.id ?? null, lang)),
      revisions: chain.map((s) => ({ id: s.id, revision: s.revision, status: s.status, current: s.current, createdAt: s.createdAt })),
      events,
    };
  }

  async review(actor: User, id: string, status: 'approved' | 'rejected', comment?: string): Promise<SubmissionDetail> {
    const submission = await this.findInScope(actor, id);
    const named = submission.isTest ? null : await this.labelled(submission, '', null, 'id');
    await this.submissions.transaction(async (manager) => {
      await this.submissions.review(manager, id, { status, comment: comment ?? null, reviewerId: actor.id });
      // The person who sent it learns the result in the app (not when they reviewed their own).
      if (named && submission.submittedBy !== actor.id) {
        await this.notifications.notifyReview(manager, {
          submissionId: id,
          submittedBy: submission.submittedBy,
          themeId: submission.themeId,
          themeTitle: named.themeTitle,
          summary: named.summary,
          periodKey: submission.periodKey,
          status,
          comment: comment ?? null,
        });
      }
      if (!submission.isTest) {
        await writeOutbox(manager, 'submission.changed', { themeId: submission.themeId, regionCode: submission.regionCode, periodKey: submission.periodKey, submissionId: id });
      }
      await this.audit.record(
        { actor, action: `submission.${status}`, targetType: 'submission', targetId: id, regionCode: submission.regionCode, details: { previousStatus: submission.status, commented: Boolean(comment) } },
        manager,
      );
    });
    return this.get(actor, id);
  }

  /**
   * A read that answers personal data (a theme that is not `public`, or has personal fields) is
   * audited, one row per request: who read which submissions, never what they hold (UU PDP). Also
   * for the submissions an aggregate's explanation lists (AggregationService.explain).
   */
  async auditReads(actor: User, read: Pick<Submission, 'id' | 'themeId' | 'version' | 'regionCode'>[]): Promise<void> {
    const personal: string[] = [];
    for (const submission of read) {
      const definition = submission.version > 0 ? await this.themes.definition(submission.themeId, submission.version) : null;
      if (definition && (definition.sensitivity !== 'public' || (definition.personalFields?.length ?? 0) > 0)) personal.push(submission.id);
    }
    if (!personal.length) return;
    await this.audit.record({
      actor,
      action: 'submission.read',
      targetType: 'submission',
      targetId: personal.length === 1 ? personal[0] : undefined,
      regionCode: actor.regionCode,
      details: { count: personal.length, submissions: personal.slice(0, AUDITED_READ_IDS) },
    });
  }

  /** Submissions outside the caller's subtree answer 404, exactly like ones that do not exist. */
  async findInScope(actor: User, id: string): Promise<Submission> {
    const submission = await this.submissions.find(id);
    if (!submission || !isWithinRegion(submission.regionCode, actor.regionCode)) throw new NotFound('Kiriman');
    return submission;
  }

  private async replay(id: string, requestHash: string): Promise<CreateResult> {
    if ((await this.submissions.requestHash(id)) !== requestHash) {
      throw new Conflict('SUBMISSION_CONFLICT', `Kiriman ${id} sudah ada dengan isi yang berbeda`, { id });
    }
    const stored = (await this.submissions.find(id))!;
    const [slugs, previous] = await Promise.all([
      this.themes.slugs([stored.themeId]),
      stored.revision > 1 ? this.submissions.revision(stored.rootId, stored.revision - 1) : null,
    ]);
    return { replayed: true, submission: this.view(stored, slugs.get(stored.themeId)!, previous?.id ?? null) };
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
      return this.submissions.lockCurrentReport(manager, { themeId: theme.id, regionCode, periodKey, isTest });
    }
    if (!input.replaces) return null;
    const replaced = await this.submissions.lockForRevision(manager, input.replaces);
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
    const readable = await this.files.readable(actor, ids);
    const missing = references.filter((ref) => !readable.has(ref.fileId));
    if (missing.length) {
      throw new ValidationFailed(missing.map((ref) => ({ path: ref.pointer, keyword: 'format', message: 'Berkas tidak ditemukan; unggah ulang fotonya' })));
    }
  }

  /** Inserts, and turns what the statement found into `StaleContext` or `IdTaken`. */
  private async insert(manager: EntityManager | null, row: NewSubmission, audit: AuditEntry): Promise<Date> {
    const outcome = await this.submissions.insert(manager, row, auditRow(audit));
    if (!outcome.stillValid) throw new StaleContext();
    if (outcome.createdAt === null) throw new IdTaken();
    return outcome.createdAt;
  }

  /** A submission just inserted, answered from what was sent: its JSONB is not read back. */
  private newView(row: NewSubmission, slug: string, replaces: string | null, createdAt: Date): SubmissionView {
    const { id, version, regionCode, periodKey, isTest, revision, data, submittedBy } = row;
    const stored: SubmissionRow = { id, version, regionCode, periodKey, isTest, revision, data, submittedBy, createdAt, status: 'submitted', current: true, reviewComment: null, reviewedAt: null };
    return this.view(stored, slug, replaces);
  }

  /** The view with the words a list shows: the title of the version it was filled in, its summary, its period. */
  private async labelled(s: Submission, slug: string, replaces: string | null, lang: MessageLanguage): Promise<LabelledSubmissionView> {
    const definition = s.version > 0 ? await this.themes.definition(s.themeId, s.version) : null;
    const title = definition ? ((lang === 'en' ? definition.translations?.en?.title : undefined) ?? definition.title) : slug;
    return {
      ...this.view(s, slug, replaces),
      themeTitle: title,
      summary: definition ? recordSummary(definition, s.data) : null,
      periodLabel: periodLabel(s.periodKey, lang),
    };
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
