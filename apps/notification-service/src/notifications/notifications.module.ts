import { DATABASE } from '@ecom/service-kit';
import type { Kysely } from 'kysely';
import { Module } from '@nestjs/common';
import type { NotificationDatabase } from '../database/notification.tables';
import { NotificationEventsController } from './notification-events.controller';
import { NotificationsController } from './notifications.controller';
import { NotificationsMetrics } from './notifications.metrics';
import { NotificationsService } from './notifications.service';
import { NotificationsStore } from './notifications.store';

@Module({
  controllers: [NotificationsController, NotificationEventsController],
  providers: [
    { provide: NotificationsStore, inject: [DATABASE], useFactory: (db: Kysely<NotificationDatabase>) => new NotificationsStore(db) },
    NotificationsMetrics,
    NotificationsService,
  ],
})
export class NotificationsModule {}
