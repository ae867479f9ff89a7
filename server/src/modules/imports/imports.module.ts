import { Module } from '@nestjs/common';
import { RegionsModule } from '../regions/regions.module';
import { SubmissionsModule } from '../submissions/submissions.module';
import { ThemesModule } from '../themes/themes.module';
import { UsersModule } from '../users/users.module';
import { ImportRepository } from './import.repository';
import { ImportsController } from './imports.controller';
import { ImportsProcessor } from './imports.processor';
import { ImportsService } from './imports.service';

/** Moving in: import templates, and imports of spreadsheets and Kobo/ODK exports run by a job. */
@Module({
  imports: [SubmissionsModule, ThemesModule, RegionsModule, UsersModule],
  controllers: [ImportsController],
  providers: [ImportRepository, ImportsService, ImportsProcessor],
})
export class ImportsModule {}
