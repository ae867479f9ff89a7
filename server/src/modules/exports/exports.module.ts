import { Module } from '@nestjs/common';
import { AggregationModule } from '../aggregation/aggregation.module';
import { RegionsModule } from '../regions/regions.module';
import { ThemesModule } from '../themes/themes.module';
import { UsersModule } from '../users/users.module';
import { ExportRepository } from './export.repository';
import { ExportsController } from './exports.controller';
import { ExportsProcessor } from './exports.processor';
import { ExportsService } from './exports.service';

/** Results as files: the aggregates CSV/XLSX routes, and exports made by a job (worker). */
@Module({
  imports: [AggregationModule, ThemesModule, RegionsModule, UsersModule],
  controllers: [ExportsController],
  providers: [ExportRepository, ExportsService, ExportsProcessor],
})
export class ExportsModule {}
