import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { Conflict, DomainError, Forbidden, NotFound } from '../../common/domain-error';
import type { MessageLanguage } from '../../../../schemas/validator';
import { Page, toPage } from '../../common/pagination';
import { AuditService } from '../audit/audit.service';
import { hashPassword } from '../auth/auth.service';
import { isWithinRegion } from '../regions/region-scope';
import { RegionsService } from '../regions/regions.service';
import type { CreateUserDto } from './dto/create-user.dto';
import type { UpdateUserDto } from './dto/update-user.dto';
import { BULK_USERS_MAX, BulkRowError, BulkUserInput, checkRows, firstPassword, normalizeRow } from './bulk-users';
import type { User } from './user.entity';
import { UserChanges, UserRepository } from './user.repository';
import { toUserView, UserView } from './user-view';

export interface DemoAccount {
  username: string;
  password: string;
  role: User['role'];
  regionCode: string;
}

/** A user made by a bulk upload or a reset, with the first password shown this once. */
export interface UserWithPassword extends UserView {
  password: string;
}

export interface BulkResult {
  /** False for a dry run: the rows were checked, nothing was stored. */
  created: boolean;
  rows: number;
  users: UserWithPassword[];
}

export class UserRowsInvalid extends DomainError {
  constructor(errors: BulkRowError[]) {
    super(
      422,
      'USER_ROWS_INVALID',
      'Some rows are invalid',
      `${new Set(errors.map((error) => error.row)).size} baris tidak bisa dibuat; tidak ada pengguna yang dibuat`,
      errors.map((error) => ({ path: `/rows/${error.row - 1}/${error.field}`, keyword: 'row', message: error.message, row: error.row, field: error.field })),
    );
  }
}

/** Argon2 hashes in flight at once: the thread pool's size, so a big upload does not starve requests for long. */
const HASH_CONCURRENCY = 4;

const DEMO_ACCOUNTS: Omit<DemoAccount, 'password'>[] = [
  { username: 'admin', role: 'admin', regionCode: '18.72' },
  { username: 'kader.rejomulyo', role: 'kader', regionCode: '18.72.05.1001' },
  { username: 'opd', role: 'opd', regionCode: '18.72' },
];
const DEMO_NAMES: Record<string, string> = {
  admin: 'Admin TP-PKK Kota Metro',
  'kader.rejomulyo': 'Kader Rejomulyo',
  opd: 'Bappeda Kota Metro',
};

