import { Injectable } from '@nestjs/common';
import { JOB_CATALOG } from '../jobs/job-catalog';
import { JobRegistry } from '../jobs/job-registry';
import { OutboxRelay } from '../jobs/outbox-relay';
import { ImportsService } from './imports.service';

/** The `imports.run` handler, and the sweep that finds import jobs a lost job left queued. */
@Injectable()
export class ImportsProcessor {
  constructor(registry: JobRegistry, relay: OutboxRelay, imports: ImportsService) {
    registry.handle('imports.run', (payload, context) => imports.run(payload.importId, context.attempt, JOB_CATALOG['imports.run'].attempts));
    relay.sweep('Import sweeper', () => imports.sweep());
  }
}
