import { Module } from '@nestjs/common';
import { RegionsModule } from '../regions/regions.module';
import { SubmissionsModule } from '../submissions/submissions.module';
import { ThemesModule } from '../themes/themes.module';
import { AggregationEngine } from './aggregation-engine.service';
import { AggregationController } from './aggregation.controller';
import { AggregationProcessor } from './aggregation.processor';
import { AggregationRepository } from './aggregation.repository';
import { AggregationService } from './aggregation.service';
import { RecomputeService } from './recompute.service';

/** Aggregates: the engine and its jobs (worker), and the read API. */
@Module({
  imports: [ThemesModule, RegionsModule, SubmissionsModule],
  controllers: [AggregationController],
  providers: [AggregationRepository, AggregationEngine, AggregationProcessor, AggregationService, RecomputeService],
  exports: [AggregationEngine, AggregationService],
})
export class AggregationModule {}
