import { Injectable } from '@nestjs/common';
import { JOB_CATALOG } from '../jobs/job-catalog';
import { JobRegistry } from '../jobs/job-registry';
import { OutboxRelay } from '../jobs/outbox-relay';
import { ExportsService } from './exports.service';

/** The `exports.run` handler, and the sweep that removes expired files and finds lost export jobs. */
@Injectable()
export class ExportsProcessor {
  constructor(registry: JobRegistry, relay: OutboxRelay, exports: ExportsService) {
    registry.handle('exports.run', (payload, context) => exports.run(payload.exportId, context.attempt, JOB_CATALOG['exports.run'].attempts));
    relay.sweep('Export sweeper', () => exports.sweep());
  }
}
