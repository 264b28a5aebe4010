import { DATABASE } from '@ecom/service-kit';
import type { Kysely } from 'kysely';
import { Module, type DynamicModule } from '@nestjs/common';
import { CarrierController } from '../carrier/carrier.controller';
import type { CarrierRule } from '../carrier/carrier-schedule';
import { SimulatedCarrier } from '../carrier/simulated-carrier';
import type { ShippingDatabase } from '../database/shipping.tables';
import { ShipmentEventsController } from './shipment-events.controller';
import { ShipmentsController } from './shipments.controller';
import { ShipmentsMetrics } from './shipments.metrics';
import { ShipmentsService } from './shipments.service';
import { ShipmentsStore } from './shipments.store';

export interface ShipmentsOptions {
  schedule: CarrierRule[];
}

@Module({})
export class ShipmentsModule {
  static forRoot(options: ShipmentsOptions): DynamicModule {
    return {
      module: ShipmentsModule,
      controllers: [ShipmentsController, ShipmentEventsController, CarrierController],
      providers: [
        { provide: SimulatedCarrier, inject: [DATABASE], useFactory: (db: Kysely<ShippingDatabase>) => new SimulatedCarrier(options.schedule, db) },
        ShipmentsStore,
        ShipmentsMetrics,
        ShipmentsService,
      ],
    };
  }
}
