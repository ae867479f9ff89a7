import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { UUID } from '../../common/uuid';
import type { AggregationRefreshPayload } from '../jobs/job-catalog';
import { JobProducer, JobRequest } from '../jobs/job-producer';
import { JobRegistry } from '../jobs/job-registry';
import { JOBS_CONFIG, JobsConfig } from '../jobs/jobs-config';
import { OutboxRelay, OutboxRow } from '../jobs/outbox-relay';
import { AggregationEngine } from './aggregation-engine.service';

const REGION = /^[0-9]+(\.[0-9]+)*$/;
const PERIOD = /^[0-9A-Za-z-]{1,16}$/;
const SWEEP_BATCH = 5000;

function isCell(payload: unknown): payload is AggregationRefreshPayload {
  if (!payload || typeof payload !== 'object') return false;
  const { themeId, regionCode, periodKey } = payload as Record<string, unknown>;
  return typeof themeId === 'string' && UUID.test(themeId) && typeof regionCode === 'string' && REGION.test(regionCode) && typeof periodKey === 'string' && PERIOD.test(periodKey);
}

function themeIdOf(payload: unknown): string | null {
  const themeId = payload && typeof payload === 'object' ? (payload as Record<string, unknown>).themeId : undefined;
  return typeof themeId === 'string' && UUID.test(themeId) ? themeId : null;
}

/**
 * Wires aggregation into the job machinery: the handlers of the aggregation jobs, the outbox
 * consumers (a changed submission dirties its base cell; a published version may need a full
 * recompute), and the sweeper that re-enqueues work whose job was lost.
 */
@Injectable()
export class AggregationProcessor {
  constructor(
    registry: JobRegistry,
    relay: OutboxRelay,
    private readonly engine: AggregationEngine,
    private readonly producer: JobProducer,
    private readonly dataSource: DataSource,
    @Inject(JOBS_CONFIG) private readonly config: JobsConfig,
  ) {
    registry.handle('aggregation.refresh', async (payload) => {
      await this.engine.refreshCells(payload.themeId, [payload]);
    });
    registry.handle('aggregation.rollup', (payload) => this.engine.rollup(payload.themeId));
    registry.handle('aggregation.recompute', async (payload) => {
      await this.engine.recompute(payload.themeId, payload.force);
    });
    relay.consume('submission.changed', (rows, manager) => this.markDirty(rows, manager));
    relay.consume('theme.published', async (rows) =>
      rows.flatMap((row): JobRequest[] => {
        const themeId = themeIdOf(row.payload);
        return themeId ? [{ name: 'aggregation.recompute', payload: { themeId, force: false } }] : [];
      }),
    );
    relay.sweep('Aggregation sweeper', () => this.sweep());
  }

  /**
   * Deduplicates the batch per (theme, region, period) and records each cell as dirty with a new
   * generation, in the relay's transaction, before its refresh job is enqueued.
   */
  private async markDirty(rows: OutboxRow[], manager: EntityManager): Promise<JobRequest[]> {
    const cells = [...new Map(rows.map((row) => row.payload).filter(isCell).map((cell) => [`${cell.themeId}/${cell.regionCode}/${cell.periodKey}`, cell])).values()].sort(
      (a, b) => a.themeId.localeCompare(b.themeId) || a.regionCode.localeCompare(b.regionCode) || a.periodKey.localeCompare(b.periodKey),
    );
    if (!cells.length) return [];
    const marked = (await manager.query(
      `INSERT INTO aggregate_dirty_cell (theme_id, region_code, period_key, generation)
       SELECT c.t, c.r, c.p, nextval('aggregate_dirty_generation')
       FROM unnest($1::uuid[], $2::text[], $3::text[]) WITH ORDINALITY AS c(t, r, p, i)
       WHERE EXISTS (SELECT 1 FROM theme WHERE theme.id = c.t)
       ORDER BY c.i
       ON CONFLICT (theme_id, region_code, period_key) DO UPDATE SET generation = EXCLUDED.generation, marked_at = now()
       RETURNING theme_id, region_code, period_key`,
      [cells.map((c) => c.themeId), cells.map((c) => c.regionCode), cells.map((c) => c.periodKey)],
    )) as { theme_id: string; region_code: string; period_key: string }[];
    return marked.map((row) => ({ name: 'aggregation.refresh', payload: { themeId: row.theme_id, regionCode: row.region_code, periodKey: row.period_key } }));
  }

  /**
   * Finds work whose job was lost — a dirty cell or roll-up mark older than `staleAfterMs`, a theme
   * whose cells do not match its latest aggregations — and enqueues it again. Deduplication makes
   * this harmless when the job is merely late.
   */
  async sweep(): Promise<boolean> {
    const staleMs = this.config.staleAfterMs;
    const cells = (await this.dataSource.query(
      `SELECT theme_id, region_code, period_key FROM aggregate_dirty_cell
       WHERE marked_at < now() - make_interval(secs => $1::float8 / 1000) ORDER BY marked_at LIMIT $2`,
      [staleMs, SWEEP_BATCH],
    )) as { theme_id: string; region_code: string; period_key: string }[];
    const rollups = (await this.dataSource.query(
      `SELECT DISTINCT theme_id FROM aggregate_dirty_rollup WHERE marked_at < now() - make_interval(secs => $1::float8 / 1000)`,
      [staleMs],
    )) as { theme_id: string }[];
    const outdated = (await this.dataSource.query(
      `SELECT t.id FROM theme t
       JOIN theme_version v ON v.theme_id = t.id AND v.version = t.latest_version
       LEFT JOIN aggregate_theme a ON a.theme_id = t.id
       WHERE a.signature IS DISTINCT FROM md5((v.definition -> 'aggregations')::text)`,
    )) as { id: string }[];
    const jobs: JobRequest[] = [
      ...cells.map((row): JobRequest => ({ name: 'aggregation.refresh', payload: { themeId: row.theme_id, regionCode: row.region_code, periodKey: row.period_key } })),
      ...rollups.map((row): JobRequest => ({ name: 'aggregation.rollup', payload: { themeId: row.theme_id } })),
      ...outdated.map((row): JobRequest => ({ name: 'aggregation.recompute', payload: { themeId: row.id, force: false } })),
    ];
    await this.producer.enqueueMany(jobs);
    if (cells.length) {
      // Re-enqueued now: wait another `staleAfterMs` before trying these again.
      await this.dataSource.query(
        `UPDATE aggregate_dirty_cell SET marked_at = now()
         WHERE (theme_id, region_code, period_key) IN (SELECT t, r COLLATE "C", p COLLATE "C" FROM unnest($1::uuid[], $2::text[], $3::text[]) AS c(t, r, p))`,
        [cells.map((c) => c.theme_id), cells.map((c) => c.region_code), cells.map((c) => c.period_key)],
      );
    }
    if (rollups.length) {
      await this.dataSource.query(`UPDATE aggregate_dirty_rollup SET marked_at = now() WHERE theme_id = ANY($1::uuid[])`, [rollups.map((r) => r.theme_id)]);
    }
    return cells.length === SWEEP_BATCH;
  }
}
