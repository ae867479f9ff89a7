import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { BadRequest } from '../../common/domain-error';
import { Page, toPage } from '../../common/pagination';
import type { AuditLog } from './audit-log.entity';
import { AuditRepository, AuditRow } from './audit.repository';

export interface AuditEntry {
  actor?: { id: string; username: string } | null;
  /** Shown when no user is known, e.g. a failed login names the username tried. */
  actorUsername?: string;
  action: string;
  targetType?: string;
  targetId?: string;
  regionCode?: string | null;
  ip?: string;
  details?: Record<string, unknown>;
}

/** Keys that must never reach the audit log, whatever a caller passes in `details`. */
const SECRET_KEYS = /pass(word)?|token|secret|hash/i;

/** A boolean such as `passwordChanged` says that a secret changed, never what it is, so it stays. */
function withoutSecrets(details: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(details).filter(([key, value]) => typeof value === 'boolean' || !SECRET_KEYS.test(key)));
}

/** The row `entry` is stored as. */
export function auditRow(entry: AuditEntry): AuditRow {
  return {
    actorId: entry.actor?.id ?? null,
    actorUsername: entry.actor?.username ?? entry.actorUsername ?? null,
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    regionCode: entry.regionCode ?? null,
    ip: entry.ip ?? null,
    details: withoutSecrets(entry.details ?? {}),
  };
}

@Injectable()
export class AuditService {
  constructor(private readonly logs: AuditRepository) {}

  /** Pass the transaction's manager so the audit row commits (or not) with the change it records. */
  async record(entry: AuditEntry, manager?: EntityManager): Promise<void> {
    await this.logs.insert(auditRow(entry), manager);
  }

  /** Newest first; the cursor is the last id seen. */
  async list(regionCode: string, limit: number, cursor: string | null, action?: string): Promise<Page<AuditLog>> {
    // Our cursors are bigint ids; anything else (or a number past bigint) is not one of ours.
    if (cursor !== null && !/^\d{1,18}$/.test(cursor)) throw new BadRequest('INVALID_CURSOR', 'cursor tidak valid');
    return toPage(await this.logs.page(regionCode, limit + 1, cursor, action), limit, (log) => log.id);
  }
}
