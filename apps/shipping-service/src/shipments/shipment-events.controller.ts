import type { EventData } from '@ecom/contracts';
import { RabbitContext } from '@ecom/rabbit';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { ShipmentsService } from './shipments.service';

/** shipping.service.queue → a shipment per paid order, retried through the seed's retry queue. */
@Controller()
export class ShipmentEventsController {
  constructor(private readonly shipments: ShipmentsService) {}

  @EventPattern('payment.processed.successful')
  onPaymentSucceeded(@Payload() payment: EventData<'payment.processed.successful'>, @Ctx() ctx: RabbitContext): Promise<void> {
    return this.shipments.ship(payment, ctx);
  }
}
