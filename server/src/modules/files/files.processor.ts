import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { OutboxRelay } from '../jobs/outbox-relay';
import { FilesService } from './files.service';

/** Files have no jobs; only a sweep that removes uploads no submission took up. */
@Injectable()
export class FilesProcessor {
  constructor(relay: OutboxRelay, files: FilesService, @Inject(APP_CONFIG) config: AppConfig) {
    // A day's grace makes minutes of precision pointless, and each pass reads past every file kept:
    // once an hour, as the other pruning sweeps.
    relay.sweep('File sweeper', () => files.sweep(), Math.max(config.jobs.sweepIntervalMs, 3_600_000));
  }
}
