import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { JobProducer, JobRequest } from '../jobs/job-producer';
import { JobRegistry } from '../jobs/job-registry';
import { JOBS_OPTIONS, JobsOptions } from '../jobs/jobs.module';
import { OutboxRelay } from '../jobs/outbox-relay';
import { RemindersService } from './reminders.service';


/**
 * Reminder jobs: `reminders.sync` (from every `theme.published` outbox row, and for every theme when
 * a processor process starts, so schedules exist even after Redis lost them) and `reminders.run`
 * (from the schedulers and from run-now).
 */
@Injectable()
export class RemindersProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger('Reminders');

  constructor(
    registry: JobRegistry,
    relay: OutboxRelay,
    private readonly reminders: RemindersService,
    private readonly producer: JobProducer,
    @Inject(JOBS_OPTIONS) private readonly options: JobsOptions,
  ) {
    registry.handle('reminders.sync', async (payload) => {
      await this.reminders.sync(payload.themeId);
    });
    registry.handle('reminders.run', async (payload) => {
      await this.reminders.run(payload.themeId, payload.key, payload.periodKey ?? undefined, payload.regionCode ?? null);
    });
    relay.consume('theme.published', async (rows) => rows.map((row): JobRequest => ({ name: 'reminders.sync', payload: { themeId: row.payload.themeId } })));
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.options.processors) return;
    try {
      const themes = await this.reminders.themesWithReminders();
      await this.producer.enqueueMany(themes.map((themeId): JobRequest => ({ name: 'reminders.sync', payload: { themeId } })));
    } catch (error) {
      // Redis may be away at start; the next publish or start syncs again.
      this.logger.warn(`Reminder schedules not synced at start: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
