import { Module } from '@nestjs/common';
import { NotificationEventsController } from './notification-events.controller';
import { NotificationsController } from './notifications.controller';
import { NotificationsMetrics } from './notifications.metrics';
import { NotificationsService } from './notifications.service';
import { NotificationsStore } from './notifications.store';

@Module({
  controllers: [NotificationsController, NotificationEventsController],
  providers: [
    NotificationsStore,
    NotificationsMetrics,
    NotificationsService,
  ],
})
export class NotificationsModule {}
