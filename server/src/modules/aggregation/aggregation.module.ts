import { Module } from '@nestjs/common';
import { ThemesModule } from '../themes/themes.module';
import { AggregationEngine } from './aggregation-engine.service';
import { AggregationController } from './aggregation.controller';
import { AggregationProcessor } from './aggregation.processor';
import { AggregationService } from './aggregation.service';
import { RecomputeService } from './recompute.service';

/** Aggregates: the engine and its jobs (worker), and the read API. */
@Module({
  imports: [ThemesModule],
  controllers: [AggregationController],
  providers: [AggregationEngine, AggregationProcessor, AggregationService, RecomputeService],
  exports: [AggregationEngine, AggregationService],
})
export class AggregationModule {}
