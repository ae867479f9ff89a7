import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { Conflict, Forbidden, NotFound } from '../../common/domain-error';
import { Page, toPage } from '../../common/pagination';
import { AuditService } from '../audit/audit.service';
import { hashPassword } from '../auth/auth.service';
import { isWithinRegion } from '../regions/region-scope';
import { RegionsService } from '../regions/regions.service';
import type { CreateUserDto } from './dto/create-user.dto';
import type { UpdateUserDto } from './dto/update-user.dto';
import type { User } from './user.entity';
import { UserChanges, UserRepository } from './user.repository';
import { toUserView, UserView } from './user-view';

export interface DemoAccount {
  username: string;
  password: string;
  role: User['role'];
  regionCode: string;
}

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

  async list(actor: User, regionCode: string | undefined, limit: number, cursor: string | null): Promise<Page<UserView>> {
    const found = await this.users.page(regionCode ?? actor.regionCode, limit + 1, cursor);
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
