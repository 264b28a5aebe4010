import { Module, type DynamicModule } from '@nestjs/common';
import { SimulatedCarrier } from '../carrier/simulated-carrier';
import { ShipmentEventsController } from './shipment-events.controller';
import { ShipmentsController } from './shipments.controller';
import type { CarrierRule } from '../carrier/carrier-schedule';

export interface ShipmentsOptions {
  schedule: CarrierRule[];
}
import { ShipmentsService } from './shipments.service';

@Module({})
export class ShipmentsModule {
  static forRoot(options: ShipmentsOptions): DynamicModule {
    return {
      module: ShipmentsModule,
      controllers: [ShipmentsController, ShipmentEventsController],
      providers: [{ provide: SimulatedCarrier, useValue: new SimulatedCarrier(options.schedule) }, ShipmentsService],
    };
  }
}
