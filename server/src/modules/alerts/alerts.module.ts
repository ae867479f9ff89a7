import { Module } from '@nestjs/common';
import { AggregationModule } from '../aggregation/aggregation.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { ThemesModule } from '../themes/themes.module';
import { AlertRepository } from './alert.repository';
import { AlertsController } from './alerts.controller';
import { AlertsProcessor } from './alerts.processor';
import { AlertsService } from './alerts.service';

/** Early warning: rules evaluated by the workers when the cells they watch change, and the alerts API. */
@Module({
  imports: [ThemesModule, AggregationModule, NotificationsModule],
  controllers: [AlertsController],
  providers: [AlertRepository, AlertsService, AlertsProcessor],
})
export class AlertsModule {}
