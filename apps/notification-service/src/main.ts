import { runService, loadConfig, installOpenApi } from '@ecom/service-kit';
import { AppModule } from './app.module';
import { NotificationServiceConfig } from './notification-service.config';
import { notificationServiceOpenApi } from './openapi/notification-service.openapi';

const config = loadConfig(NotificationServiceConfig);
runService(AppModule.forRoot(config), { service: 'notification-service', port: config.NOTIFICATION_SERVICE_PORT, configure: (app) => installOpenApi(app, notificationServiceOpenApi()) }).catch(() =>
  process.exit(1),
);
