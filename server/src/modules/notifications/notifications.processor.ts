import { Inject, Injectable } from '@nestjs/common';
import { JOB_CATALOG } from '../jobs/job-catalog';
import { JobRegistry } from '../jobs/job-registry';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { OutboxRelay } from '../jobs/outbox-relay';
import { NotificationsService } from './notifications.service';

const SWEEP_BATCH = 5000;
/** Old notifications are looked for hourly (and at start); retention is counted in days. */
const PRUNE_INTERVAL_MS = 3_600_000;

/** The delivery job, a sweep that re-enqueues deliveries whose job was lost, and one that prunes old notifications. */
@Injectable()
export class NotificationsProcessor {
  constructor(
    registry: JobRegistry,
    relay: OutboxRelay,
    private readonly notifications: NotificationsService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    registry.handle('notifications.deliver', (payload, context) =>
      this.notifications.deliver(payload.notificationIds, payload.channel, context.attempt >= JOB_CATALOG['notifications.deliver'].attempts),
    );
    relay.sweep(
      'Notification sweeper',
      async () => {
        const stale = await this.notifications.stalePendingDeliveries(config.jobs.staleAfterMs, SWEEP_BATCH);
        await this.notifications.enqueueDeliveries(stale);
        return false;
      },
      Math.max(config.jobs.sweepIntervalMs, config.jobs.staleAfterMs),
    );
    relay.sweep('Notification pruning', () => this.notifications.pruneOld(), PRUNE_INTERVAL_MS);
  }
}
