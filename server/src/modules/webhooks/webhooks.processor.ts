import { Inject, Injectable } from '@nestjs/common';
import { JOB_CATALOG } from '../jobs/job-catalog';
import { JobProducer, JobRequest } from '../jobs/job-producer';
import { JobRegistry } from '../jobs/job-registry';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { OutboxRelay } from '../jobs/outbox-relay';
import { WebhooksService } from './webhooks.service';

const SWEEP_BATCH = 5000;

/** The delivery job, the outbox consumers that create deliveries, and a sweeper for lost jobs. */
@Injectable()
export class WebhooksProcessor {
  constructor(
    registry: JobRegistry,
    relay: OutboxRelay,
    private readonly webhooks: WebhooksService,
    private readonly producer: JobProducer,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    registry.handle('webhooks.deliver', (payload, context) =>
      this.webhooks.deliver(payload.deliveryId, context.attempt >= JOB_CATALOG['webhooks.deliver'].attempts),
    );
    relay.consume('submission.changed', (rows, manager) => this.webhooks.submissionDeliveries(rows, manager));
    relay.consume('aggregate.changed', (rows, manager) => this.webhooks.aggregateDeliveries(rows, manager));
    relay.sweep(
      'Webhook sweeper',
      async () => {
        const stale = await this.webhooks.stalePending(config.jobs.staleAfterMs, SWEEP_BATCH);
        await this.producer.enqueueMany(stale.map((deliveryId): JobRequest => ({ name: 'webhooks.deliver', payload: { deliveryId } })));
        return false;
      },
      Math.max(config.jobs.sweepIntervalMs, config.jobs.staleAfterMs),
    );
  }
}
