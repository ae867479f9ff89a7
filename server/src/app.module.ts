import { DynamicModule, Global, Module, ValidationPipe } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ProblemFilter } from './common/problem.filter';
import { validationErrors } from './common/validation-errors';
import { APP_CONFIG, AppConfig } from './config/app-config';
import { dataSourceOptions } from './database/data-source';
import { AuditModule } from './modules/audit/audit.module';
import { AuthModule } from './modules/auth/auth.module';
import { FilesModule } from './modules/files/files.module';
import { HealthModule } from './modules/health/health.module';
import { RegionsModule } from './modules/regions/regions.module';
import { SubmissionsModule } from './modules/submissions/submissions.module';
import { ThemesModule } from './modules/themes/themes.module';
import { XlsformModule } from './modules/xlsform/xlsform.module';
import { UsersModule } from './modules/users/users.module';
import { AggregationModule } from './modules/aggregation/aggregation.module';
import { CompletenessModule } from './modules/completeness/completeness.module';
import { JobsModule } from './modules/jobs/jobs.module';
import { NotificationsModule } from './modules/notifications/notifications.module';
import { RemindersModule } from './modules/reminders/reminders.module';
import { WebhooksModule } from './modules/webhooks/webhooks.module';
import { ExportsModule } from './modules/exports/exports.module';
import { ImportsModule } from './modules/imports/imports.module';
import { AlertsModule } from './modules/alerts/alerts.module';

@Global()
@Module({})
class ConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: ConfigModule, providers: [{ provide: APP_CONFIG, useValue: config }], exports: [APP_CONFIG] };
  }
}

/** What the API process runs besides HTTP; nothing unless asked (tests build a bare API). */
export interface ApiOptions {
  /** Job handlers in this process too (`npm start`, and single-machine mode without REDIS_URL). */
  processors?: boolean;
  /** The outbox relay and its sweeps (every real API process). */
  relay?: boolean;
}

/** The HTTP API. `databaseUrl` is resolved by the caller (embedded or DATABASE_URL). */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, databaseUrl: string, options: ApiOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        TypeOrmModule.forRoot(dataSourceOptions(databaseUrl)),
        AuditModule,
        AuthModule,
        RegionsModule,
        UsersModule,
        ThemesModule,
        XlsformModule,
        SubmissionsModule,
        FilesModule,
        HealthModule,
        JobsModule.forRoot(config, { processors: options.processors ?? false, relay: options.relay ?? false }),
        AggregationModule,
        CompletenessModule,
        NotificationsModule,
        RemindersModule,
        WebhooksModule,
        ExportsModule,
        ImportsModule,
        AlertsModule,
      ],
      providers: [
        { provide: APP_FILTER, useClass: ProblemFilter },
        {
          provide: APP_PIPE,
          useValue: new ValidationPipe({
            whitelist: true,
            forbidNonWhitelisted: true,
            transform: true,
            exceptionFactory: validationErrors,
          }),
        },
      ],
    };
  }
}
