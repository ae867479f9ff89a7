import { Module } from '@nestjs/common';
import { ThemesModule } from '../themes/themes.module';
import { CompletenessController } from './completeness.controller';
import { CompletenessService } from './completeness.service';

@Module({
  imports: [ThemesModule],
  controllers: [CompletenessController],
  providers: [CompletenessService],
  exports: [CompletenessService],
})
export class CompletenessModule {}
