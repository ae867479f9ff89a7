import { Module } from '@nestjs/common';
import { RegionsModule } from '../regions/regions.module';
import { ThemesModule } from '../themes/themes.module';
import { CompletenessController } from './completeness.controller';
import { CompletenessRepository } from './completeness.repository';
import { CompletenessService } from './completeness.service';

@Module({
  imports: [ThemesModule, RegionsModule],
  controllers: [CompletenessController],
  providers: [CompletenessRepository, CompletenessService],
  exports: [CompletenessService],
})
export class CompletenessModule {}
