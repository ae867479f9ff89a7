import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { OutboxRelay } from '../jobs/outbox-relay';
import { FilesService } from './files.service';

/** Files have no jobs; only a sweep that removes uploads no submission took up. */
@Injectable()
export class FilesProcessor {
  constructor(relay: OutboxRelay, files: FilesService, @Inject(APP_CONFIG) config: AppConfig) {
    // A day's grace makes minutes of precision pointless: once a minute at most.
    relay.sweep('File sweeper', () => files.sweep(), Math.max(config.jobs.sweepIntervalMs, 60_000));
  }
}
