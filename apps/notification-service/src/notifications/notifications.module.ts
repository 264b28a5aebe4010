import { Module } from '@nestjs/common';
import { NotificationEventsController } from './notification-events.controller';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';

@Module({
  controllers: [NotificationsController, NotificationEventsController],
  providers: [NotificationsService],
})
export class NotificationsModule {}
