import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { BadRequest } from '../../common/domain-error';
import { Page, toPage } from '../../common/pagination';
import { subtreeCondition } from '../regions/region-scope';
import { AuditLog } from './audit-log.entity';

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

const AUDIT_COLUMNS = 'actor_id, actor_username, action, target_type, target_id, region_code, ip, details';
const AUDIT_TYPES = ['uuid', 'text', 'text', 'text', 'text', 'text', 'text', 'jsonb'];

function auditValues(entry: AuditEntry): unknown[] {
  return [
    entry.actor?.id ?? null,
    entry.actor?.username ?? entry.actorUsername ?? null,
    entry.action,
    entry.targetType ?? null,
    entry.targetId ?? null,
    entry.regionCode ?? null,
    entry.ip ?? null,
    JSON.stringify(withoutSecrets(entry.details ?? {})),
  ];
}

/**
 * `INSERT INTO audit_log … SELECT …`, its values bound through `bind`. With `from`, the row is written
 * once per row `from` yields: a caller can write its audit row in the same statement as the change.
 */
export function auditInsert(entry: AuditEntry, bind: (value: unknown) => string, from?: string): string {
  const values = auditValues(entry).map((value, i) => `${bind(value)}::${AUDIT_TYPES[i]}`);
  return `INSERT INTO audit_log (${AUDIT_COLUMNS}) SELECT ${values.join(', ')}${from ? ` FROM ${from}` : ''}`;
}

@Injectable()
export class AuditService {
  constructor(@InjectRepository(AuditLog) private readonly logs: Repository<AuditLog>) {}

  /** Pass the transaction's manager so the audit row commits (or not) with the change it records. */
  async record(entry: AuditEntry, manager?: EntityManager): Promise<void> {
    const params: unknown[] = [];
    await (manager ?? this.logs.manager).query(auditInsert(entry, (value) => `$${params.push(value)}`), params);
  }

  /** Newest first; the cursor is the last id seen. */
  async list(regionCode: string, limit: number, cursor: string | null, action?: string): Promise<Page<AuditLog>> {
    const query = this.logs
      .createQueryBuilder('log')
      .where(subtreeCondition('log.region_code', ':region'), { region: regionCode })
      .orderBy('log.id', 'DESC')
      .limit(limit + 1);
    if (cursor !== null) {
      // Our cursors are bigint ids; anything else (or a number past bigint) is not one of ours.
      if (!/^\d{1,18}$/.test(cursor)) throw new BadRequest('INVALID_CURSOR', 'cursor tidak valid');
      query.andWhere('log.id < :cursor', { cursor });
    }
    if (action) query.andWhere('log.action = :action', { action });
    return toPage(await query.getMany(), limit, (log) => log.id);
  }
}
