import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { BadRequest } from '../../common/domain-error';
import { invalidCursor, Page, toPage } from '../../common/pagination';
import { AuditFilter, AuditItem, AuditRepository, AuditRow } from './audit.repository';

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

/**
 * Keys whose value is personal data (a person's name, free text about a family, submitted data):
 * the audit log keeps that there was one, as `true`, never the value (UU PDP), at any depth.
 */
const PERSONAL_KEYS = /^(displayName|comment|data|summary|message|nik|nama)$/i;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** A boolean such as `passwordChanged` says that a secret changed, never what it is, so it stays. */
function withoutSecrets(details: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(details)
      .filter(([key, value]) => typeof value === 'boolean' || !SECRET_KEYS.test(key))
      .map(([key, value]) => {
        if (PERSONAL_KEYS.test(key) && value !== undefined && value !== null && typeof value !== 'boolean') return [key, true];
        return [key, isPlainObject(value) ? withoutSecrets(value) : value];
      }),
  );
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

/** The list's filters as the query string gives them. */
export interface AuditQuery {
  action?: string;
  actor?: string;
  from?: string;
  to?: string;
}

const WIB_OFFSET = '+07:00';
const DAY_MS = 86_400_000;

/**
 * A bound of the time window: a date `YYYY-MM-DD` is that WIB day (`to` includes the whole day, so
 * the bound is the next midnight), anything else must be an RFC 3339 time.
 */
export function auditTime(raw: string, name: 'from' | 'to', endOfDay: boolean): Date {
  const isDay = /^\d{4}-\d{2}-\d{2}$/.test(raw);
  const valid = isDay || /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(raw);
  const instant = valid ? new Date(isDay ? `${raw}T00:00:00${WIB_OFFSET}` : raw) : new Date(NaN);
  if (Number.isNaN(instant.getTime())) {
    const message = `${name} harus tanggal YYYY-MM-DD atau waktu RFC 3339`;
    throw new BadRequest('INVALID_QUERY', message, [{ path: `/${name}`, keyword: 'format', message }]);
  }
  return isDay && endOfDay ? new Date(instant.getTime() + DAY_MS) : instant;
}

@Injectable()
export class AuditService {
  constructor(private readonly logs: AuditRepository) {}

  /** Pass the transaction's manager so the audit row commits (or not) with the change it records. */
  async record(entry: AuditEntry, manager?: EntityManager): Promise<void> {
    await this.logs.insert(auditRow(entry), manager);
  }

  /** Like `record` for many entries, written in one statement: a bulk add audits each row it makes. */
  async recordMany(entries: AuditEntry[], manager?: EntityManager): Promise<void> {
    await this.logs.insertMany(entries.map(auditRow), manager);
  }

  /** Newest first; the cursor is the last id seen. */
  async list(regionCode: string, limit: number, cursor: string | null, query: AuditQuery = {}): Promise<Page<AuditItem>> {
    // Our cursors are bigint ids; anything else (or a number past bigint) is not one of ours.
    if (cursor !== null && !/^\d{1,18}$/.test(cursor)) throw invalidCursor();
    const filter: AuditFilter = {
      action: query.action || undefined,
      actor: query.actor || undefined,
      from: query.from ? auditTime(query.from, 'from', false) : undefined,
      before: query.to ? auditTime(query.to, 'to', true) : undefined,
    };
    return toPage(await this.logs.page(regionCode, limit + 1, cursor, filter), limit, (log) => log.id);
  }

  async actions(regionCode: string): Promise<{ items: string[] }> {
    return { items: await this.logs.actions(regionCode) };
  }
}
