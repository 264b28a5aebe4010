import { Module } from '@nestjs/common';
import { NotificationEventsController } from './notification-events.controller';
import { NotificationsController } from './notifications.controller';
import { NotificationsMetrics } from './notifications.metrics';
import { NotificationsService } from './notifications.service';

@Module({
  controllers: [NotificationsController, NotificationEventsController],
  providers: [NotificationsMetrics, NotificationsService],
})
export class NotificationsModule {}
