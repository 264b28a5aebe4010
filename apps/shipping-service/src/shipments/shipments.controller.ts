import { Controller, Get, NotFoundException, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { parseLimitOffset } from '@ecom/service-kit';
import { ShipmentsService } from './shipments.service';

/** Read API: the shipment of each order, with its failed carrier calls. */
@Controller('shipments')
export class ShipmentsController {
  constructor(private readonly shipments: ShipmentsService) {}

  @Get()
  async list(@Query('orderId') orderId?: string, @Query('limit') limit?: string, @Query('offset') offset?: string) {
    if (orderId) {
      const shipment = await this.shipments.findByOrder(orderId);
      return shipment ? [shipment] : [];
    }
    const page = parseLimitOffset(limit, offset);
    return this.shipments.list(page.limit, page.offset);
  }

  @Get(':orderId')
  async get(@Param('orderId', new ParseUUIDPipe()) orderId: string) {
    const shipment = await this.shipments.findByOrder(orderId);
    if (!shipment) throw new NotFoundException(`no shipment for order ${orderId}`);
    return shipment;
  }
}
