import { runService, loadConfig } from '@ecom/service-kit';
import { AppModule } from './app.module';
import { NotificationServiceConfig } from './notification-service.config';

const config = loadConfig(NotificationServiceConfig);
runService(AppModule.forRoot(config), { service: 'notification-service', port: config.NOTIFICATION_SERVICE_PORT }).catch(() =>
  process.exit(1),
);