@Injectable()
export class UsersService {
  private readonly logger = new Logger('UsersService');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UserRepository,
    private readonly regions: RegionsService,
    private readonly audit: AuditService,
  ) {}

  async create(actor: User, input: CreateUserDto, ip?: string): Promise<UserView> {
    await this.regions.getInScope(input.regionCode, actor.regionCode);
    const passwordHash = await hashPassword(input.password);
    return this.users.transaction(async (manager) => {
      // The unique index decides, so two admins creating the same username at once get one 201 and one 409.
      const user = await this.users.insert(
        { username: input.username, passwordHash, displayName: input.displayName, role: input.role, regionCode: input.regionCode },
        manager,
      );
      if (!user) throw new Conflict('USERNAME_TAKEN', `Nama pengguna ${input.username} sudah dipakai`);
      await this.audit.record(
        { actor, action: 'user.created', targetType: 'user', targetId: user.id, regionCode: user.regionCode, ip, details: { username: user.username, role: user.role } },
        manager,
      );
      return toUserView(user);
    });
  }

  /**
   * Many users at once from a spreadsheet's rows: every row is checked first (`{row, field, message}`
   * in the caller's language) and then all are created in one transaction, or none. Each gets a
   * generated first password, answered this once and stored only as a hash.
   */
  async createMany(actor: User, inputs: BulkUserInput[], dryRun: boolean, language: MessageLanguage, ip?: string): Promise<BulkResult> {
    const rows = inputs.slice(0, BULK_USERS_MAX).map(normalizeRow);
    const [regions, takenUsernames] = await Promise.all([
      this.regions.names(rows.map((row) => row.regionCode).filter(Boolean)),
      this.users.takenUsernames(rows.map((row) => row.username)),
    ]);
    const errors = checkRows(rows, { scope: actor.regionCode, regions: new Set(regions.keys()), takenUsernames, language });
    if (errors.length) throw new UserRowsInvalid(errors);
    if (dryRun) return { created: false, rows: rows.length, users: [] };
    const passwords = rows.map(() => firstPassword());
    const hashes = await mapLimited(passwords, HASH_CONCURRENCY, hashPassword);
    return this.users.transaction(async (manager) => {
      const created = await this.users.insertMany(manager, rows.map((row, index) => ({ ...row, passwordHash: hashes[index] })));
      if (!created) throw new Conflict('USERNAME_TAKEN', 'Nama pengguna sudah dipakai oleh pengguna yang baru dibuat; unggah lagi');
      await this.audit.recordMany(
        created.map((user) => ({
          actor,
          action: 'user.created',
          targetType: 'user',
          targetId: user.id,
          regionCode: user.regionCode,
          ip,
          details: { username: user.username, role: user.role, bulk: true },
        })),
        manager,
      );
      return { created: true, rows: rows.length, users: created.map((user, index) => ({ ...toUserView(user), password: passwords[index] })) };
    });
  }

  /** A new generated password, answered once; the user's logins end. */
  async resetPassword(actor: User, id: string, ip?: string): Promise<UserWithPassword> {
    const user = await this.findInScope(actor, id);
    const password = firstPassword();
    const passwordHash = await hashPassword(password);
    return this.users.transaction(async (manager) => {
      const updated = await this.users.update(manager, user.id, { passwordHash });
      await this.users.endLogins(manager, user.id);
      await this.audit.record(
        { actor, action: 'user.password_reset', targetType: 'user', targetId: user.id, regionCode: user.regionCode, ip, details: { username: user.username } },
        manager,
      );
      return { ...toUserView(updated), password };
    });
  }

  async list(actor: User, regionCode: string | undefined, limit: number, cursor: string | null, search?: string): Promise<Page<UserView>> {
    const words = search?.trim().slice(0, 100) || null;
    const found = await this.users.page(regionCode ?? actor.regionCode, limit + 1, cursor, words);
    const page = toPage(found, limit, (user) => user.username);
    return { items: page.items.map(toUserView), nextCursor: page.nextCursor };
  }

  async get(actor: User, id: string): Promise<UserView> {
    return toUserView(await this.findInScope(actor, id));
  }

  async update(actor: User, id: string, input: UpdateUserDto, ip?: string): Promise<UserView> {
    const user = await this.findInScope(actor, id);
    // An admin cannot change their own role, region or status: nobody raises their own rights.
    if (user.id === actor.id && (input.role !== undefined || input.regionCode !== undefined || input.disabled !== undefined)) {
      throw new Forbidden('Anda tidak boleh mengubah peran, wilayah atau status akun Anda sendiri');
    }
    if (input.regionCode !== undefined) await this.regions.getInScope(input.regionCode, actor.regionCode);
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const key of ['role', 'regionCode', 'disabled', 'displayName'] as const) {
      if (input[key] !== undefined && input[key] !== user[key]) changes[key] = { from: user[key], to: input[key] };
    }
    const passwordHash = input.password !== undefined ? await hashPassword(input.password) : undefined;
    const update: UserChanges = {
      ...(input.role !== undefined && { role: input.role }),
      ...(input.regionCode !== undefined && { regionCode: input.regionCode }),
      ...(input.disabled !== undefined && { disabled: input.disabled }),
      ...(input.displayName !== undefined && { displayName: input.displayName }),
      ...(passwordHash !== undefined && { passwordHash }),
    };
    return this.users.transaction(async (manager) => {
      const updated = await this.users.update(manager, user.id, update);
      // New rights or a new password mean a new login: the old tokens stop at once.
      const endsLogins = passwordHash !== undefined || Boolean(changes.role || changes.regionCode || changes.disabled);
      if (endsLogins) await this.users.endLogins(manager, user.id);
      const action = changes.role ? 'user.role_changed' : changes.disabled ? (input.disabled ? 'user.disabled' : 'user.enabled') : 'user.updated';
      await this.audit.record(
        {
          actor,
          action,
          targetType: 'user',
          targetId: user.id,
          regionCode: input.regionCode ?? user.regionCode,
          ip,
          details: { username: user.username, changes, passwordChanged: passwordHash !== undefined },
        },
        manager,
      );
      return toUserView(updated);
    });
  }

  /**
   * First start with an empty user table: the demo accounts the README names. Passwords come from
   * DEMO_PASSWORD or are random, and are returned so the caller prints them once.
   */
  async seedDemo(): Promise<DemoAccount[]> {
    if (!this.config.seedDemo || (await this.users.count()) > 0) return [];
    const created: DemoAccount[] = [];
    for (const account of DEMO_ACCOUNTS) {
      const password = this.config.demoPassword ?? randomBytes(9).toString('base64url');
      await this.users.insert({
        username: account.username,
        passwordHash: await hashPassword(password),
        displayName: DEMO_NAMES[account.username],
        role: account.role,
        regionCode: account.regionCode,
      });
      created.push({ ...account, password });
    }
    await this.audit.record({ action: 'user.demo_seeded', targetType: 'user', regionCode: '18.72', details: { usernames: created.map((a) => a.username) } });
    this.logger.log(`Created ${created.length} demo accounts`);
    return created;
  }

  private async findInScope(actor: User, id: string): Promise<User> {
    const user = await this.users.find(id);
    if (!user || !isWithinRegion(user.regionCode, actor.regionCode)) throw new NotFound('Pengguna');
    return user;
  }
}

/** `work` over `items` with at most `limit` running at once, answers in the items' order. */
async function mapLimited<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
