import { Module } from '@nestjs/common';
import { ThemesModule } from '../themes/themes.module';
import { NotificationRepository } from './notification.repository';
import { NotificationsController } from './notifications.controller';
import { NotificationsProcessor } from './notifications.processor';
import { NotificationsService } from './notifications.service';

@Module({
  imports: [ThemesModule],
  controllers: [NotificationsController],
  providers: [NotificationRepository, NotificationsService, NotificationsProcessor],
  exports: [NotificationsService],
})
export class NotificationsModule {}
