import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module';
import { FilesModule } from '../files/files.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { RegionsModule } from '../regions/regions.module';
import { ThemesModule } from '../themes/themes.module';
import { Submission } from './submission.entity';
import { SubmissionRepository } from './submission.repository';
import { SubmissionsController } from './submissions.controller';
import { SubmissionsService } from './submissions.service';

@Module({
  imports: [TypeOrmModule.forFeature([Submission]), ThemesModule, RegionsModule, FilesModule, AuthModule, NotificationsModule],
  controllers: [SubmissionsController],
  providers: [SubmissionRepository, SubmissionsService],
  exports: [SubmissionRepository, SubmissionsService],
})
export class SubmissionsModule {}
