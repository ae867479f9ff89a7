import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Db, rows, SqlParams } from '../../database/sql';
import { regionNameSql, subtreeCondition } from '../regions/region.repository';
import { AuditLog } from './audit-log.entity';

/** Narrows a page: exact action, who acted (by username), and a time window `[from, before)`. */
export interface AuditFilter {
  action?: string;
  actor?: string;
  from?: Date;
  before?: Date;
}

/** One audit row as the list answers it, with the name of its region. */
export interface AuditItem {
  id: string;
  at: Date;
  actorId: string | null;
  actorUsername: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  regionCode: string | null;
  regionName: string | null;
  ip: string | null;
  details: Record<string, unknown>;
}

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

  /** Many rows in one statement, in the given order (a bulk add's rows); pass the transaction's manager. */
  async insertMany(entries: AuditRow[], db: Db = this.logs.manager): Promise<void> {
    if (!entries.length) return;
    const column = <K extends keyof AuditRow>(key: K) => entries.map((entry) => entry[key]);
    await db.query(
      `INSERT INTO audit_log (actor_id, actor_username, action, target_type, target_id, region_code, ip, details)
       SELECT actor_id, actor_username, action, target_type, target_id, region_code, ip, details
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::jsonb[])
            WITH ORDINALITY AS row(actor_id, actor_username, action, target_type, target_id, region_code, ip, details, position)
       ORDER BY position`,
      [
        column('actorId'),
        column('actorUsername'),
        column('action'),
        column('targetType'),
        column('targetId'),
        column('regionCode'),
        column('ip'),
        entries.map((entry) => JSON.stringify(entry.details)),
      ],
    );
  }

  /** Newest first, below `beforeId` when given. */
  page(regionCode: string, limit: number, beforeId: string | null, filter: AuditFilter = {}): Promise<AuditItem[]> {
    const params = new SqlParams();
    const where = [subtreeCondition('log.region_code', params.add(regionCode, 'text'))];
    if (beforeId !== null) where.push(`log.id < ${params.add(beforeId, 'bigint')}`);
    if (filter.action) where.push(`log.action = ${params.add(filter.action, 'text')}`);
    if (filter.actor) where.push(`lower(log.actor_username) = lower(${params.add(filter.actor, 'text')})`);
    if (filter.from) where.push(`log.at >= ${params.add(filter.from, 'timestamptz')}`);
    if (filter.before) where.push(`log.at < ${params.add(filter.before, 'timestamptz')}`);
    return rows<AuditItem>(
      this.logs.manager,
      `SELECT log.id::text AS id, log.at, log.actor_id AS "actorId", log.actor_username AS "actorUsername", log.action,
              log.target_type AS "targetType", log.target_id AS "targetId", log.region_code AS "regionCode",
              ${regionNameSql('log.region_code')} AS "regionName", log.ip, log.details
       FROM audit_log log WHERE ${where.join(' AND ')} ORDER BY log.id DESC LIMIT ${params.add(limit, 'int')}`,
      params.values,
    );
  }

  /** The distinct actions recorded in the subtree of `regionCode`, in name order. */
  async actions(regionCode: string): Promise<string[]> {
    const found = await this.logs.manager.query<{ action: string }[]>(
      `SELECT DISTINCT action FROM audit_log WHERE ${subtreeCondition('region_code', '$1')} ORDER BY action`,
      [regionCode],
    );
    return found.map((row) => row.action);
  }
}
