import { AuditLog } from '../modules/audit/audit-log.entity';
import { ApiToken } from '../modules/auth/api-token.entity';
import { LoginFailure } from '../modules/auth/login-failure.entity';
import { Region } from '../modules/regions/region.entity';
import { User } from '../modules/users/user.entity';

/** Every TypeORM entity of every domain. */
export const ENTITIES = [Region, User, ApiToken, LoginFailure, AuditLog];
