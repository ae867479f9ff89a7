import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from './config/app-config';
import { dataSourceOptions } from './database/data-source';

/** The worker process: the same domains as the API, without HTTP. Processors register here. */
@Global()
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: WorkerModule,
      imports: [TypeOrmModule.forRoot(dataSourceOptions(databaseUrl))],
      providers: [{ provide: APP_CONFIG, useValue: config }],
      exports: [APP_CONFIG],
    };
  }
}
