import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ChangeListenerModule } from '../../database/change-listener.module';
import { AuthModule } from '../auth/auth.module';
import { RegionsModule } from '../regions/regions.module';
import { ThemesModule } from '../themes/themes.module';
import { Submission } from './submission.entity';
import { SubmissionsController } from './submissions.controller';
import { IngestContextService } from './ingest-context.service';
import { SubmissionsService } from './submissions.service';

@Module({
  imports: [TypeOrmModule.forFeature([Submission]), ThemesModule, RegionsModule, ChangeListenerModule, AuthModule],
  controllers: [SubmissionsController],
  providers: [SubmissionsService, IngestContextService],
  exports: [SubmissionsService],
})
export class SubmissionsModule {}
