import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { JobProducer, JobRequest } from '../jobs/job-producer';
import { JobRegistry } from '../jobs/job-registry';
import { OutboxRelay, OutboxRow } from '../jobs/outbox-relay';
import { ThemesService } from '../themes/themes.service';
import { AggregationEngine } from './aggregation-engine.service';
import { AggregationRepository, ThemeCell } from './aggregation.repository';

const SWEEP_BATCH = 5000;

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
    private readonly repository: AggregationRepository,
    private readonly themes: ThemesService,
    private readonly producer: JobProducer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    registry.handle('aggregation.refresh', async (payload) => {
      await this.engine.refreshCells(payload.themeId, [payload]);
    });
    registry.handle('aggregation.rollup', (payload) => this.engine.rollup(payload.themeId));
    registry.handle('aggregation.recompute', async (payload) => {
      await this.engine.recompute(payload.themeId, payload.force);
    });
    relay.consume('submission.changed', (rows, manager) => this.markDirty(rows, manager));
    relay.consume('theme.published', async (rows) => rows.map((row): JobRequest => ({ name: 'aggregation.recompute', payload: { themeId: row.payload.themeId, force: false } })));
    relay.sweep('Aggregation sweeper', () => this.sweep());
  }

  /**
   * Deduplicates the batch per (theme, region, period) and records each cell as dirty with a new
   * generation, in the relay's transaction, before its refresh job is enqueued.
   */
  private async markDirty(rows: OutboxRow<'submission.changed'>[], manager: EntityManager): Promise<JobRequest[]> {
    const unique = new Map(rows.map(({ payload: { themeId, regionCode, periodKey } }) => [`${themeId}/${regionCode}/${periodKey}`, { themeId, regionCode, periodKey }]));
    const cells = [...unique.values()].sort(
      (a, b) => a.themeId.localeCompare(b.themeId) || a.regionCode.localeCompare(b.regionCode) || a.periodKey.localeCompare(b.periodKey),
    );
    const marked = await this.repository.markDirty(manager, cells);
    return marked.map((cell): JobRequest => ({ name: 'aggregation.refresh', payload: cell }));
  }

  /**
   * Finds work whose job was lost — a dirty cell or roll-up mark older than `staleAfterMs`, a theme
   * whose cells do not match its latest aggregations — and enqueues it again. Deduplication makes
   * this harmless when the job is merely late.
   */
  async sweep(): Promise<boolean> {
    const staleMs = this.config.jobs.staleAfterMs;
    const cells: ThemeCell[] = await this.repository.staleCells(staleMs, SWEEP_BATCH);
    const rollups = await this.repository.staleRollupThemes(staleMs);
    const stored = await this.repository.storedSignatures();
    const outdated = (await this.themes.aggregationSignatures()).filter(({ themeId, signature }) => stored.get(themeId) !== signature);
    await this.producer.enqueueMany([
      ...cells.map((cell): JobRequest => ({ name: 'aggregation.refresh', payload: cell })),
      ...rollups.map((themeId): JobRequest => ({ name: 'aggregation.rollup', payload: { themeId } })),
      ...outdated.map(({ themeId }): JobRequest => ({ name: 'aggregation.recompute', payload: { themeId, force: false } })),
    ]);
    // Re-enqueued now: wait another `staleAfterMs` before trying these again.
    await this.repository.restartAge(cells, rollups);
    return cells.length === SWEEP_BATCH;
  }
}
