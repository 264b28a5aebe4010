import { serviceModules } from '@ecom/service-kit';
import { Module, type DynamicModule } from '@nestjs/common';
import { parseCarrierSchedule } from './carrier/carrier-schedule';
import { shippingMigrations } from './database/shipping.migrations';
import type { ShippingServiceConfig } from './shipping-service.config';
import { ShipmentsModule } from './shipments/shipments.module';

@Module({})
export class AppModule {
  static forRoot(config: ShippingServiceConfig): DynamicModule {
    const retryDelaysMs = Array.from({ length: config.SHIPPING_MAX_RETRIES }, () => config.SHIPPING_RETRY_DELAY_MS);
    return {
      module: AppModule,
      imports: [
        ...serviceModules({ service: 'shipping-service', config, migrations: shippingMigrations, retryDelaysMs }),
        ShipmentsModule.forRoot({ schedule: parseCarrierSchedule(config.CARRIER_SCHEDULE) }),
      ],
    };
  }
}
