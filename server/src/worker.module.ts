import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from './config/app-config';
import { dataSourceOptions } from './database/data-source';
import { AggregationModule } from './modules/aggregation/aggregation.module';
import { AuditModule } from './modules/audit/audit.module';
import { CompletenessModule } from './modules/completeness/completeness.module';
import { JobsModule } from './modules/jobs/jobs.module';
import { NotificationsModule } from './modules/notifications/notifications.module';
import { RemindersModule } from './modules/reminders/reminders.module';
import { WebhooksModule } from './modules/webhooks/webhooks.module';
import { ExportsModule } from './modules/exports/exports.module';
import { ImportsModule } from './modules/imports/imports.module';
import { AlertsModule } from './modules/alerts/alerts.module';

/**
 * The worker process: the same domains as the API, without HTTP. It runs the job handlers; the API
 * relays the outbox and enqueues.
 */
@Global()
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        TypeOrmModule.forRoot(dataSourceOptions(databaseUrl)),
        AuditModule,
        JobsModule.forRoot(config, { processors: true, relay: false }),
        AggregationModule,
        CompletenessModule,
        NotificationsModule,
        RemindersModule,
        WebhooksModule,
        ExportsModule,
        ImportsModule,
        AlertsModule,
      ],
      providers: [{ provide: APP_CONFIG, useValue: config }],
      exports: [APP_CONFIG],
    };
  }
}
