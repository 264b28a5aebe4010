import { serviceModules } from '@ecom/service-kit';
import { Module, type DynamicModule } from '@nestjs/common';
import { notificationMigrations } from './database/notification.migrations';
import type { NotificationServiceConfig } from './notification-service.config';
import { NotificationsModule } from './notifications/notifications.module';

@Module({})
export class AppModule {
  static forRoot(config: NotificationServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ...serviceModules({ service: 'notification-service', config, migrations: notificationMigrations }),
        NotificationsModule,
      ],
    };
  }
}
