import { Module } from '@nestjs/common';
import { CompletenessModule } from '../completeness/completeness.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { ThemesModule } from '../themes/themes.module';
import { RemindersController } from './reminders.controller';
import { RemindersProcessor } from './reminders.processor';
import { RemindersService } from './reminders.service';

@Module({
  imports: [ThemesModule, CompletenessModule, NotificationsModule],
  controllers: [RemindersController],
  providers: [RemindersService, RemindersProcessor],
})
export class RemindersModule {}
