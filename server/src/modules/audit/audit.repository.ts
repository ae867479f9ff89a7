import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Db, SqlParams } from '../../database/sql';
import { subtreeCondition } from '../regions/region.repository';
import { AuditLog } from './audit-log.entity';

/** One audit row as written: secrets already removed from `details`. */
export interface AuditRow {
  actorId: string | null;
  actorUsername: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  regionCode: string | null;
  ip: string | null;
  details: Record<string, unknown>;
}

/**
 * `INSERT INTO audit_log … SELECT …`. With `from`, the row is written once per row `from` yields, so
 * a caller can write its audit row in the same statement as the change it records (the ingest).
 */
export function auditInsertSql(params: SqlParams, row: AuditRow, from?: string): string {
  const values = [
    params.add(row.actorId, 'uuid'),
    params.add(row.actorUsername, 'text'),
    params.add(row.action, 'text'),
    params.add(row.targetType, 'text'),
    params.add(row.targetId, 'text'),
    params.add(row.regionCode, 'text'),
    params.add(row.ip, 'text'),
    params.add(JSON.stringify(row.details), 'jsonb'),
  ];
  return `INSERT INTO audit_log (actor_id, actor_username, action, target_type, target_id, region_code, ip, details) SELECT ${values.join(', ')}${from ? ` FROM ${from}` : ''}`;
}

@Injectable()
export class AuditRepository {
  constructor(@InjectRepository(AuditLog) private readonly logs: Repository<AuditLog>) {}

  /** Pass a transaction's manager so the row commits (or not) with the change it records. */
  async insert(row: AuditRow, db: Db = this.logs.manager): Promise<void> {
    const params = new SqlParams();
    await db.query(auditInsertSql(params, row), params.values);
  }

  /** Newest first, below `beforeId` when given. */
  page(regionCode: string, limit: number, beforeId: string | null, action?: string): Promise<AuditLog[]> {
    const query = this.logs
      .createQueryBuilder('log')
      .where(subtreeCondition('log.region_code', ':region'), { region: regionCode })
      .orderBy('log.id', 'DESC')
      .limit(limit);
    if (beforeId !== null) query.andWhere('log.id < :cursor', { cursor: beforeId });
    if (action) query.andWhere('log.action = :action', { action });
    return query.getMany();
  }
}
