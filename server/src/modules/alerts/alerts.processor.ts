import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { JobProducer, JobRequest } from '../jobs/job-producer';
import { JobRegistry } from '../jobs/job-registry';
import { OutboxRelay } from '../jobs/outbox-relay';
import { AlertsService } from './alerts.service';

/**
 * Wires alerts into the job machinery: `aggregate.cells-changed` (written by each roll-up of a theme
 * with rules) marks the cells in the relay's transaction and enqueues one `alerts.evaluate` per
 * theme; a sweep re-enqueues themes whose marks outlived their job, and once per due period checks
 * absence rules and re-judges open alerts (a window slides even when nothing is reported).
 */
@Injectable()
export class AlertsProcessor {
  constructor(
    registry: JobRegistry,
    relay: OutboxRelay,
    private readonly alerts: AlertsService,
    private readonly producer: JobProducer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    registry.handle('alerts.evaluate', async (payload) => {
      await this.alerts.evaluate(payload.themeId);
    });
    relay.consume('aggregate.cells-changed', async (rows, manager) => {
      const themes = new Set<string>();
      for (const row of rows) {
        if (await this.alerts.markCells(manager, row.payload.themeId, row.payload.cells)) themes.add(row.payload.themeId);
      }
      return [...themes].map((themeId): JobRequest => ({ name: 'alerts.evaluate', payload: { themeId } }));
    });
    relay.sweep('Alert sweeper', () => this.sweep());
  }

  async sweep(): Promise<boolean> {
    const themes = new Set([...(await this.alerts.staleThemes(this.config.jobs.staleAfterMs)), ...(await this.alerts.sweepAbsence()), ...(await this.alerts.sweepOpen())]);
    await this.producer.enqueueMany([...themes].map((themeId): JobRequest => ({ name: 'alerts.evaluate', payload: { themeId } })));
    return false;
  }
}
